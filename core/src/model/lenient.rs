//! Liberal readers for values the platform writes in more than one way: numbers as strings or
//! as numbers, specs as an object or a one-element array, extendConfig as an object or as a
//! JSON string. Output is always the current form.

use serde::de::{self, Deserializer};
use serde::Deserialize;
use serde_json::Value;

/// A number or a string, read as its text (`100` and `"100"` both become `"100"`).
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(v) => text_of(v).map(Some).map_err(de::Error::custom),
    }
}

fn text_of(v: Value) -> Result<String, String> {
    match v {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(format!("expected a string or a number, found {other}")),
    }
}

/// An integer given as a number or a numeric string.
pub fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15).map(|f| f as i64))
            .map(Some)
            .ok_or_else(|| de::Error::custom(format!("expected an integer, found {n}"))),
        Some(Value::String(s)) => {
            s.trim().parse().map(Some).map_err(|_| de::Error::custom(format!("expected an integer, found `{s}`")))
        }
        Some(other) => Err(de::Error::custom(format!("expected an integer, found {other}"))),
    }
}

/// An object that older exports wrap in a one-element array.
pub fn opt_one<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrList<T> {
        One(T),
        List(Vec<T>),
    }
    match Option::<OneOrList<T>>::deserialize(d)? {
        None => Ok(None),
        Some(OneOrList::One(t)) => Ok(Some(t)),
        Some(OneOrList::List(mut l)) if l.len() == 1 => Ok(l.pop()),
        Some(OneOrList::List(l)) => Err(de::Error::custom(format!("expected one object, found a list of {}", l.len()))),
    }
}

/// A JSON object, or a string holding one (UpdateThingModel's samples send extendConfig so).
pub fn opt_object<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => serde_json::from_str(&s).map(Some).map_err(de::Error::custom),
        Some(v) => Ok(Some(v)),
    }
}
