//! W3C Web of Things Thing Models and Thing Descriptions 1.1 (and 1.0, which 1.1 extends: a TD
//! 1.0 document reads as it is): the affordances (properties, actions, events) and their data
//! schemas. Other terms (forms, links, security, semantic annotations, extensions' and unknown
//! terms) are kept as they are, so that a document reads and writes without loss.
//!
//! A Thing Model may leave any value to a placeholder (`"maximum": "{{MAX}}"`, TD 1.1 §10): the
//! numbers, counts and flags read such a placeholder as absent (see [`is_placeholder`]), so that a
//! model with placeholders reads at all; the interop layer takes the placeholder from the
//! document itself.

use schemars::JsonSchema;
use serde::de::{Error as _, MapAccess, Unexpected, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Number, Value};
use std::fmt;

/// The TD 1.1 context URL.
pub const TD_CONTEXT: &str = "https://www.w3.org/2022/wot/td/v1.1";

/// A Thing Model (`"@type": "tm:ThingModel"`) or Thing Description. / W3C WoT 物模型。
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(title = "W3C WoT Thing Model / Thing Description 1.1")]
pub struct ThingModel {
    /// The JSON-LD context: the TD 1.1 URL, alone or first in a list. / JSON-LD 上下文。
    #[serde(rename = "@context")]
    #[schemars(with = "Value")]
    pub context: Value,
    /// `tm:ThingModel` for a Thing Model. / 类型。
    #[serde(rename = "@type", default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Value>")]
    pub ty: Option<Value>,
    /// Identifier (a URI). / 标识。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Title: a Thing Description's must, a Thing Model may leave it to the descriptions made
    /// from it (TD 1.1 §10). / 标题。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Description. / 描述。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Version information (`{"model": "1.0"}`). / 版本。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Value>")]
    pub version: Option<Value>,
    /// Affordances a Thing Model leaves optional (`#/properties/x` pointers). / 可选的交互。
    #[serde(rename = "tm:optional", default, skip_serializing_if = "Vec::is_empty")]
    pub tm_optional: Vec<String>,
    /// Properties. / 属性。
    #[serde(default, skip_serializing_if = "Ordered::is_empty")]
    pub properties: Ordered<Affordance>,
    /// Actions. / 动作。
    #[serde(default, skip_serializing_if = "Ordered::is_empty")]
    pub actions: Ordered<Affordance>,
    /// Events. / 事件。
    #[serde(default, skip_serializing_if = "Ordered::is_empty")]
    pub events: Ordered<Affordance>,
    /// Every other term (security, forms, links, annotations), kept as it is.
    #[serde(flatten)]
    #[schemars(skip)]
    pub other: Map<String, Value>,
}

/// An affordance: a property (a data schema with `readOnly`/`writeOnly`/`observable`), an action
/// (`input`, `output`, `synchronous`) or an event (`data`). / 交互。
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Affordance {
    /// The property's data schema (its own fields). / 数据结构。
    #[serde(flatten)]
    pub schema: DataSchema,
    /// An action's input. / 输入。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<DataSchema>,
    /// An action's output. / 输出。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<DataSchema>,
    /// Whether an action answers synchronously. / 是否同步。
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "or_placeholder")]
    pub synchronous: Option<bool>,
    /// An event's data. / 事件数据。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<DataSchema>,
    /// Whether a property can be observed. / 可观察。
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "or_placeholder")]
    pub observable: Option<bool>,
}

