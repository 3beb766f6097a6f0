//! TSL data types: `{"type": ..., "specs": ...}`, where the shape of `specs` follows `type`.

use super::lenient::{self, IntegerText, NumberText};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::borrow::Cow;

/// The nine data types, with their spellings in TSL (`int`) and ThingModelJson (`INT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TypeName {
    Int,
    Float,
    Double,
    Text,
    Date,
    Bool,
    Enum,
    Struct,
    Array,
}

impl TypeName {
    /// Every type.
    pub const ALL: [TypeName; 9] = [
        TypeName::Int,
        TypeName::Float,
        TypeName::Double,
        TypeName::Text,
        TypeName::Date,
        TypeName::Bool,
        TypeName::Enum,
        TypeName::Struct,
        TypeName::Array,
    ];

    /// TSL spelling.
    pub fn tsl(self) -> &'static str {
        match self {
            TypeName::Int => "int",
            TypeName::Float => "float",
            TypeName::Double => "double",
            TypeName::Text => "text",
            TypeName::Date => "date",
            TypeName::Bool => "bool",
            TypeName::Enum => "enum",
            TypeName::Struct => "struct",
            TypeName::Array => "array",
        }
    }

    /// ThingModelJson spelling.
    pub fn tmj(self) -> &'static str {
        match self {
            TypeName::Int => "INT",
            TypeName::Float => "FLOAT",
            TypeName::Double => "DOUBLE",
            TypeName::Text => "TEXT",
            TypeName::Date => "DATE",
            TypeName::Bool => "BOOL",
            TypeName::Enum => "ENUM",
            TypeName::Struct => "STRUCT",
            TypeName::Array => "ARRAY",
        }
    }

    /// Reads either spelling, and the legacy `BOOLEAN`.
    pub fn parse(s: &str) -> Option<TypeName> {
        let lower = s.to_ascii_lowercase();
        if lower == "boolean" {
            return Some(TypeName::Bool);
        }
        TypeName::ALL.into_iter().find(|t| t.tsl() == lower)
    }

    /// Whether the type is numeric (`int`, `float`, `double`).
    pub fn is_number(self) -> bool {
        matches!(self, TypeName::Int | TypeName::Float | TypeName::Double)
    }

    /// Whether ThingModelJson keeps this type's specs in `dataSpecsList` (rather than `dataSpecs`).
    pub fn uses_specs_list(self) -> bool {
        matches!(self, TypeName::Bool | TypeName::Enum | TypeName::Struct)
    }
}

/// Specs of `int`, `float` and `double`. Values are kept as the decimal text the platform
/// stores (`"0.1"`); numbers are accepted on input. / 数值型数据规范。
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct NumberSpecs {
    /// Minimum value. / 最小值。
    #[serde(default, deserialize_with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "NumberText")]
    pub min: Option<String>,
    /// Maximum value. / 最大值。
    #[serde(default, deserialize_with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "NumberText")]
    pub max: Option<String>,
    /// Step: the increment of each change, > 0 and ≤ max − min. / 步长。
    #[serde(default, deserialize_with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "NumberText")]
    pub step: Option<String>,
    /// Unit symbol, such as `°C`. / 单位符号。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Unit name, such as `摄氏度`. / 单位名称。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_name: Option<String>,
}

impl NumberSpecs {
    fn is_empty(&self) -> bool {
        *self == NumberSpecs::default()
    }
}

/// Specs of `text`. / 文本型数据规范。
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TextSpecs {
    /// Maximum length in bytes, 1..10240. / 数据长度（字节），1~10240。
    #[serde(default, deserialize_with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "IntegerText")]
    pub length: Option<String>,
}

/// Labels of `bool` (keys exactly `0` and `1`) or `enum` (integer keys), in numeric key order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labels(pub Vec<(String, String)>);

