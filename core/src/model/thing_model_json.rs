//! ThingModelJson: the platform's stored form of a thing model (CreateThingModel,
//! QueryThingModel, GetThingTemplate…). Keys are written sorted.

use super::extend_config::ExtendConfig;
use super::lenient::{self, IntegerText, JsonText, NumberText, OneOrList, Scalar};
use super::tsl::{FunctionBlock, Identifier};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A ThingModelJson document, of the default module or of a custom module. / 物模型功能定义（默认模块或自定义模块）。
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields, title = "Alibaba Cloud IoT ThingModelJson (物模型存储结构)")]
pub struct ThingModelJson {
    /// Published version information (published models only). / 物模型版本信息。
    #[serde(rename = "_ppk", default, skip_serializing_if = "Option::is_none")]
    pub ppk: Option<Ppk>,
    /// ProductKey. / 产品的 ProductKey。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_key: Option<String>,
    /// Custom module identifier (custom modules only). / 自定义模块标识符。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[A-Za-z0-9_]{1,30}$"))]
    pub identifier: Option<String>,
    /// Custom module name (custom modules only). / 自定义模块名称。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Custom module description, at most 100 characters. / 模块描述。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 100))]
    pub description: Option<String>,
    /// Properties. / 属性列表。
    #[serde(default)]
    pub properties: Vec<TmjProperty>,
    /// Services. / 服务列表。
    #[serde(default)]
    pub services: Vec<TmjService>,
    /// Events. / 事件列表。
    #[serde(default)]
    pub events: Vec<TmjEvent>,
    /// Custom modules of the product (default module only). / 自定义模块列表。
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub function_blocks: Vec<FunctionBlock>,
}

/// `_ppk`: version of a published model. / 物模型版本信息。
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Ppk {
    /// Version. / 版本号。
    #[serde(default, deserialize_with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Scalar>")]
    pub version: Option<String>,
    /// Version description. / 版本描述。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `rwFlag`. / 读写类型。
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RwFlag {
    /// Read and write. / 读写。
    #[default]
    ReadWrite,
    /// Read only. / 只读。
    ReadOnly,
}

/// A data type name as ThingModelJson writes it. / 数据类型。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum TmjType {
    Int,
    Float,
    Double,
    Text,
    Date,
    Enum,
    /// Also read from the deprecated `BOOLEAN` (GetThingTemplate). / 亦接受已废弃的 BOOLEAN。
    #[serde(alias = "BOOLEAN")]
    Bool,
    Struct,
    Array,
}

/// Fields that every feature has.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct FeatureCommon {
    /// ProductKey. / 产品的 ProductKey。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_key: Option<String>,
    /// Creation time, 13-digit epoch ms; features sort by it. / 功能创建的时间戳。
    #[serde(default, deserialize_with = "lenient::opt_i64", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<IntegerText>")]
    pub create_ts: Option<i64>,
    /// Identifier. / 标识符。
    #[schemars(with = "Identifier")]
    pub identifier: String,
    /// Whether the category requires it. / 是否是标准品类的必选功能。
    #[serde(default)]
    pub required: bool,
    /// Whether it is a custom (not standard-category) feature. / 是否是自定义功能。
    #[serde(default = "yes")]
    pub custom: bool,
    /// Description. / 描述。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Protocol mapping: Modbus, OPC UA or custom. / 物模型扩展描述。
    #[serde(default, deserialize_with = "lenient::opt_extend_config", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<JsonText<ExtendConfig>>")]
    pub extend_config: Option<Value>,
    /// Deprecated; ignored. / 已废弃。
    #[serde(default, skip_serializing)]
    #[schemars(extend("deprecated" = true))]
    pub std: Option<bool>,
    /// Deprecated; ignored. / 已废弃。
    #[serde(default, skip_serializing)]
    #[schemars(extend("deprecated" = true))]
    pub custom_flag: Option<bool>,
}

