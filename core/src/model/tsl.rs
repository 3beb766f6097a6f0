//! TSL (Thing Specification Language): the thing-model document users import and export.

use super::data_type::DataType;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The schema URL Alibaba's TSL exports carry.
pub const TSL_SCHEMA_URL: &str = "https://iotx-tsl.oss-ap-southeast-1.aliyuncs.com/schema.json";

/// A feature, parameter or member identifier: letters, digits and underscores, 1–50.
#[derive(JsonSchema)]
#[schemars(
    description = "Identifier: 1-50 letters, digits or underscores; not set, get, post, property, event, time or value. / 标识符：字母、数字、下划线，不超过50个字符。"
)]
#[allow(dead_code)]
pub(crate) struct Identifier(#[schemars(regex(pattern = r"^[A-Za-z0-9_]{1,50}$"))] String);

/// A TSL document: a product's properties, events and services, of the default module or of
/// one custom module (function block). / 物模型 TSL。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields, title = "Alibaba Cloud IoT TSL (物模型 TSL)")]
pub struct Tsl {
    /// The TSL schema URL. / TSL 的 schema 地址。
    #[serde(rename = "schema", default, skip_serializing_if = "Option::is_none")]
    pub schema_url: Option<String>,
    /// Product information. / 产品信息。
    #[serde(default)]
    pub profile: Profile,
    /// Custom module identifier, on a custom module's export. / 自定义模块标识符。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[A-Za-z0-9_]{1,30}$"))]
    pub function_block_id: Option<String>,
    /// Custom module name, 4-30 characters. / 自定义模块名称。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function_block_name: Option<String>,
    /// The product's custom modules, on a default-module export. / 自定义模块列表。
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub function_blocks: Vec<FunctionBlock>,
    /// Properties. / 属性。
    #[serde(default)]
    pub properties: Vec<Property>,
    /// Events, including the platform-generated `post`. / 事件。
    #[serde(default)]
    pub events: Vec<Event>,
    /// Services, including the platform-generated `set` and `get`. / 服务。
    #[serde(default)]
    pub services: Vec<Service>,
}

/// `profile`. / 产品信息。
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct Profile {
    /// Thing-model version. / 物模型版本。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The product's ProductKey. / 产品的 ProductKey。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_key: Option<String>,
}

/// A custom module listed by a default-module export. / 自定义模块。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct FunctionBlock {
    /// Custom module identifier, 1-30 letters, digits or underscores. / 自定义模块标识符。
    #[schemars(regex(pattern = r"^[A-Za-z0-9_]{1,30}$"))]
    pub function_block_id: String,
    /// Custom module name, 4-30 characters. / 自定义模块名称。
    pub function_block_name: String,
    /// ProductKey. / 产品的 ProductKey。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_key: Option<String>,
    /// The module's description, as the platform writes it. / 自定义模块描述。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// When the module was created, epoch milliseconds, as the platform writes it. / 创建时间（毫秒）。
    #[serde(default, deserialize_with = "super::lenient::opt_i64", skip_serializing_if = "Option::is_none")]
    pub gmt_created: Option<i64>,
}

/// Whether the cloud may set a property. / 读写类型。
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum AccessMode {
    /// Read and write. / 读写。
    #[default]
    #[serde(rename = "rw")]
    ReadWrite,
    /// Read only. / 只读。
    #[serde(rename = "r")]
    ReadOnly,
}

/// A property: state the device reports or accepts. / 属性。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct Property {
    /// Property identifier. / 属性标识符。
    #[schemars(with = "Identifier")]
    pub identifier: String,
    /// Name: CJK, letters, digits, `-`, `_`, `.`; at most 30 characters. / 属性名称。
    #[serde(default)]
    pub name: String,
    /// `rw` (read-write) or `r` (read-only). / 读写类型。
    #[serde(default)]
    pub access_mode: AccessMode,
    /// Whether the category requires it. / 是否是标准品类的必选属性。
    #[serde(default)]
    pub required: bool,
    /// Description. / 描述。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desc: Option<String>,
    /// Data type. / 数据类型。
    pub data_type: DataType,
}

