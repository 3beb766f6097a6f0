//! extendConfig: how a feature maps onto a device protocol (Modbus, OPC UA or custom), and the
//! document that exports all of a product's mappings (`QueryThingModelExtendConfig`).
//!
//! Models keep each extendConfig as the JSON it was given, so that nothing in it is lost on
//! the way through; these types describe it for the schema and for reading it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One feature's protocol mapping. / 物模型扩展描述。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ExtendConfig {
    /// Modbus (properties only). / Modbus 扩展描述（仅属性）。
    Modbus(ModbusConfig),
    /// OPC UA (properties, services, events). / OPC UA 扩展描述。
    OpcUa(OpcUaConfig),
    /// Custom JSON (properties, services, events). / 自定义扩展描述。
    Custom(CustomConfig),
}

/// Which protocol an extendConfig is for, told by the fields it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtendConfigKind {
    Modbus,
    OpcUa,
    Custom,
}

impl ExtendConfigKind {
    /// Tells the kind from an extendConfig object's fields.
    pub fn of(value: &Value) -> Option<ExtendConfigKind> {
        Self::of_object(value.as_object()?)
    }

    /// [`ExtendConfigKind::of`] for an object.
    pub fn of_object(obj: &serde_json::Map<String, Value>) -> Option<ExtendConfigKind> {
        if obj.contains_key("customize") {
            Some(ExtendConfigKind::Custom)
        } else if ["registerAddress", "operateType", "originalDataType", "writeFunctionCode"].iter().any(|k| obj.contains_key(*k)) {
            Some(ExtendConfigKind::Modbus)
        } else if ["displayName", "inputData", "outputData"].iter().any(|k| obj.contains_key(*k)) {
            Some(ExtendConfigKind::OpcUa)
        } else {
            None
        }
    }
}

/// Modbus register mapping of a property. / Modbus 扩展描述。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ModbusConfig {
    /// The property's identifier. / 属性标识符。
    pub identifier: String,
    /// Register address, `0x0`-`0xFFFF`. / 寄存器地址，以0x开头，0x0~0xFFFF。
    #[schemars(regex(pattern = r"^0[xX][0-9A-Fa-f]{1,4}$"))]
    pub register_address: String,
    /// Operation type. / 操作类型。
    pub operate_type: OperateType,
    /// Function code: coilStatus 0/5/6/15, inputStatus 0, holdingRegister 0/6/16, inputRegister 0. / 读写操作功能码。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("enum" = [0, 5, 6, 15, 16]))]
    pub write_function_code: Option<i64>,
    /// 1: write only (only with a non-zero writeFunctionCode). / 是否只写。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("enum" = [0, 1]))]
    pub write_only: Option<i64>,
    /// Scaling factor, not 0; not for string or bool. / 缩放因子，不能为0。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scaling: Option<f64>,
    /// Polling interval in ms. / 采集间隔（毫秒）。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub polling_time: Option<i64>,
    /// 1: report periodically; 2: report on change. / 数据上报方式：1按时，2变更。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("enum" = [1, 2]))]
    pub trigger: Option<i64>,
    /// Bool only: a power of two, 1..32768. / 掩码（仅 bool）。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bit_mask: Option<i64>,
    /// The register's own data type. / 原始数据类型。
    pub original_data_type: OriginalDataType,
}

/// Modbus `operateType`. / 操作类型。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum OperateType {
    /// Coil status. / 线圈状态。
    CoilStatus,
    /// Discrete input. / 离散量输入。
    InputStatus,
    /// Holding register. / 保持寄存器。
    HoldingRegister,
    /// Input register. / 输入寄存器。
    InputRegister,
}

impl OperateType {
    /// The writeFunctionCode values this operation type allows.
    pub fn function_codes(self) -> &'static [i64] {
        match self {
            OperateType::CoilStatus => &[0, 5, 6, 15],
            OperateType::InputStatus | OperateType::InputRegister => &[0],
            OperateType::HoldingRegister => &[0, 6, 16],
        }
    }

    /// Reads the camelCase name.
    pub fn parse(s: &str) -> Option<OperateType> {
        serde_json::from_value(Value::String(s.into())).ok()
    }
}

/// Modbus `originalDataType`. / 原始数据类型。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OriginalDataType {
    /// Register data type. / 原始数据类型。
    #[serde(rename = "type")]
    #[schemars(extend("enum" = ["int16", "uint16", "int32", "uint32", "int64", "uint64", "float", "double", "string", "bool", "customized data"]))]
    pub data_type: String,
    /// `registerCount` (string, customized data) or `swap`/`reverseRegister` (the others). / 类型特有参数。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specs: Option<OriginalSpecs>,
}

/// `originalDataType.specs`. / 原始数据类型参数。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OriginalSpecs {
    /// Number of registers (string, customized data). / 寄存器的数据个数。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub register_count: Option<i64>,
    /// Swap the bytes in each register (0/1). / 是否交换寄存器内高低字节。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("enum" = [0, 1]))]
    pub swap: Option<i64>,
    /// Swap register order (0/1). / 是否交换寄存器顺序。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("enum" = [0, 1]))]
    pub reverse_register: Option<i64>,
}

/// OPC UA node mapping. / OPC UA 扩展描述。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OpcUaConfig {
    /// The feature's identifier. / 功能标识符。
    pub identifier: String,
    /// Node display name (properties and events). / 显示名称（属性、事件需要）。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Input data; `""` is read as an empty list. / 输入数据。
    #[serde(default, deserialize_with = "super::lenient::list_or_empty_string", skip_serializing_if = "Vec::is_empty")]
    #[schemars(schema_with = "super::lenient::list_or_empty_string_schema::<OpcUaIndex>")]
    pub input_data: Vec<OpcUaIndex>,
    /// Output data; `""` is read as an empty list. / 输出数据。
    #[serde(default, deserialize_with = "super::lenient::list_or_empty_string", skip_serializing_if = "Vec::is_empty")]
    #[schemars(schema_with = "super::lenient::list_or_empty_string_schema::<OpcUaIndex>")]
    pub output_data: Vec<OpcUaIndex>,
}

/// An OPC UA argument position. / 输入输出数据索引。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OpcUaIndex {
    /// Parameter identifier. / 参数标识符。
    pub identifier: String,
    /// Index, unique within its list. / 索引，不能重复。
    pub index: i64,
}

/// Custom mapping: any JSON. / 自定义扩展描述。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CustomConfig {
    /// The feature's identifier. / 功能标识符。
    pub identifier: String,
    /// Any JSON object. / 自定义JSON。
    pub customize: serde_json::Map<String, Value>,
}

/// `QueryThingModelExtendConfig`'s `Configuration`: every feature's extendConfig. / 物模型扩展描述配置。
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "Alibaba Cloud IoT thing-model extendConfig export (物模型扩展描述)")]
pub struct ExtendConfigDocument {
    /// Product. / 产品。
    #[serde(default)]
    pub profile: ExtendProfile,
    /// Properties' mappings. / 属性的扩展描述。
    #[serde(default)]
    #[schemars(with = "Vec<ExtendConfig>")]
    pub properties: Vec<Value>,
    /// Services' mappings. / 服务的扩展描述。
    #[serde(default)]
    #[schemars(with = "Vec<ExtendConfig>")]
    pub services: Vec<Value>,
    /// Events' mappings. / 事件的扩展描述。
    #[serde(default)]
    #[schemars(with = "Vec<ExtendConfig>")]
    pub events: Vec<Value>,
}

/// The export's `profile`. / 产品信息。
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExtendProfile {
    /// ProductKey. / 产品的 ProductKey。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_key: Option<String>,
}
