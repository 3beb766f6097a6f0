//! A value against its data type: the JSON kind only (weak), or everything (strong).

use super::{DataFailure, Level};
use crate::diagnostic::{Code, join};
use crate::model::data_type::{DataType, Labels, NumberSpecs};
use serde_json::Value;

/// Checks `value` (at `pointer`, for the feature `identifier`) against `dt`.
pub(super) fn check(dt: &DataType, value: &Value, pointer: &str, identifier: &str, level: Level, out: &mut Vec<DataFailure>) {
    let fail = |out: &mut Vec<DataFailure>, code: Code, message: String| {
        out.push(DataFailure { identifier: identifier.to_string(), pointer: pointer.to_string(), code, message });
    };
    if !kind_matches(dt, value) {
        let expected = match dt {
            DataType::Int(_) | DataType::Enum(_) | DataType::Bool(_) => "an integer",
            DataType::Float(_) | DataType::Double(_) => "a number",
            DataType::Text(_) => "a string",
            DataType::Date => "epoch milliseconds (a string or an integer)",
            DataType::Struct(_) => "an object",
            DataType::Array(_) => "an array",
        };
        fail(out, Code::ValueKind, format!("`{identifier}` is {}, expected {expected} for `{}`", kind(value), dt.name().tsl()));
        return;
    }
    if level != Level::Strong {
        return;
    }
    match dt {
        DataType::Int(specs) => {
            let n = value.as_f64().unwrap_or_default();
            if n < f64::from(i32::MIN) || n > f64::from(i32::MAX) {
                fail(out, Code::ValueOutOfRange, format!("`{identifier}` is {value}, outside the int range"));
            } else {
                range(specs, n, value, identifier, pointer, out);
            }
        }
        DataType::Float(specs) => {
            let n = value.as_f64().unwrap_or_default();
            if n.abs() > f64::from(f32::MAX) {
                fail(out, Code::ValueOutOfRange, format!("`{identifier}` is {value}, outside the float range"));
            } else {
                range(specs, n, value, identifier, pointer, out);
            }
        }
        DataType::Double(specs) => range(specs, value.as_f64().unwrap_or_default(), value, identifier, pointer, out),
        DataType::Text(specs) => {
            let bytes = value.as_str().map_or(0, str::len);
            if let Some(max) = specs.length.as_deref().and_then(|l| l.trim().parse::<usize>().ok())
                && bytes > max
            {
                fail(out, Code::TextTooLong, format!("`{identifier}` has {bytes} bytes, more than its length {max}"));
            }
        }
        DataType::Date => {
            let ok = match value {
                Value::String(s) => !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()),
                Value::Number(n) => n.as_u64().is_some(),
                _ => false,
            };
            if !ok {
                fail(out, Code::InvalidTime, format!("`{identifier}` is {value}, not epoch milliseconds"));
            }
        }
        DataType::Bool(_) => {
            if !matches!(value.as_i64(), Some(0 | 1)) {
                fail(out, Code::NotABoolValue, format!("`{identifier}` is {value}; a bool is 0 or 1"));
            }
        }
        DataType::Enum(Labels(labels)) => {
            let key = value.as_i64().map(|n| n.to_string()).unwrap_or_default();
            if !labels.iter().any(|(k, _)| k.trim() == key) {
                let keys: Vec<&str> = labels.iter().map(|(k, _)| k.as_str()).collect();
                fail(out, Code::NotAnEnumValue, format!("`{identifier}` is {value}, not one of {}", keys.join(", ")));
            }
        }
        DataType::Struct(members) => {
            let Some(obj) = value.as_object() else { return };
            for (key, member_value) in obj {
                let mptr = join(pointer, key);
                match members.iter().find(|m| &m.identifier == key) {
                    Some(m) => check(&m.data_type, member_value, &mptr, identifier, level, out),
                    None => out.push(DataFailure {
                        identifier: identifier.to_string(),
                        pointer: mptr,
                        code: Code::UnknownMember,
                        message: format!("`{identifier}` has no member `{key}`"),
                    }),
                }
            }
        }
        DataType::Array(specs) => {
            let Some(items) = value.as_array() else {
                return;
            };
            if let Some(size) = specs.size.as_deref().and_then(|s| s.trim().parse::<usize>().ok())
                && items.len() > size
            {
                fail(out, Code::ArrayTooLong, format!("`{identifier}` has {} items, more than its size {size}", items.len()));
            }
            for (i, item) in items.iter().enumerate() {
                check(&specs.item, item, &join(pointer, i), identifier, level, out);
            }
        }
    }
}

/// Whether the JSON kind fits the type: what the weak level checks.
fn kind_matches(dt: &DataType, v: &Value) -> bool {
    match dt {
        // 21 and 21.0 are the same JSON number.
        DataType::Int(_) | DataType::Enum(_) | DataType::Bool(_) => v.as_f64().is_some_and(|f| f.fract() == 0.0),
        DataType::Float(_) | DataType::Double(_) => v.is_number(),
        DataType::Text(_) => v.is_string(),
        DataType::Date => v.is_string() || v.is_u64(),
        DataType::Struct(_) => v.is_object(),
        DataType::Array(_) => v.is_array(),
    }
}

fn range(specs: &NumberSpecs, n: f64, value: &Value, identifier: &str, pointer: &str, out: &mut Vec<DataFailure>) {
    let bound = |s: &Option<String>| s.as_deref().and_then(|t| t.trim().parse::<f64>().ok());
    let (min, max) = (bound(&specs.min), bound(&specs.max));
    if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
        out.push(DataFailure {
            identifier: identifier.to_string(),
            pointer: pointer.to_string(),
            code: Code::ValueOutOfRange,
            message: format!(
                "`{identifier}` is {value}, outside [{}, {}]",
                specs.min.as_deref().unwrap_or("-∞"),
                specs.max.as_deref().unwrap_or("∞")
            ),
        });
    }
}

fn kind(v: &Value) -> &'static str {
    crate::diagnostic::json_kind(v)
}