impl Serialize for Labels {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Labels {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let map = serde_json::Map::<String, Value>::deserialize(d)?;
        let mut labels = Vec::with_capacity(map.len());
        for (k, v) in map {
            let label = match v {
                Value::String(s) => s,
                Value::Number(n) => n.to_string(),
                other => {
                    return Err(de::Error::custom(format!("label of `{k}` is not a string: {other}")));
                }
            };
            labels.push((k, label));
        }
        labels.sort_by_key(|(k, _)| (k.trim().parse::<i64>().unwrap_or(i64::MAX), k.clone()));
        Ok(Labels(labels))
    }
}

/// A member of a `struct`. / 结构体成员。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct StructMember {
    /// Member identifier, unique within the struct. / 参数标识符。
    #[schemars(with = "crate::model::tsl::Identifier")]
    pub identifier: String,
    /// Member name. / 参数名称。
    #[serde(default)]
    pub name: String,
    /// Member data type: int, float, double, text, date, bool or enum. / 数据类型。
    pub data_type: DataType,
}

/// Specs of `array`. / 数组型数据规范。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ArraySpecs {
    /// Number of elements, 1..512. / 元素个数，1~512。
    #[serde(default, deserialize_with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "IntegerText")]
    pub size: Option<String>,
    /// Element type: int, float, double, text or struct; specs optional. / 元素类型。
    #[schemars(with = "ArrayItemSchema")]
    pub item: DataType,
}

/// A TSL data type with its specs.
#[derive(Debug, Clone, PartialEq)]
pub enum DataType {
    Int(NumberSpecs),
    Float(NumberSpecs),
    Double(NumberSpecs),
    Text(TextSpecs),
    /// UTC epoch milliseconds, carried as a string.
    Date,
    Bool(Labels),
    Enum(Labels),
    Struct(Vec<StructMember>),
    Array(Box<ArraySpecs>),
}

impl DataType {
    /// The type's name.
    pub fn name(&self) -> TypeName {
        match self {
            DataType::Int(_) => TypeName::Int,
            DataType::Float(_) => TypeName::Float,
            DataType::Double(_) => TypeName::Double,
            DataType::Text(_) => TypeName::Text,
            DataType::Date => TypeName::Date,
            DataType::Bool(_) => TypeName::Bool,
            DataType::Enum(_) => TypeName::Enum,
            DataType::Struct(_) => TypeName::Struct,
            DataType::Array(_) => TypeName::Array,
        }
    }
}

impl Serialize for DataType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("type", self.name().tsl())?;
        match self {
            DataType::Int(n) | DataType::Float(n) | DataType::Double(n) => {
                // Array items may leave their specs out; keep them out.
                if !n.is_empty() {
                    map.serialize_entry("specs", n)?;
                }
            }
            DataType::Text(t) => {
                if t.length.is_some() {
                    map.serialize_entry("specs", t)?;
                }
            }
            DataType::Date => map.serialize_entry("specs", &serde_json::Map::new())?,
            DataType::Bool(l) | DataType::Enum(l) => map.serialize_entry("specs", l)?,
            DataType::Struct(m) => map.serialize_entry("specs", m)?,
            DataType::Array(a) => map.serialize_entry("specs", a)?,
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for DataType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            #[serde(rename = "type")]
            ty: String,
            #[serde(default)]
            specs: Option<Value>,
        }
        let raw = Raw::deserialize(d)?;
        let ty = TypeName::parse(&raw.ty).ok_or_else(|| de::Error::custom(format!("unknown data type `{}`", raw.ty)))?;
        let specs = match raw.specs {
            // Older exports wrap object specs in a one-element array.
            Some(Value::Array(mut a)) if ty != TypeName::Struct && a.len() == 1 => a.pop(),
            Some(Value::Null) => None,
            other => other,
        };
        fn read<T: serde::de::DeserializeOwned + Default, E: de::Error>(v: Option<Value>) -> Result<T, E> {
            v.map_or_else(|| Ok(T::default()), |v| serde_json::from_value(v).map_err(E::custom))
        }
        Ok(match ty {
            TypeName::Int => DataType::Int(read(specs)?),
            TypeName::Float => DataType::Float(read(specs)?),
            TypeName::Double => DataType::Double(read(specs)?),
            TypeName::Text => DataType::Text(read(specs)?),
            TypeName::Date => DataType::Date,
            TypeName::Bool => DataType::Bool(read(specs)?),
            TypeName::Enum => DataType::Enum(read(specs)?),
            TypeName::Struct => DataType::Struct(read(specs)?),
            TypeName::Array => {
                let specs = specs.ok_or_else(|| de::Error::custom("array type without `specs`"))?;
                DataType::Array(Box::new(serde_json::from_value(specs).map_err(de::Error::custom)?))
            }
        })
    }
}

