//! Huawei Cloud IoTDA product models (产品模型): services, each with properties, commands and
//! events. Bounds are strings (`"min": "0"`), as the IoTDA API writes them.

use super::lenient;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A Huawei IoTDA product model. / 华为云 IoTDA 产品模型。
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields, title = "Huawei Cloud IoTDA product model (产品模型)")]
pub struct ProductModel {
    /// Product ID. / 产品 ID。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_id: Option<String>,
    /// Product name. / 产品名称。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Device type. / 设备类型。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_type: Option<String>,
    /// Description. / 描述。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The product's own fields (CreateProduct's and ShowProduct's), which product models
    /// exported with their product carry; only a product model holds them. / 产品信息。
    #[serde(flatten)]
    pub product: ProductFields,
    /// The device's operation and maintenance capabilities (`omCapability`: software and
    /// firmware upgrade, configuration update), which only the console's product model package
    /// (`devicetype-capability.json`) holds; kept as written. / 设备的运维能力（离线产品模型）。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub om_capability: Option<serde_json::Value>,
    /// Services. / 服务能力。
    pub service_capabilities: Vec<Service>,
}

/// CreateProduct's fields besides `name`, `device_type`, `description` and `product_id`: known,
/// so that a product model exported with its product gets no "unknown field" warning; the
/// other formats have no place for them, and conversions to them report each one lost.
/// / 产品的其他字段。
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ProductFields {
    /// Resource space (application) ID. / 资源空间 ID。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_id: Option<String>,
    /// Resource space name. / 资源空间名称。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_name: Option<String>,
    /// Protocol: `MQTT`, `CoAP`, `HTTP`, `HTTPS`, `Modbus`, `OPC-UA`, `Other`… / 协议类型。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol_type: Option<String>,
    /// `json` or `binary`. / 数据格式。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_format: Option<String>,
    /// Manufacturer name. / 厂商名称。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manufacturer_name: Option<String>,
    /// Manufacturer ID. / 厂商 ID。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manufacturer_id: Option<String>,
    /// Industry. / 所属行业。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    /// When the product was created (`yyyyMMdd'T'HHmmss'Z'`). / 创建时间。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_time: Option<String>,
    /// The device model, which the console's product model package (`devicetype-capability.json`)
    /// requires. / 设备型号（离线产品模型）。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
}

impl ProductFields {
    /// Each field that is set, as `(name, value)`, in declaration order.
    pub fn present(&self) -> Vec<(&'static str, &str)> {
        [
            ("app_id", &self.app_id),
            ("app_name", &self.app_name),
            ("protocol_type", &self.protocol_type),
            ("data_format", &self.data_format),
            ("manufacturer_name", &self.manufacturer_name),
            ("manufacturer_id", &self.manufacturer_id),
            ("industry", &self.industry),
            ("create_time", &self.create_time),
            ("model", &self.model),
        ]
        .into_iter()
        .filter_map(|(name, value)| Some((name, value.as_deref()?)))
        .collect()
    }

    /// Sets a field by its name; `false` for a name that is none of them.
    pub fn set(&mut self, name: &str, value: String) -> bool {
        let slot = match name {
            "app_id" => &mut self.app_id,
            "app_name" => &mut self.app_name,
            "protocol_type" => &mut self.protocol_type,
            "data_format" => &mut self.data_format,
            "manufacturer_name" => &mut self.manufacturer_name,
            "manufacturer_id" => &mut self.manufacturer_id,
            "industry" => &mut self.industry,
            "create_time" => &mut self.create_time,
            "model" => &mut self.model,
            _ => return false,
        };
        *slot = Some(value);
        true
    }
}

/// A service: a group of properties, commands and events. / 服务。
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Service {
    /// Service ID, 1-64 characters. / 服务 ID。
    #[schemars(regex(pattern = r"^[A-Za-z0-9_\-]{1,64}$"))]
    pub service_id: String,
    /// Service type. / 服务类型。
    #[serde(default)]
    pub service_type: String,
    /// Description. / 描述。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `Master`, `Mandatory` or `Optional`. / 服务选项。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub option: Option<String>,
    /// Properties; `null` is none. / 属性。
    #[serde(default, deserialize_with = "lenient::list_or_null")]
    #[schemars(with = "Option<Vec<Property>>")]
    pub properties: Vec<Property>,
    /// Commands; `null` is none. / 命令。
    #[serde(default, deserialize_with = "lenient::list_or_null")]
    #[schemars(with = "Option<Vec<Command>>")]
    pub commands: Vec<Command>,
    /// Events; `null` is none. / 事件。
    #[serde(default, deserialize_with = "lenient::list_or_null")]
    #[schemars(with = "Option<Vec<Event>>")]
    pub events: Vec<Event>,
}

/// Data types. / 数据类型。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum DataType {
    #[serde(rename = "int")]
    Int,
    #[serde(rename = "long")]
    Long,
    #[serde(rename = "decimal")]
    Decimal,
    #[serde(rename = "string")]
    String,
    #[serde(rename = "DateTime")]
    DateTime,
    #[serde(rename = "jsonObject")]
    JsonObject,
    #[serde(rename = "string list")]
    StringList,
}