/// Event type. / 事件类型。
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum EventType {
    /// Information. / 信息。
    #[default]
    Info,
    /// Alert. / 告警。
    Alert,
    /// Fault. / 故障。
    Error,
}

/// An event the device announces. / 事件。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct Event {
    /// Event identifier. / 事件标识符。
    #[schemars(with = "Identifier")]
    pub identifier: String,
    /// Event name. / 事件名称。
    #[serde(default)]
    pub name: String,
    /// `info`, `alert` or `error`. / 事件类型。
    #[serde(rename = "type", default)]
    pub event_type: EventType,
    /// Whether the category requires it. / 是否必选。
    #[serde(default)]
    pub required: bool,
    /// Description. / 描述。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desc: Option<String>,
    /// `thing.event.{identifier}.post` (`thing.event.property.post` for `post`). / 方法名。
    #[serde(default)]
    #[schemars(regex(pattern = r"^thing\.event\.[A-Za-z0-9_]{1,50}\.post$"))]
    pub method: String,
    /// Output parameters. / 输出参数。
    #[serde(default)]
    pub output_data: Vec<Param>,
}

/// How a service is called. / 调用方式。
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CallType {
    /// Asynchronous. / 异步调用。
    #[default]
    Async,
    /// Synchronous. / 同步调用。
    Sync,
}

/// A service the device accepts. / 服务。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct Service {
    /// Service identifier. / 服务标识符。
    #[schemars(with = "Identifier")]
    pub identifier: String,
    /// Service name. / 服务名称。
    #[serde(default)]
    pub name: String,
    /// Whether the category requires it. / 是否必选。
    #[serde(default)]
    pub required: bool,
    /// `async` or `sync`. / 调用方式。
    #[serde(default)]
    pub call_type: CallType,
    /// Description. / 描述。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desc: Option<String>,
    /// `thing.service.{identifier}` (`thing.service.property.set`/`get` for `set`/`get`). / 方法名。
    #[serde(default)]
    #[schemars(regex(pattern = r"^thing\.service\.[A-Za-z0-9_.]{1,64}$"))]
    pub method: String,
    /// Input parameters; for the generated `get`, property identifiers. / 输入参数。
    #[serde(default)]
    pub input_data: Vec<InputItem>,
    /// Output parameters. / 输出参数。
    #[serde(default)]
    pub output_data: Vec<Param>,
}

/// An entry of a service's `inputData`: a parameter, or (only in the generated `get`) the
/// identifier of a property to read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum InputItem {
    /// A parameter.
    Param(Param),
    /// A property identifier (the generated `get` service only).
    Identifier(String),
}

/// A parameter of an event or service. / 参数。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct Param {
    /// Parameter identifier. / 参数标识符。
    #[schemars(with = "Identifier")]
    pub identifier: String,
    /// Parameter name. / 参数名称。
    #[serde(default)]
    pub name: String,
    /// Data type. / 数据类型。
    pub data_type: DataType,
}

/// The platform-generated features: identifiers and the methods they use.
pub mod generated {
    /// The event that reports every property.
    pub const POST: &str = "post";
    /// The service that sets read-write properties.
    pub const SET: &str = "set";
    /// The service that reads properties.
    pub const GET: &str = "get";
    /// `post`'s method.
    pub const POST_METHOD: &str = "thing.event.property.post";
    /// `set`'s method.
    pub const SET_METHOD: &str = "thing.service.property.set";
    /// `get`'s method.
    pub const GET_METHOD: &str = "thing.service.property.get";

    /// The method an event with this identifier has.
    pub fn event_method(identifier: &str) -> String {
        if identifier == POST { POST_METHOD.into() } else { format!("thing.event.{identifier}.post") }
    }

    /// The method a service with this identifier has.
    pub fn service_method(identifier: &str) -> String {
        match identifier {
            SET => SET_METHOD.into(),
            GET => GET_METHOD.into(),
            _ => format!("thing.service.{identifier}"),
        }
    }
}
