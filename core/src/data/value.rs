//! A value against its data type: the JSON kind only (weak), or everything (strong).
//!
//! A model's data types are compiled once, when the [`super::DataModel`] is built, into
//! [`Expected`]: bounds, lengths, sizes and enum keys parsed from the model's strings, so that
//! checking a value reads them and allocates nothing unless it fails.

use super::{DataFailure, Level};
use crate::diagnostic::{Code, join};
use crate::model::TypeName;
use crate::model::data_type::{DataType, Labels, NumberSpecs};
use serde_json::Value;

/// Where a value is in the message, as a JSON pointer written out only for a failure: a check
/// that passes builds no text.
#[derive(Debug, Clone, Copy)]
pub(super) enum Place<'a> {
    /// A pointer written out already (`""` is the message).
    At(&'a str),
    /// A member of the value at the place before.
    Key(&'a Place<'a>, &'a str),
    /// An element of the list at the place before.
    Index(&'a Place<'a>, usize),
}

impl<'a> Place<'a> {
    pub(super) fn key(&'a self, key: &'a str) -> Place<'a> {
        Place::Key(self, key)
    }

    pub(super) fn index(&'a self, i: usize) -> Place<'a> {
        Place::Index(self, i)
    }

    /// The RFC 6901 pointer.
    pub(super) fn pointer(&self) -> String {
        match self {
            Place::At(p) => (*p).to_string(),
            Place::Key(parent, key) => join(&parent.pointer(), key),
            Place::Index(parent, i) => join(&parent.pointer(), i),
        }
    }
}

/// A data type as the check needs it.
#[derive(Debug)]
pub(super) enum Expected {
    Int(Bounds),
    Float(Bounds),
    Double(Bounds),
    /// Most bytes of a `text`.
    Text(Option<usize>),
    Date,
    Bool,
    Enum(EnumKeys),
    /// Members by identifier, in the model's order.
    Struct(Vec<(String, Expected)>),
    Array { size: Option<usize>, item: Box<Expected> },
}

/// A number type's bounds, parsed; the texts as the model wrote them, for messages.
#[derive(Debug)]
pub(super) struct Bounds {
    min: Option<f64>,
    max: Option<f64>,
    shown: Box<str>,
}

/// An enum's keys. A value matches a key written as its decimal text (spaces around the key
/// allowed); a number without an integer form matches a key that is empty.
#[derive(Debug)]
pub(super) struct EnumKeys {
    integers: Vec<i64>,
    empty_key: bool,
    shown: Box<str>,
}

impl Expected {
    pub(super) fn new(dt: &DataType) -> Expected {
        match dt {
            DataType::Int(specs) => Expected::Int(Bounds::new(specs)),
            DataType::Float(specs) => Expected::Float(Bounds::new(specs)),
            DataType::Double(specs) => Expected::Double(Bounds::new(specs)),
            DataType::Text(specs) => Expected::Text(specs.length.as_deref().and_then(|l| l.trim().parse().ok())),
            DataType::Date => Expected::Date,
            DataType::Bool(_) => Expected::Bool,
            DataType::Enum(labels) => Expected::Enum(EnumKeys::new(labels)),
            DataType::Struct(members) => {
                Expected::Struct(members.iter().map(|m| (m.identifier.clone(), Expected::new(&m.data_type))).collect())
            }
            DataType::Array(specs) => Expected::Array {
                size: specs.size.as_deref().and_then(|s| s.trim().parse().ok()),
                item: Box::new(Expected::new(&specs.item)),
            },
        }
    }

    fn name(&self) -> TypeName {
        match self {
            Expected::Int(_) => TypeName::Int,
            Expected::Float(_) => TypeName::Float,
            Expected::Double(_) => TypeName::Double,
            Expected::Text(_) => TypeName::Text,
            Expected::Date => TypeName::Date,
            Expected::Bool => TypeName::Bool,
            Expected::Enum(_) => TypeName::Enum,
            Expected::Struct(_) => TypeName::Struct,
            Expected::Array { .. } => TypeName::Array,
        }
    }
}

impl Bounds {
    fn new(specs: &NumberSpecs) -> Bounds {
        let bound = |s: &Option<String>| s.as_deref().and_then(|t| t.trim().parse::<f64>().ok());
        Bounds {
            min: bound(&specs.min),
            max: bound(&specs.max),
            shown: format!("[{}, {}]", specs.min.as_deref().unwrap_or("-∞"), specs.max.as_deref().unwrap_or("∞")).into(),
        }
    }
}

impl EnumKeys {
    fn new(Labels(labels): &Labels) -> EnumKeys {
        let keys = || labels.iter().map(|(k, _)| k.trim());
        EnumKeys {
            integers: keys().filter_map(|k| k.parse::<i64>().ok().filter(|n| n.to_string() == k)).collect(),
            empty_key: keys().any(str::is_empty),
            shown: labels.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>().join(", ").into(),
        }
    }

    fn matches(&self, value: &Value) -> bool {
        match value.as_i64() {
            Some(n) => self.integers.contains(&n),
            None => self.empty_key,
        }
    }
}

/// Checks `value` (at `place`, for the feature `identifier`) against `expected`.
pub(super) fn check(expected: &Expected, value: &Value, place: &Place<'_>, identifier: &str, level: Level, out: &mut Vec<DataFailure>) {
    let fail = |out: &mut Vec<DataFailure>, code: Code, message: String| {
        out.push(DataFailure { identifier: identifier.to_string(), pointer: place.pointer(), code, message });
    };
    if !kind_matches(expected, value) {
        let wanted = match expected {
            Expected::Int(_) | Expected::Enum(_) | Expected::Bool => "an integer",
            Expected::Float(_) | Expected::Double(_) => "a number",
            Expected::Text(_) => "a string",
            Expected::Date => "epoch milliseconds (a string or an integer)",
            Expected::Struct(_) => "an object",
            Expected::Array { .. } => "an array",
        };
        fail(out, Code::ValueKind, format!("`{identifier}` is {}, expected {wanted} for `{}`", kind(value), expected.name().tsl()));
        return;
    }
    if level != Level::Strong {
        return;
    }
    match expected {
        Expected::Int(bounds) => {
            let n = value.as_f64().unwrap_or_default();
            if n < f64::from(i32::MIN) || n > f64::from(i32::MAX) {
                fail(out, Code::ValueOutOfRange, format!("`{identifier}` is {value}, outside the int range"));
            } else {
                range(bounds, n, value, identifier, place, out);
            }
        }
        Expected::Float(bounds) => {
            let n = value.as_f64().unwrap_or_default();
            if n.abs() > f64::from(f32::MAX) {
                fail(out, Code::ValueOutOfRange, format!("`{identifier}` is {value}, outside the float range"));
            } else {
                range(bounds, n, value, identifier, place, out);
            }
        }
        Expected::Double(bounds) => range(bounds, value.as_f64().unwrap_or_default(), value, identifier, place, out),
        Expected::Text(length) => {
            let bytes = value.as_str().map_or(0, str::len);
            if let Some(max) = *length
                && bytes > max
            {
                fail(out, Code::TextTooLong, format!("`{identifier}` has {bytes} bytes, more than its length {max}"));
            }
        }
        Expected::Date => {
            let ok = match value {
                Value::String(s) => !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()),
                Value::Number(n) => n.as_u64().is_some(),
                _ => false,
            };
            if !ok {
                fail(out, Code::InvalidTime, format!("`{identifier}` is {value}, not epoch milliseconds"));
            }
        }
        Expected::Bool => {
            if !matches!(value.as_i64(), Some(0 | 1)) {
                fail(out, Code::NotABoolValue, format!("`{identifier}` is {value}; a bool is 0 or 1"));
            }
        }
        Expected::Enum(keys) => {
            if !keys.matches(value) {
                fail(out, Code::NotAnEnumValue, format!("`{identifier}` is {value}, not one of {}", keys.shown));
            }
        }
        Expected::Struct(members) => {
            let Some(obj) = value.as_object() else { return };
            for (key, member_value) in obj {
                match members.iter().find(|(id, _)| id == key) {
                    Some((_, m)) => check(m, member_value, &place.key(key), identifier, level, out),
                    None => out.push(DataFailure {
                        identifier: identifier.to_string(),
                        pointer: place.key(key).pointer(),
                        code: Code::UnknownMember,
                        message: format!("`{identifier}` has no member `{key}`"),
                    }),
                }
            }
        }
        Expected::Array { size, item } => {
            let Some(items) = value.as_array() else {
                return;
            };
            if let Some(size) = *size
                && items.len() > size
            {
                fail(out, Code::ArrayTooLong, format!("`{identifier}` has {} items, more than its size {size}", items.len()));
            }
            for (i, element) in items.iter().enumerate() {
                check(item, element, &place.index(i), identifier, level, out);
            }
        }
    }
}

/// Whether the JSON kind fits the type: what the weak level checks.
fn kind_matches(expected: &Expected, v: &Value) -> bool {
    match expected {
        // 21 and 21.0 are the same JSON number.
        Expected::Int(_) | Expected::Enum(_) | Expected::Bool => v.as_f64().is_some_and(|f| f.fract() == 0.0),
        Expected::Float(_) | Expected::Double(_) => v.is_number(),
        Expected::Text(_) => v.is_string(),
        Expected::Date => v.is_string() || v.is_u64(),
        Expected::Struct(_) => v.is_object(),
        Expected::Array { .. } => v.is_array(),
    }
}

fn range(bounds: &Bounds, n: f64, value: &Value, identifier: &str, place: &Place<'_>, out: &mut Vec<DataFailure>) {
    if bounds.min.is_some_and(|m| n < m) || bounds.max.is_some_and(|m| n > m) {
        out.push(DataFailure {
            identifier: identifier.to_string(),
            pointer: place.pointer(),
            code: Code::ValueOutOfRange,
            message: format!("`{identifier}` is {value}, outside {}", bounds.shown),
        });
    }
}

fn kind(v: &Value) -> &'static str {
    crate::diagnostic::json_kind(v)
}