/// Builds the data-type schema: `type` picks, through `if`/`then`, the schema of `specs`, so
/// that a validator reports problems inside the specs rather than "matches no alternative".
fn data_type_schema(generator: &mut SchemaGenerator, types: &[TypeName], specs_required: bool, description: &str) -> Schema {
    let names: Vec<&str> = types.iter().map(|t| t.tsl()).collect();
    let mut branches = Vec::new();
    for t in types {
        let specs = match t {
            TypeName::Int | TypeName::Float | TypeName::Double => generator.subschema_for::<NumberSpecs>(),
            TypeName::Text => generator.subschema_for::<TextSpecs>(),
            TypeName::Date => json_schema!({"type": "object", "maxProperties": 0}),
            TypeName::Bool => json_schema!({
                "type": "object",
                "description": "Labels of 0 and 1, such as {\"0\": \"关\", \"1\": \"开\"}. / 布尔值的标签。",
                "properties": {"0": {"type": "string"}, "1": {"type": "string"}},
                "required": ["0", "1"],
                "additionalProperties": false
            }),
            TypeName::Enum => json_schema!({
                "type": "object",
                "description": "Integer keys to labels, such as {\"0\": \"低\", \"1\": \"高\"}. / 枚举值与标签。",
                "minProperties": 1,
                "propertyNames": {"pattern": "^-?[0-9]+$"},
                "additionalProperties": {"type": "string"}
            }),
            TypeName::Struct => {
                let member = generator.subschema_for::<StructMember>();
                json_schema!({"type": "array", "items": member, "description": "Struct members. / 结构体成员。"})
            }
            TypeName::Array => generator.subschema_for::<ArraySpecs>(),
        };
        // Legacy exports wrap object specs in a one-element array; accept that too.
        let specs = if matches!(t, TypeName::Struct) {
            specs
        } else {
            json_schema!({"anyOf": [specs, {"type": "array", "minItems": 1, "maxItems": 1, "items": specs}]})
        };
        let mut then = json_schema!({"properties": {"specs": specs}});
        if specs_required && *t != TypeName::Date {
            then.insert("required".into(), serde_json::json!(["specs"]));
        }
        branches.push(json_schema!({
            "if": {"properties": {"type": {"const": t.tsl()}}, "required": ["type"]},
            "then": then
        }));
    }
    json_schema!({
        "type": "object",
        "description": description,
        "properties": {
            "type": {"type": "string", "enum": names, "description": "Data type. / 数据类型。"},
            "specs": {"description": "Specs of the data type; their shape follows `type`. / 数据规范。"}
        },
        "required": ["type"],
        "additionalProperties": false,
        "allOf": branches
    })
}

impl JsonSchema for DataType {
    fn schema_name() -> Cow<'static, str> {
        "DataType".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        data_type_schema(generator, &TypeName::ALL, true, "Data type and its specs. / 数据类型及其规范。")
    }
}

/// Schema of an array's `item`: fewer types, and specs may be left out.
struct ArrayItemSchema;

impl JsonSchema for ArrayItemSchema {
    fn schema_name() -> Cow<'static, str> {
        "ArrayItem".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        // Deeper nesting rules (struct items' members) are semantic checks with their own codes.
        data_type_schema(
            generator,
            &[TypeName::Int, TypeName::Float, TypeName::Double, TypeName::Text, TypeName::Struct],
            false,
            "Array element type. / 数组元素类型。",
        )
    }
}
