//! The one internal model every format converts through: features and data schemas with the
//! union of what the formats can say, so that reading a format into it loses nothing the other
//! formats could carry. Each element remembers where it came from (`origin`, a JSON pointer into
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
}

/// Bounds and unit of a number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Range {
    pub min: Option<String>,
    pub max: Option<String>,
    pub step: Option<String>,
    /// Unit symbol (`V`, `℃`).
    pub unit: Option<String>,
    /// Unit name (`伏特`), TSL only.
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

impl Thing {
    /// For a format without services: what each service said is lost, and so is each feature's
    /// place in one (`format` names the target, for the messages).
    pub fn services_lost(&self, fidelity: &mut super::fidelity::Fidelity, format: &str) {
        for g in &self.groups {
            fidelity.lost(&g.origin, format!("the service `{}` (type `{}`): {format} has no services", g.id, g.kind));
        }
        let features = self.properties.iter().map(|p| (&p.group, &p.origin));
        let features =
            features.chain(self.events.iter().map(|e| (&e.group, &e.origin))).chain(self.actions.iter().map(|a| (&a.group, &a.origin)));
        for (group, origin) in features {
            if let Some(group) = group {
                fidelity.lost(origin, format!("its place in the service `{group}`: {format} does not group features"));
            }
        }
    }
}
