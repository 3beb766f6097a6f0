//! Tencent Cloud IoT Explorer data templates (数据模板): the product model of IoT Explorer.
//! Numbers are written as strings (`"min": "0"`), as the console exports them.

use super::data_type::Labels;
use super::lenient;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A Tencent IoT Explorer data template. / 腾讯云物联网开发平台数据模板。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields, title = "Tencent IoT Explorer data template (数据模板)")]
pub struct DataTemplate {
    /// Template version, `1.0`. / 版本。
    pub version: String,
    /// Product information. / 产品信息。
    pub profile: Profile,
    /// Properties. / 属性。
    #[serde(default)]
    pub properties: Vec<Property>,
    /// Events. / 事件。
    #[serde(default)]
    pub events: Vec<Event>,
    /// Actions. / 行为。
    #[serde(default)]
    pub actions: Vec<Action>,
}

/// `profile`. / 产品信息。
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Profile {
    /// Product ID. / 产品 ID。
    #[serde(rename = "ProductId", default)]
    pub product_id: String,
    /// Category ID. / 品类 ID。
    #[serde(rename = "CategoryId", default, skip_serializing_if = "Option::is_none")]
    pub category_id: Option<String>,
}

/// Whether a property may be written. / 读写类型。
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Mode {
    /// Read-write. / 读写。
    #[default]
    #[serde(rename = "rw")]
    ReadWrite,
    /// Read-only. / 只读。
    #[serde(rename = "r")]
    ReadOnly,
}

/// A property. / 属性。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Property {
    /// Identifier: letters, digits and underscores, starting with a letter or underscore. / 标识符。
    #[schemars(regex(pattern = r"^[A-Za-z_][A-Za-z0-9_]{0,63}$"))]
    pub id: String,
    /// Name. / 名称。
    #[serde(default)]
    pub name: String,
    /// Description. / 描述。
    #[serde(default)]
    pub desc: String,
    /// `r` or `rw`. / 读写类型。
    #[serde(default)]
    pub mode: Mode,
    /// Required by the category. / 是否必选。
    #[serde(default)]
    pub required: bool,
    /// Data type. / 数据定义。
    pub define: Define,
}

/// A data type. / 数据定义。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct Define {
    /// `bool`, `int`, `float`, `string`, `enum`, `stringenum`, `timestamp`, `struct` or `array`. / 类型。
    #[serde(rename = "type")]
    pub ty: TypeName,
    /// Minimum (numbers), minimum length (strings). `""` and `"undefined"` (older console
    /// exports) are read as absent. / 最小值。
    #[serde(default, deserialize_with = "lenient::opt_number_text", skip_serializing_if = "Option::is_none")]
    pub min: Option<String>,
    /// Maximum (numbers), maximum length (strings); `""` and `"undefined"` are read as absent. / 最大值。
    #[serde(default, deserialize_with = "lenient::opt_number_text", skip_serializing_if = "Option::is_none")]
    pub max: Option<String>,
    /// Initial value; `""` and `"undefined"` are read as absent. / 初始值。
    #[serde(default, deserialize_with = "lenient::opt_number_text", skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Step; `""` and `"undefined"` are read as absent. / 步长。
    #[serde(default, deserialize_with = "lenient::opt_number_text", skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// Unit. / 单位。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The unit's name, as the console writes it beside `unit` (`"伏特"`); TSL's `unitName`. / 单位描述。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_desc: Option<String>,
    /// Labels of `bool` (`0`, `1`), `enum` (integers) and `stringenum` (strings); on an `int`,
    /// labels of some of its values. / 枚举值。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<std::collections::BTreeMap<String, String>>")]
    pub mapping: Option<Labels>,
    /// Members of a `struct` (or of an array's `struct` elements). / 结构体成员。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specs: Option<Vec<Member>>,
    /// The element type of an `array`. / 数组元素类型。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub array_info: Option<Box<Define>>,
}

/// Data type names. / 数据类型。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TypeName {
    Bool,
    Int,
    Float,
    String,
    Enum,
    Stringenum,
    Timestamp,
    Struct,
    Array,
}

/// A member of a struct. / 结构体成员。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct Member {
    /// Identifier. / 标识符。
    #[schemars(regex(pattern = r"^[A-Za-z_][A-Za-z0-9_]{0,63}$"))]
    pub id: String,
    /// Name. / 名称。
    #[serde(default)]
    pub name: String,
    /// Data type. / 数据类型。
    pub data_type: Define,
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
    Fault,
}

/// An event. / 事件。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Event {
    /// Identifier. / 标识符。
    #[schemars(regex(pattern = r"^[A-Za-z_][A-Za-z0-9_]{0,63}$"))]
    pub id: String,
    /// Name. / 名称。
    #[serde(default)]
    pub name: String,
    /// Description. / 描述。
    #[serde(default)]
    pub desc: String,
    /// `info`, `alert` or `fault`. / 事件类型。
    #[serde(rename = "type", default)]
    pub event_type: EventType,
    /// Required by the category. / 是否必选。
    #[serde(default)]
    pub required: bool,
    /// Parameters. / 参数。
    #[serde(default)]
    pub params: Vec<Param>,
}

/// An action (a call from the cloud). / 行为。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Action {
    /// Identifier. / 标识符。
    #[schemars(regex(pattern = r"^[A-Za-z_][A-Za-z0-9_]{0,63}$"))]
    pub id: String,
    /// Name. / 名称。
    #[serde(default)]
    pub name: String,
    /// Description. / 描述。
    #[serde(default)]
    pub desc: String,
    /// Required by the category. / 是否必选。
    #[serde(default)]
    pub required: bool,
    /// Input parameters. / 输入参数。
    #[serde(default)]
    pub input: Vec<Param>,
    /// Output parameters. / 输出参数。
    #[serde(default)]
    pub output: Vec<Param>,
}

/// A parameter of an event or action. / 参数。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Param {
    /// Identifier. / 标识符。
    #[schemars(regex(pattern = r"^[A-Za-z_][A-Za-z0-9_]{0,63}$"))]
    pub id: String,
    /// Name. / 名称。
    #[serde(default)]
    pub name: String,
    /// Description. / 描述。
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub desc: String,
    /// Data type. / 数据定义。
    pub define: Define,
}