/// How a property is accessed. / 访问方式。
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Method {
    #[serde(rename = "R")]
    Read,
    #[serde(rename = "W")]
    Write,
    #[default]
    #[serde(rename = "RW")]
    ReadWrite,
    /// Executable. / 可执行。
    #[serde(rename = "E")]
    Execute,
    /// Read, and reported in events too. / 可读，并随事件上报。
    #[serde(rename = "RE")]
    ReadEvent,
    /// Write, and reported in events too. / 可写，并随事件上报。
    #[serde(rename = "WE")]
    WriteEvent,
    /// Read-write, and reported in events too. / 可读写，并随事件上报。
    #[serde(rename = "RWE")]
    ReadWriteEvent,
}

impl Method {
    /// The method's name as a product model writes it (`RWE`).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Read => "R",
            Method::Write => "W",
            Method::ReadWrite => "RW",
            Method::Execute => "E",
            Method::ReadEvent => "RE",
            Method::WriteEvent => "WE",
            Method::ReadWriteEvent => "RWE",
        }
    }

    /// Reads a method's name; `None` for anything else.
    pub fn parse(name: &str) -> Option<Method> {
        serde_json::from_value(serde_json::Value::String(name.to_string())).ok()
    }
}

/// A data type with its constraints: the fields properties and parameters share.
/// / 数据类型及其约束（属性与参数共有）。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ValueSpec {
    /// Data type. / 数据类型。
    pub data_type: DataType,
    /// Allowed values of a string; `null` (as the console writes it) is none. / 枚举值。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enum_list: Option<Vec<String>>,
    /// Minimum, as text (the API's form) or as a number (the console's product model
    /// package writes `"min": 0`). / 最小值。
    #[serde(default, deserialize_with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<lenient::NumberOrText>")]
    pub min: Option<String>,
    /// Maximum, as text or as a number (as `min`). / 最大值。
    #[serde(default, deserialize_with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<lenient::NumberOrText>")]
    pub max: Option<String>,
    /// Maximum length of a string. / 字符串最大长度。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// Step, as text or as a number (every Huawei example writes `"step": 1`); the number 0,
    /// which the console writes when none was set, is read as absent. / 步长。
    #[serde(default, deserialize_with = "lenient::opt_step", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<lenient::NumberOrText>")]
    pub step: Option<String>,
    /// Unit. / 单位。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

impl ValueSpec {
    /// The data type with no constraints.
    pub fn of(data_type: DataType) -> Self {
        ValueSpec { data_type, enum_list: None, min: None, max: None, max_length: None, step: None, unit: None }
    }
}

/// A property. / 属性。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Property {
    /// Property name, 1-64 characters. / 属性名称。
    #[schemars(regex(pattern = r"^[A-Za-z0-9_\-]{1,64}$"))]
    pub property_name: String,
    /// The data type and its constraints. / 数据类型及其约束。
    #[serde(flatten)]
    pub spec: ValueSpec,
    /// Required. / 是否必选。
    #[serde(default)]
    pub required: bool,
    /// `R`, `W`, `RW`, `E`, or `RE`, `WE`, `RWE` (the property is reported in events too). / 访问方式。
    #[serde(default)]
    pub method: Method,
    /// Description. / 描述。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Default value. / 默认值。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_value: Option<serde_json::Value>,
}

/// A parameter of a command, response or event. / 参数。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Para {
    /// Parameter name, 1-64 characters. / 参数名称。
    #[schemars(regex(pattern = r"^[A-Za-z0-9_\-]{1,64}$"))]
    pub para_name: String,
    /// The data type and its constraints. / 数据类型及其约束。
    #[serde(flatten)]
    pub spec: ValueSpec,
    /// Required. / 是否必选。
    #[serde(default)]
    pub required: bool,
    /// Description. / 描述。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A command. / 命令。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Command {
    /// Command name. / 命令名称。
    #[schemars(regex(pattern = r"^[A-Za-z0-9_\-]{1,64}$"))]
    pub command_name: String,
    /// Parameters; `null` is none. / 下发参数。
    #[serde(default, deserialize_with = "lenient::list_or_null")]
    #[schemars(with = "Option<Vec<Para>>")]
    pub paras: Vec<Para>,
    /// Responses; `null` is none. / 响应。
    #[serde(default, deserialize_with = "lenient::list_or_null")]
    #[schemars(with = "Option<Vec<Response>>")]
    pub responses: Vec<Response>,
}

/// A command's response. / 命令响应。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Response {
    /// Response name. / 响应名称。
    pub response_name: String,
    /// Parameters; `null` is none. / 响应参数。
    #[serde(default, deserialize_with = "lenient::list_or_null")]
    #[schemars(with = "Option<Vec<Para>>")]
    pub paras: Vec<Para>,
}

/// An event. / 事件。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Event {
    /// Event type (its identifier). / 事件类型。
    #[schemars(regex(pattern = r"^[A-Za-z0-9_\-]{1,64}$"))]
    pub event_type: String,
    /// Parameters; `null` is none. / 事件参数。
    #[serde(default, deserialize_with = "lenient::list_or_null")]
    #[schemars(with = "Option<Vec<Para>>")]
    pub paras: Vec<Para>,
}
