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
    /// Services. / 服务能力。
    pub service_capabilities: Vec<Service>,
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
    /// Properties. / 属性。
    #[serde(default)]
    pub properties: Vec<Property>,
    /// Commands. / 命令。
    #[serde(default)]
    pub commands: Vec<Command>,
    /// Events. / 事件。
    #[serde(default)]
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
}

/// A data type with its constraints: the fields properties and parameters share.
/// / 数据类型及其约束（属性与参数共有）。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ValueSpec {
    /// Data type. / 数据类型。
    pub data_type: DataType,
    /// Allowed values of a string. / 枚举值。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enum_list: Option<Vec<String>>,
    /// Minimum. / 最小值。
    #[serde(default, deserialize_with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub min: Option<String>,
    /// Maximum. / 最大值。
    #[serde(default, deserialize_with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub max: Option<String>,
    /// Maximum length of a string. / 字符串最大长度。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// Step. / 步长。
    #[serde(default, deserialize_with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
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
    /// `R`, `W`, `RW` or `E`. / 访问方式。
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
    /// Parameters. / 下发参数。
    #[serde(default)]
    pub paras: Vec<Para>,
    /// Responses. / 响应。
    #[serde(default)]
    pub responses: Vec<Response>,
}

/// A command's response. / 命令响应。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Response {
    /// Response name. / 响应名称。
    pub response_name: String,
    /// Parameters. / 响应参数。
    #[serde(default)]
    pub paras: Vec<Para>,
}

/// An event. / 事件。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Event {
    /// Event type (its identifier). / 事件类型。
    #[schemars(regex(pattern = r"^[A-Za-z0-9_\-]{1,64}$"))]
    pub event_type: String,
    /// Parameters. / 事件参数。
    #[serde(default)]
    pub paras: Vec<Para>,
}
