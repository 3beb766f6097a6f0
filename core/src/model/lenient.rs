//! Liberal readers for values the platform writes in more than one way: numbers as strings or
//! as numbers, specs as an object or a one-element array, extendConfig as an object or as a
//! JSON string. Output is always the current form.

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, Deserializer};
use serde_json::Value;

/// A number or a string, read as its text (`100` and `"100"` both become `"100"`).
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(v) => text_of(v).map(Some).map_err(de::Error::custom),
    }
}

/// Whether a number's text is a placeholder older console exports write for "not set": `""` or
/// `"undefined"` (Tencent's 2020 data templates).
pub fn is_placeholder_number(text: &str) -> bool {
    matches!(text.trim(), "" | "undefined")
}

/// Like [`opt_string`], but a placeholder ([`is_placeholder_number`]) is read as absent: the
/// console wrote it where no value was set. Validation warns (`TK2051`).
pub fn opt_number_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(opt_string(d)?.filter(|text| !is_placeholder_number(text)))
}

/// Whether a value is the JSON number 0, what Huawei's console writes as `step` when none was set.
pub fn is_zero_number(v: &Value) -> bool {
    v.as_f64().is_some_and(|n| n == 0.0)
}

/// Like [`opt_string`], but the JSON number 0 is read as absent ([`is_zero_number`]); the text
/// `"0"` stays a step of 0, which the rules reject, as in every other format. Validation warns
/// (`TK2052`).
pub fn opt_step<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(v) if is_zero_number(&v) => Ok(None),
        Some(v) => text_of(v).map(Some).map_err(de::Error::custom),
    }
}

/// A list, or `null` for an empty one (Huawei's console writes `"commands": null`).
pub fn list_or_null<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
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
        Some(Value::String(s)) => s.trim().parse().map(Some).map_err(|_| de::Error::custom(format!("expected an integer, found `{s}`"))),
        Some(other) => Err(de::Error::custom(format!("expected an integer, found {other}"))),
    }
}

/// A list, or `""` for an empty one (the platform writes OPC UA's empty `outputData` so).
pub fn list_or_empty_string<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum ListOrText<T> {
        List(Vec<T>),
        Text(String),
    }
    match Option::<ListOrText<T>>::deserialize(d)? {
        None => Ok(Vec::new()),
        Some(ListOrText::List(list)) => Ok(list),
        Some(ListOrText::Text(text)) if text.is_empty() => Ok(Vec::new()),
        Some(ListOrText::Text(text)) => Err(de::Error::custom(format!("expected a list, found the string `{text}`"))),
    }
}

/// The schema of a list that may be written as `""` when empty.
pub fn list_or_empty_string_schema<T: JsonSchema>(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let list = generator.subschema_for::<Vec<T>>();
    schemars::json_schema!({
        "anyOf": [list, {"type": "string", "maxLength": 0, "description": "An empty list, as the platform writes it. / 空列表。"}]
    })
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

/// An extendConfig: a JSON object, or a string holding one (UpdateThingModel's samples send it
/// so). OPC UA's `inputData`/`outputData` written `""` are read as the empty lists they are,
/// and written as such (left out).
pub fn opt_extend_config<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    let mut config = match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) => serde_json::from_str(&s).map_err(de::Error::custom)?,
        Some(v) => v,
    };
    if let Value::Object(map) = &mut config {
        map.retain(|key, value| !(matches!(key.as_str(), "inputData" | "outputData") && value.as_str() == Some("")));
    }
    Ok(Some(config))
}

// Schema-only types: how the schemas describe what these readers accept.

/// A decimal number written as a string (canonical) or as a JSON number. / 数值（字符串或数字）。
#[derive(JsonSchema)]
#[schemars(untagged)]
#[allow(dead_code)]
pub(crate) enum NumberText {
    /// Decimal text, such as `"0.5"`.
    Text(#[schemars(regex(pattern = r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$"))] String),
    /// A JSON number (accepted; written back as text).
    Number(f64),
}

/// An integer written as a string or as a JSON number. / 整数（字符串或数字）。
#[derive(JsonSchema)]
#[schemars(untagged)]
#[allow(dead_code)]
pub(crate) enum IntegerText {
    /// Decimal integer text, such as `"128"`.
    Text(#[schemars(regex(pattern = r"^-?[0-9]+$"))] String),
    /// A JSON integer.
    Number(i64),
}

/// Any text (the rules judge it), or a JSON number read as its text. / 数值（字符串或数字）。
#[derive(JsonSchema)]
#[schemars(untagged)]
#[allow(dead_code)]
pub(crate) enum NumberOrText {
    /// Text, such as `"0.1"`.
    Text(String),
    /// A JSON number, such as `0.1` (written back as text).
    Number(f64),
}

/// Text, or a number or boolean read as its text.
#[derive(JsonSchema)]
#[schemars(untagged)]
#[allow(dead_code)]
pub(crate) enum Scalar {
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// A boolean.
    Bool(bool),
}

/// An object, or (legacy) a one-element list holding it.
#[derive(JsonSchema)]
#[schemars(untagged)]
#[allow(dead_code)]
pub(crate) enum OneOrList<T> {
    /// The object.
    One(T),
    /// Legacy: a list of exactly one.
    List(#[schemars(length(min = 1, max = 1))] Vec<T>),
}

/// An object, or a string holding it as JSON.
#[derive(JsonSchema)]
#[schemars(untagged)]
#[allow(dead_code)]
pub(crate) enum JsonText<T> {
    /// The object.
    Object(T),
    /// The object written as a JSON string.
    Text(String),
}