fn yes() -> bool {
    true
}

/// The data type of a feature, parameter or struct member: `dataType` plus exactly one of
/// `dataSpecs` (INT, FLOAT, DOUBLE, TEXT, DATE, ARRAY) or `dataSpecsList` (ENUM, BOOL, STRUCT).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TypedSpecs {
    /// Data type. / 数据类型。
    pub data_type: TmjType,
    /// Specs of INT, FLOAT, DOUBLE, TEXT, DATE and ARRAY. / 非列表型数据规范。
    #[serde(default, deserialize_with = "lenient::opt_one", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<OneOrList<DataSpecs>>")]
    pub data_specs: Option<DataSpecs>,
    /// Specs of ENUM, BOOL and STRUCT. / 列表型数据规范。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_specs_list: Option<Vec<DataSpecsItem>>,
}

/// A property. / 属性。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct TmjProperty {
    #[serde(flatten)]
    pub common: FeatureCommon,
    /// Property name. / 属性名称。
    pub name: String,
    /// `READ_WRITE` or `READ_ONLY`. / 读写类型。
    pub rw_flag: RwFlag,
    #[serde(flatten)]
    pub typed: TypedSpecs,
}

/// `callType`. / 调用方式。
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum TmjCallType {
    /// Asynchronous. / 异步调用。
    #[default]
    Async,
    /// Synchronous. / 同步调用。
    Sync,
}

/// A service. / 服务。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct TmjService {
    #[serde(flatten)]
    pub common: FeatureCommon,
    /// Service name. / 服务名称。
    pub service_name: String,
    /// `ASYNC` or `SYNC`. / 调用方式。
    pub call_type: TmjCallType,
    /// Input parameters. / 输入参数。
    #[serde(default)]
    pub input_params: Vec<TmjParam>,
    /// Output parameters. / 输出参数。
    #[serde(default)]
    pub output_params: Vec<TmjParam>,
}

/// `eventType`. / 事件类型。
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum TmjEventType {
    /// Information. / 信息。
    #[default]
    #[serde(rename = "INFO_EVENT_TYPE")]
    Info,
    /// Alert. / 告警。
    #[serde(rename = "ALERT_EVENT_TYPE")]
    Alert,
    /// Fault. / 故障。
    #[serde(rename = "ERROR_EVENT_TYPE")]
    Error,
}

/// An event. / 事件。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct TmjEvent {
    #[serde(flatten)]
    pub common: FeatureCommon,
    /// Event name. / 事件名称。
    pub event_name: String,
    /// Event type. / 事件类型。
    pub event_type: TmjEventType,
    /// Output parameters (the platform spells this key in lower case). / 事件的输出参数。
    #[serde(rename = "outputdata", alias = "outputData", default)]
    pub output_data: Vec<TmjParam>,
}

/// `direction` of a parameter. / 参数方向。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Direction {
    /// Input parameter. / 输入参数。
    #[serde(rename = "PARAM_INPUT")]
    Input,
    /// Output parameter. / 输出参数。
    #[serde(rename = "PARAM_OUTPUT")]
    Output,
}

/// A parameter of a service or event. / 输入、输出参数。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct TmjParam {
    /// Parameter identifier. / 参数标识符。
    #[schemars(with = "Identifier")]
    pub identifier: String,
    /// Parameter name. / 参数名称。
    pub name: String,
    /// `PARAM_INPUT` or `PARAM_OUTPUT`. / 输入或输出。
    pub direction: Direction,
    /// Position, from 0, unique. / 参数序号，从0开始，不能重复。
    #[schemars(range(min = 0))]
    pub para_order: u32,
    /// Whether it belongs to a custom feature. / 是否隶属于自定义功能。
    #[serde(default = "yes")]
    pub custom: bool,
    #[serde(flatten)]
    pub typed: TypedSpecs,
}

