//! Where two JSON values differ, as the harnesses' deep equality sees it.

use crate::diagnostic::escape_token;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One place where a result differs from what was expected.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Difference {
    /// RFC 6901 pointer into the result.
    pub pointer: String,
    /// What was expected there; absent when nothing was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", tsify(optional, type = "JsonValue"))]
    pub expected: Option<Value>,
    /// What the codec gave there; absent when it gave nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", tsify(optional, type = "JsonValue"))]
    pub actual: Option<Value>,
}

/// Every place where `actual` differs from `expected`: objects key by key (the expected
/// value's keys, then the actual's others, each in serde_json's order, which sorts them),
/// a key on one side only being a difference (an absent member is not a `null` one); arrays item
/// by item, numbers by value (`21.0` is `21`), anything else by equality.
pub fn differences(expected: &Value, actual: &Value) -> Vec<Difference> {
    let mut out = Vec::new();
    walk(String::new(), Some(expected), Some(actual), &mut out);
    out
}

fn walk(pointer: String, expected: Option<&Value>, actual: Option<&Value>, out: &mut Vec<Difference>) {
    match (expected, actual) {
        (Some(Value::Object(e)), Some(Value::Object(a))) => {
            for key in e.keys().chain(a.keys().filter(|k| !e.contains_key(*k))) {
                walk(format!("{pointer}/{}", escape_token(key)), e.get(key), a.get(key), out);
            }
        }
        (Some(Value::Array(e)), Some(Value::Array(a))) => {
            for i in 0..e.len().max(a.len()) {
                walk(format!("{pointer}/{i}"), e.get(i), a.get(i), out);
            }
        }
        (Some(Value::Number(e)), Some(Value::Number(a))) if e.as_f64() == a.as_f64() => {}
        (e, a) if e == a => {}
        (e, a) => out.push(Difference { pointer, expected: e.cloned(), actual: a.cloned() }),
    }
}
