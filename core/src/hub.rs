//! The one internal model every format converts through: features and data schemas with the
//! union of what the formats can say, so that reading a format into it keeps what the other
//! formats can carry (the few shapes it approximates — WoT tuple `items`, enums of objects —
//! are in the fidelity report). Each element remembers where it came from (`origin`, a JSON pointer into
//! the source document) so that the fidelity report can point at the user's own text.
//!
//! Numbers are kept as the decimal text the source wrote (`"0.1"`), as TSL and Tencent store
//! them, so that no bound is rounded on the way through.

/// A device model.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Thing {
    /// ProductKey, ProductId, Huawei's `product_id` or the WoT `id`.
    pub product: Option<String>,
    /// Huawei's `name`, the WoT `title`.
    pub title: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// The model's version.
    pub version: Option<String>,
    /// Tencent's `CategoryId`, Huawei's `device_type`.
    pub category: Option<String>,
    /// Huawei's services. A model with one service keeps it here and leaves its features'
    /// `group` empty; with several, each feature names its service.
    pub groups: Vec<Group>,
    /// Properties, events and actions, in document order.
    pub properties: Vec<Property>,
    pub events: Vec<Event>,
    pub actions: Vec<Action>,
    /// The model's own annotations (WoT: the extra `@context` entries, the `@type`s besides
    /// `tm:ThingModel`, the prefixed terms), at pointers from the document's root.
    pub annotations: Vec<Annotation>,
    /// What only a Huawei product model says and no other format has a place for (the
    /// product's own fields, the `E` of a property's `method`), kept so that a product model
    /// written from the hub says it again; every other writer reports each one lost.
    pub product_model_only: Vec<PlatformField>,
}

/// A value only a Huawei product model holds, at its place in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlatformField {
    /// RFC 6901 pointer to the value in the source document: `/manufacturer_name`, or a
    /// property's `…/properties/1/method`.
    pub pointer: String,
    /// The field's name (`manufacturer_name`, `method`).
    pub key: String,
    /// The value, as the source wrote it (`HUAWEI`, `RWE`).
    pub value: String,
}

/// A source entry the hub has no field for, carried verbatim so that a writer of the same format
/// can put it back, while the other writers report it lost instead of silently dropping it: a
/// WoT semantic annotation (`@type`, a term like `saref:hasState` whose prefix `@context`
/// declares, the extra `@context` entries) or a Thing Model placeholder (`"{{MAX}}"`) where a
/// number or bool belongs; the value labels of a Tencent `int` (`define/mapping`), which only a
/// data template holds on an integer. The readers of formats without such entries leave the
/// lists empty.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    /// Where the entry sits, as an RFC 6901 pointer relative to its element's `origin`, without
    /// the leading `/`: `@type`, `maximum`, `items/@type`, `input/saref:hasUnit` (the data schema
    /// an event's `data` or an action's `input`/`output` holds).
    pub path: String,
    /// The entry's value, as the source wrote it.
    pub value: serde_json::Value,
}

impl Annotation {
    /// Whether the entry is a Thing Model placeholder standing for a value (rather than a
    /// semantic annotation).
    pub fn is_placeholder(&self) -> bool {
        !self.path.rsplit('/').next().is_some_and(|key| key.starts_with('@') || key.contains(':'))
            && self.value.as_str().is_some_and(crate::model::wot::is_placeholder)
    }
}

/// A Huawei service: a named group of features.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub origin: String,
    pub id: String,
    pub kind: String,
    pub description: Option<String>,
    /// `Master`, `Mandatory` or `Optional`.
    pub option: Option<String>,
}

/// Who may read and write a property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    ReadOnly,
    ReadWrite,
    WriteOnly,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Property {
    pub origin: String,
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub access: Access,
    /// Required by the product's category (TSL, Tencent, Huawei; WoT's `tm:optional` negated).
    pub required: bool,
    /// Huawei's service, the group the property belongs to.
    pub group: Option<String>,
    pub schema: Schema,
    /// Annotations of the property and of its data schema.
    pub annotations: Vec<Annotation>,
}

/// How serious an event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Info,
    Alert,
    Fault,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub origin: String,
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    /// `None` where the format has no such notion (Huawei, WoT).
    pub kind: Option<EventKind>,
    pub required: bool,
    pub group: Option<String>,
    pub outputs: Vec<Field>,
    /// Annotations of the event and of the object schema of its data.
    pub annotations: Vec<Annotation>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    pub origin: String,
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    /// `Some(true)` synchronous, `Some(false)` asynchronous, `None` unsaid.
    pub synchronous: Option<bool>,
    pub required: bool,
    pub group: Option<String>,
    pub inputs: Vec<Field>,
    pub outputs: Vec<Field>,
    /// Annotations of the action and of the object schemas of its input and output.
    pub annotations: Vec<Annotation>,
}

/// A parameter, struct member or object property.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub origin: String,
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub required: bool,
    pub schema: Schema,
    /// Annotations of the field's data schema (and of its array items, `items/…`).
    pub annotations: Vec<Annotation>,
}

/// Bounds and unit of a number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Range {
    pub min: Option<String>,
    pub max: Option<String>,
    pub step: Option<String>,
    /// Unit symbol (`V`, `℃`).
    pub unit: Option<String>,
    /// Unit name (`伏特`): TSL's `unitName`, Tencent's `unitDesc`.
    pub unit_name: Option<String>,
    /// Initial value (Tencent's `start`, Huawei's `default_value`, WoT's `default`).
    pub start: Option<String>,
}

/// A data schema.
#[derive(Debug, Clone, PartialEq)]
pub enum Schema {
    /// `false_label`, `true_label` (TSL and Tencent carry the value as 0 or 1).
    Bool {
        labels: Option<(String, String)>,
    },
    /// 32-bit integer.
    Int(Range),
    /// 64-bit integer (Huawei's `long`).
    Long(Range),
    /// Single precision (TSL `float`, Tencent `float`).
    Float(Range),
    /// Double precision (TSL `double`, Huawei `decimal`, WoT `number`).
    Double(Range),
    /// Text; the length is TSL's (in bytes) or the others' (in characters).
    Text {
        max_length: Option<u64>,
        min_length: Option<u64>,
    },
    /// A point in time: TSL's epoch milliseconds, Tencent's timestamp, Huawei's `DateTime`.
    Timestamp,
    /// Integer values with labels, in key order.
    Enum {
        labels: Vec<(i64, String)>,
    },
    /// String values with labels (Tencent's `stringenum`, Huawei's `enum_list`, WoT's string `enum`).
    StringEnum {
        values: Vec<(String, String)>,
    },
    Struct {
        fields: Vec<Field>,
    },
    Array {
        size: Option<u64>,
        item: Box<Schema>,
    },
    /// Any JSON object (Huawei's `jsonObject`, a WoT object without properties).
    Json,
}

impl Schema {
    /// A short name for messages.
    pub fn describe(&self) -> &'static str {
        match self {
            Schema::Bool { .. } => "bool",
            Schema::Int(_) => "int",
            Schema::Long(_) => "long",
            Schema::Float(_) => "float",
            Schema::Double(_) => "double",
            Schema::Text { .. } => "text",
            Schema::Timestamp => "timestamp",
            Schema::Enum { .. } => "enum",
            Schema::StringEnum { .. } => "string enum",
            Schema::Struct { .. } => "struct",
            Schema::Array { .. } => "array",
            Schema::Json => "JSON object",
        }
    }
}