/// `dataSpecs`: specs of INT, FLOAT, DOUBLE (min, max, step…), TEXT and DATE (length), and
/// ARRAY (size, childDataType and the child's specs). / 非列表型数据规范。
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct DataSpecs {
    /// Data type, the same as the owner's. / 数据类型。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_type: Option<TmjType>,
    /// Minimum, as text. / 最小值。
    #[serde(default, deserialize_with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<NumberText>")]
    pub min: Option<String>,
    /// Maximum, as text. / 最大值。
    #[serde(default, deserialize_with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<NumberText>")]
    pub max: Option<String>,
    /// Step, as text. / 步长。
    #[serde(default, deserialize_with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<NumberText>")]
    pub step: Option<String>,
    /// Precision (FLOAT, DOUBLE). / 精度。
    #[serde(default, alias = "precision", deserialize_with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Scalar>")]
    pub precise: Option<String>,
    /// Default value, as text. / 默认值。
    #[serde(default, deserialize_with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Scalar>")]
    pub default_value: Option<String>,
    /// Unit symbol. / 单位符号。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Unit name. / 单位名称。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_name: Option<String>,
    /// TEXT length in bytes, 1..10240. / 数据长度。
    #[serde(default, deserialize_with = "lenient::opt_i64", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<IntegerText>")]
    pub length: Option<i64>,
    /// ARRAY size, 1..512. / 数组元素个数。
    #[serde(default, deserialize_with = "lenient::opt_i64", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<IntegerText>")]
    pub size: Option<i64>,
    /// ARRAY element type: STRUCT, INT, FLOAT, DOUBLE or TEXT. / 数组元素的数据类型。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child_data_type: Option<TmjType>,
    /// ARRAY element specs (INT, FLOAT, DOUBLE, TEXT). / 元素的数据规范。
    #[serde(default, deserialize_with = "lenient::opt_one", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<OneOrList<DataSpecs>>")]
    pub data_specs: Option<Box<DataSpecs>>,
    /// ARRAY element specs (STRUCT members). / 元素的列表型数据规范。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_specs_list: Option<Vec<DataSpecsItem>>,
    /// Whether it belongs to a custom feature. / 是否自定义。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom: Option<bool>,
    /// Platform-assigned id (read, not written). / 平台分配的编号。
    #[serde(default, skip_serializing)]
    pub id: Option<Value>,
}

/// An item of `dataSpecsList`: an ENUM or BOOL value (`value`, `name`) or a STRUCT member
/// (`identifier`, `name`, `childDataType`, `childName` and the member's specs). / 列表型数据规范项。
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct DataSpecsItem {
    /// ENUM, BOOL or STRUCT. / 数据类型。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_type: Option<TmjType>,
    /// Enum/bool label or struct member name. / 名称。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Enum/bool value. / 枚举值。
    #[serde(default, deserialize_with = "lenient::opt_i64", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<IntegerText>")]
    pub value: Option<i64>,
    /// Whether this enum/bool value is the default (`"true"`/`"false"`). / 是否默认值。
    #[serde(default, deserialize_with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Scalar>")]
    pub default_value: Option<String>,
    /// Struct member identifier. / 结构体子参数标识符。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Identifier>")]
    pub identifier: Option<String>,
    /// Struct member type: INT, FLOAT, DOUBLE, TEXT, DATE, ENUM or BOOL. / 子参数数据类型。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child_data_type: Option<TmjType>,
    /// Struct member name. / 子参数名称。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child_name: Option<String>,
    /// Struct member specs (INT, FLOAT, DOUBLE, TEXT, DATE). / 子参数数据规范。
    #[serde(default, deserialize_with = "lenient::opt_one", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<OneOrList<DataSpecs>>")]
    pub data_specs: Option<DataSpecs>,
    /// Struct member specs (ENUM, BOOL). / 子参数列表型数据规范。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_specs_list: Option<Vec<DataSpecsItem>>,
    /// Whether it belongs to a custom feature. / 是否自定义。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom: Option<bool>,
}