/// A data schema. / 数据结构。
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DataSchema {
    /// `boolean`, `integer`, `number`, `string`, `object`, `array` or `null`. / 类型。
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub ty: Option<String>,
    /// Title. / 标题。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Description. / 描述。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Unit. / 单位。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "or_placeholder")]
    pub minimum: Option<Number>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "or_placeholder")]
    pub maximum: Option<Number>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "or_placeholder")]
    pub multiple_of: Option<Number>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "or_placeholder")]
    pub min_length: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "or_placeholder")]
    pub max_length: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "or_placeholder")]
    pub min_items: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "or_placeholder")]
    pub max_items: Option<u64>,
    /// Allowed values. / 枚举值。
    #[serde(rename = "enum", default, skip_serializing_if = "Option::is_none", deserialize_with = "or_placeholder")]
    pub enumeration: Option<Vec<Value>>,
    /// A constant (in `oneOf` branches: the value a title labels). / 常量。
    #[serde(rename = "const", default, skip_serializing_if = "Option::is_none")]
    pub constant: Option<Value>,
    /// Alternatives; labelled values are `{"const": …, "title": …}`. / 可选结构。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub one_of: Option<Vec<DataSchema>>,
    /// `date-time` and other formats. / 格式。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Default value. / 默认值。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "or_placeholder")]
    pub read_only: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "or_placeholder")]
    pub write_only: Option<bool>,
    /// An object's members. / 对象成员。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Ordered<DataSchema>>,
    /// An object's required members. / 必需成员。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<Vec<String>>,
    /// An array's items: one schema for every item, or (the tuple form, TD 1.1 §5.3.2.2) a list
    /// of them read as its first (the interop layer reports the approximation). / 数组元素。
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "items")]
    #[schemars(with = "Option<Items>")]
    pub items: Option<Box<DataSchema>>,
    /// Every other term: read as it is (an affordance's `forms` land here too); a writer puts
    /// here what it carries verbatim (semantic annotations, Thing Model placeholders).
    #[serde(flatten)]
    #[schemars(skip)]
    pub other: Map<String, Value>,
}

/// Whether a string is, or holds, a Thing Model placeholder: `{{`, a name, `}}` (TD 1.1 §10.3),
/// which a Thing Description made from the model replaces with a value.
pub fn is_placeholder(text: &str) -> bool {
    text.find("{{").is_some_and(|open| text[open + 2..].find("}}").is_some_and(|close| close > 0))
}

/// Reads a number, count or flag that a Thing Model may leave to a placeholder: the placeholder
/// reads as absent, any other string is the error it always was.
fn or_placeholder<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Slot<T> {
        Value(T),
        Text(String),
    }
    match Option::<Slot<T>>::deserialize(d)? {
        None => Ok(None),
        Some(Slot::Value(v)) => Ok(Some(v)),
        Some(Slot::Text(text)) if is_placeholder(&text) => Ok(None),
        Some(Slot::Text(text)) => Err(D::Error::invalid_type(Unexpected::Str(&text), &"a number, a bool or a placeholder `{{NAME}}`")),
    }
}

/// The forms `items` takes: one schema, or one per position (the tuple form).
#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)] // Only its schema and its reading are used.
enum Items {
    One(Box<DataSchema>),
    Tuple(Vec<DataSchema>),
}

/// Reads `items`: one schema; the tuple form as its first schema (none for an empty tuple); a
/// Thing Model's placeholder as absent. Anything else is the error it always was.
fn items<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Box<DataSchema>>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Slot {
        Items(Items),
        Text(String),
    }
    match Option::<Slot>::deserialize(d)? {
        None => Ok(None),
        Some(Slot::Items(Items::One(one))) => Ok(Some(one)),
        Some(Slot::Items(Items::Tuple(tuple))) => Ok(tuple.into_iter().next().map(Box::new)),
        Some(Slot::Text(text)) if is_placeholder(&text) => Ok(None),
        Some(Slot::Text(text)) => {
            Err(D::Error::invalid_type(Unexpected::Str(&text), &"a data schema, a list of them or a placeholder `{{NAME}}`"))
        }
    }
}

/// A JSON object whose entries keep the document's order (affordances and members are named by
/// keys, and their order is the model's order).
#[derive(Debug, Clone, PartialEq)]
pub struct Ordered<T>(pub Vec<(String, T)>);

impl<T> Default for Ordered<T> {
    fn default() -> Self {
        Ordered(Vec::new())
    }
}

impl<T> Ordered<T> {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<T: Serialize> Serialize for Ordered<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ordered<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct InOrder<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for InOrder<T> {
            type Value = Ordered<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, T>()? {
                    entries.push(entry);
                }
                Ok(Ordered(entries))
            }
        }
        d.deserialize_map(InOrder(std::marker::PhantomData))
    }
}

impl<T: JsonSchema> JsonSchema for Ordered<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Map_of_{}", T::schema_name()).into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let values = generator.subschema_for::<T>();
        schemars::json_schema!({"type": "object", "additionalProperties": values})
    }
}
