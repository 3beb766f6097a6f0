//! Device data: Alink JSON messages checked against a thing model at the platform's three
//! levels (`ValidateType`): strong, weak and none.
//!
//! ```
//! use thingkit::data::{DataModel, Level, check};
//! let tsl: thingkit::model::Tsl = serde_json::from_str(r#"{"properties": [{"identifier": "Temp", "name": "温度",
//!     "accessMode": "r", "required": false, "dataType": {"type": "float", "specs": {"min": "-40", "max": "85", "step": "0.1"}}}]}"#).unwrap();
//! let model = DataModel::new([&tsl]);
//! let message = serde_json::json!({"id": "1", "version": "1.0", "method": "thing.event.property.post", "params": {"Temp": 99.5}});
//! let result = check(&model, &message, Level::Strong);
//! assert_eq!(result.failures[0].code.as_str(), "TK4005");
//! assert_eq!(result.passed, None); // nothing passed: nothing goes on
//! ```

mod model_index;
mod value;

pub use model_index::{DataModel, read_module};

use crate::diagnostic::{Code, join};
use crate::model::tsl::{InputItem, Param, generated};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Most properties one message may carry (platform error 6106).
pub const MAX_PROPERTIES: usize = 200;

/// How strictly to check (`ValidateType`). Names: `strong`, `weak`, `none` — the only list of
/// them: the CLI (`clap::ValueEnum`), npm (tsify), the WIT world and the HTTP service take
/// theirs from here.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    JsonSchema,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    strum::Display,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Level {
    /// 0: every field is checked; only data that passes goes on.
    Strong,
    /// 1 (the platform's default): identifiers exist and values have the right JSON kind;
    /// everything goes on, failures are listed (`checkFailedData`).
    Weak,
    /// 2: nothing is checked.
    None,
}

impl Level {
    /// From the platform's `ValidateType` number.
    pub fn from_validate_type(n: i64) -> Option<Level> {
        match n {
            0 => Some(Level::Strong),
            1 => Some(Level::Weak),
            2 => Some(Level::None),
            _ => None,
        }
    }

    /// Every level.
    pub const ALL: &'static [Level] = <Level as strum::VariantArray>::VARIANTS;

    /// Reads `strong`, `weak` or `none`.
    pub fn parse(s: &str) -> Option<Level> {
        s.parse().ok()
    }

    /// The level's name.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The names, for messages: "`strong`, `weak`, `none`".
    pub fn names() -> String {
        Level::ALL.iter().map(|l| format!("`{l}`")).collect::<Vec<_>>().join(", ")
    }
}

/// One thing in a message that the model does not allow.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DataFailure {
    /// The feature concerned, as on the wire (`Temp`, `battery:Level`); empty for the envelope.
    pub identifier: String,
    /// RFC 6901 pointer into the message.
    pub pointer: String,
    /// Stable code (`TK4xxx`).
    #[cfg_attr(feature = "typescript", tsify(type = "string"))]
    pub code: Code,
    /// What is wrong.
    pub message: String,
}

/// The result of checking one message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DataCheck {
    /// Every failure, in message order.
    pub failures: Vec<DataFailure>,
    /// What goes on: the whole message (weak, none), or only what passed (strong; `None` when
    /// nothing did).
    pub passed: Option<Value>,
}

/// Checks an Alink message against the model.
pub fn check(model: &DataModel, message: &Value, level: Level) -> DataCheck {
    if level == Level::None {
        return DataCheck { failures: Vec::new(), passed: Some(message.clone()) };
    }
    let mut failures = Vec::new();
    let filtered = Checker { model, level, out: &mut failures }.message(message);
    // A message whose envelope is broken does not go on at all.
    let envelope_broken = failures.iter().any(|f| f.code == Code::MalformedMessage && f.identifier.is_empty());
    let passed = match level {
        Level::Strong if envelope_broken => None,
        Level::Strong => filtered,
        Level::Weak | Level::None => Some(message.clone()),
    };
    DataCheck { failures, passed }
}

struct Checker<'a> {
    model: &'a DataModel,
    level: Level,
    out: &'a mut Vec<DataFailure>,
}

impl Checker<'_> {
    fn fail(&mut self, identifier: &str, pointer: impl Into<String>, code: Code, message: impl Into<String>) {
        self.out.push(DataFailure { identifier: identifier.to_string(), pointer: pointer.into(), code, message: message.into() });
    }

    /// Checks the message; returns what passed (strong level).
    fn message(&mut self, message: &Value) -> Option<Value> {
        let Some(obj) = message.as_object() else {
            self.fail("", "", Code::MalformedMessage, "an Alink message is a JSON object");
            return None;
        };
        match obj.get("id") {
            Some(Value::String(id)) if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) => {}
            Some(other) => self.fail("", "/id", Code::MalformedMessage, format!("`id` is {other}; expected a string of digits")),
            None => self.fail("", "", Code::MalformedMessage, "missing field `id`"),
        }
        let Some(method) = obj.get("method").and_then(Value::as_str) else {
            self.fail("", "", Code::MalformedMessage, "missing field `method`: cannot tell what the message is");
            return None;
        };
        let is_reply = obj.contains_key("code") && !obj.contains_key("params");
        let (key, body) = if is_reply { ("data", obj.get("data")) } else { ("params", obj.get("params")) };
        let body = body.unwrap_or(&Value::Null);
        let ptr = format!("/{key}");
        let kept = if is_reply { self.reply(method, body, &ptr) } else { self.request(method, body, &ptr) }?;
        let mut out = obj.clone();
        out.insert(key.to_string(), kept);
        Some(Value::Object(out))
    }

    fn request(&mut self, method: &str, params: &Value, ptr: &str) -> Option<Value> {
        match method {
            generated::POST_METHOD => self.properties(params, ptr, false),
            generated::SET_METHOD => self.properties(params, ptr, true),
            generated::GET_METHOD => self.identifiers(params, ptr),
            "thing.event.property.batch.post" => self.batch(params, ptr),
            _ => {
                if let Some(id) = method.strip_prefix("thing.event.").and_then(|m| m.strip_suffix(".post")) {
                    let Some(event) = self.model.event(id) else {
                        self.fail(id, "/method", Code::UnknownMethod, format!("no event `{id}` in the model"));
                        return None;
                    };
                    self.event_value(id, &event.output_data.clone(), params, ptr)
                } else if let Some(id) = method.strip_prefix("thing.service.") {
                    let Some(service) = self.model.service(id) else {
                        self.fail(id, "/method", Code::UnknownMethod, format!("no service `{id}` in the model"));
                        return None;
                    };
                    let inputs: Vec<Param> = service
                        .input_data
                        .iter()
                        .filter_map(|i| match i {
                            InputItem::Param(p) => Some(p.clone()),
                            InputItem::Identifier(_) => None,
                        })
                        .collect();
                    self.params(id, &inputs, params, ptr)
                } else {
                    self.fail("", "/method", Code::UnknownMethod, format!("`{method}` is not an Alink thing method"));
                    None
                }
            }
        }
    }

    fn reply(&mut self, method: &str, data: &Value, ptr: &str) -> Option<Value> {
        match method {
            generated::GET_METHOD => self.properties(data, ptr, false),
            m if m.starts_with("thing.service.") && m != generated::SET_METHOD => {
                let id = &m["thing.service.".len()..];
                let Some(service) = self.model.service(id) else {
                    self.fail(id, "/method", Code::UnknownMethod, format!("no service `{id}` in the model"));
                    return None;
                };
                let outputs = service.output_data.clone();
                self.params(id, &outputs, data, ptr)
            }
            // Other replies carry no data the model describes.
            _ => Some(data.clone()),
        }
    }

    /// `{"Temp": 21.5}` or `{"Temp": {"value": 21.5, "time": …}}`; keeps what passed.
    fn properties(&mut self, params: &Value, ptr: &str, setting: bool) -> Option<Value> {
        let Some(map) = params.as_object() else {
            self.fail("", ptr, Code::MalformedMessage, "expected an object of property values");
            return None;
        };
        if map.len() > MAX_PROPERTIES {
            self.fail("", ptr, Code::TooManyProperties, format!("{} properties in one message; at most {MAX_PROPERTIES}", map.len()));
        }
        let mut kept = Map::new();
        for (key, v) in map {
            let before = self.out.len();
            let vptr = join(ptr, key);
            match self.model.property_type(key).cloned() {
                None => self.fail(key, &vptr, Code::UnknownIdentifier, format!("no property `{key}` in the model")),
                Some(dt) => {
                    if setting && self.level == Level::Strong && self.model.is_read_only(key) {
                        self.fail(key, &vptr, Code::ReadOnlyProperty, format!("`{key}` is read-only"));
                    }
                    let (inner, inner_ptr) = self.unwrap_timed(key, v, &vptr);
                    value::check(&dt, inner, &inner_ptr, key, self.level, self.out);
                }
            }
            if self.out.len() == before {
                kept.insert(key.clone(), v.clone());
            }
        }
        (!kept.is_empty() || map.is_empty()).then_some(Value::Object(kept))
    }

    /// `{"value": v, "time": ms}` reads as `v` (checking `time`): `value` and `time` are reserved
    /// identifiers, so no struct member can be confused with them.
    fn unwrap_timed<'v>(&mut self, key: &str, v: &'v Value, ptr: &str) -> (&'v Value, String) {
        match v.as_object() {
            Some(o) if o.contains_key("value") && o.keys().all(|k| k == "value" || k == "time") => {
                if let Some(t) = o.get("time") {
                    self.time(key, t, &join(ptr, "time"));
                }
                (&o["value"], join(ptr, "value"))
            }
            _ => (v, ptr.to_string()),
        }
    }

    fn time(&mut self, key: &str, t: &Value, ptr: &str) {
        if t.as_u64().is_none() && !t.as_str().is_some_and(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())) {
            self.fail(key, ptr, Code::InvalidTime, format!("`time` is {t}; expected epoch milliseconds"));
        }
    }

    /// `["Temp", "Hum"]`; keeps the known identifiers.
    fn identifiers(&mut self, params: &Value, ptr: &str) -> Option<Value> {
        let Some(list) = params.as_array() else {
            self.fail("", ptr, Code::MalformedMessage, "expected a list of property identifiers");
            return None;
        };
        let mut kept = Vec::new();
        for (i, v) in list.iter().enumerate() {
            match v.as_str() {
                Some(key) if self.model.property(key).is_some() => kept.push(v.clone()),
                Some(key) => self.fail(key, join(ptr, i), Code::UnknownIdentifier, format!("no property `{key}` in the model")),
                None => self.fail("", join(ptr, i), Code::ValueKind, "expected a property identifier (a string)"),
            }
        }
        (!kept.is_empty() || list.is_empty()).then_some(Value::Array(kept))
    }

    /// An event's `{"value": {...outputData}, "time": ms}`.
    fn event_value(&mut self, id: &str, outputs: &[Param], params: &Value, ptr: &str) -> Option<Value> {
        let Some(obj) = params.as_object() else {
            self.fail(id, ptr, Code::MalformedMessage, "expected {\"value\": {…}, \"time\": …}");
            return None;
        };
        if let Some(t) = obj.get("time") {
            self.time(id, t, &join(ptr, "time"));
        }
        let before = self.out.len();
        match obj.get("value") {
            Some(v) => {
                self.params(id, outputs, v, &join(ptr, "value"));
            }
            None => self.fail(id, ptr, Code::MalformedMessage, "missing field `value`"),
        }
        (self.out.len() == before).then(|| params.clone())
    }

    /// An object of parameter values; all or nothing.
    fn params(&mut self, id: &str, declared: &[Param], values: &Value, ptr: &str) -> Option<Value> {
        let Some(map) = values.as_object() else {
            self.fail(id, ptr, Code::MalformedMessage, "expected an object of parameter values");
            return None;
        };
        let before = self.out.len();
        for (key, v) in map {
            let vptr = join(ptr, key);
            match declared.iter().find(|p| &p.identifier == key) {
                Some(p) => value::check(&p.data_type, v, &vptr, id, self.level, self.out),
                None => self.fail(id, vptr, Code::UnknownIdentifier, format!("`{id}` has no parameter `{key}`")),
            }
        }
        (self.out.len() == before).then(|| values.clone())
    }

    /// `{"properties": {key: [{value, time}]}, "events": {key: [{value: {…}, time}]}}`.
    fn batch(&mut self, params: &Value, ptr: &str) -> Option<Value> {
        let Some(obj) = params.as_object() else {
            self.fail("", ptr, Code::MalformedMessage, "expected {\"properties\": {…}, \"events\": {…}}");
            return None;
        };
        let mut kept = Map::new();
        if let Some(props) = obj.get("properties") {
            let pptr = join(ptr, "properties");
            let Some(map) = props.as_object() else {
                self.fail("", pptr, Code::MalformedMessage, "expected an object of property entries");
                return None;
            };
            if map.len() > MAX_PROPERTIES {
                self.fail("", &pptr, Code::TooManyProperties, format!("{} properties in one message; at most {MAX_PROPERTIES}", map.len()));
            }
            let mut kept_props = Map::new();
            for (key, entries) in map {
                let eptr = join(&pptr, key);
                let Some(dt) = self.model.property_type(key).cloned() else {
                    self.fail(key, eptr, Code::UnknownIdentifier, format!("no property `{key}` in the model"));
                    continue;
                };
                let list = self.entries(key, entries, &eptr, |c, v, p| value::check(&dt, v, p, key, c.level, c.out));
                if !list.is_empty() {
                    kept_props.insert(key.clone(), Value::Array(list));
                }
            }
            kept.insert("properties".into(), Value::Object(kept_props));
        }
        if let Some(events) = obj.get("events") {
            let evptr = join(ptr, "events");
            let Some(map) = events.as_object() else {
                self.fail("", evptr, Code::MalformedMessage, "expected an object of event entries");
                return None;
            };
            let mut kept_events = Map::new();
            for (key, entries) in map {
                let eptr = join(&evptr, key);
                let Some(outputs) = self.model.event(key).map(|e| e.output_data.clone()) else {
                    self.fail(key, eptr, Code::UnknownIdentifier, format!("no event `{key}` in the model"));
                    continue;
                };
                let list = self.entries(key, entries, &eptr, |c, v, p| {
                    c.params(key, &outputs, v, p);
                });
                if !list.is_empty() {
                    kept_events.insert(key.clone(), Value::Array(list));
                }
            }
            kept.insert("events".into(), Value::Object(kept_events));
        }
        Some(Value::Object(kept))
    }

    /// A batch's list of `{value, time}` entries; keeps the entries that passed.
    fn entries(&mut self, key: &str, entries: &Value, ptr: &str, mut check_value: impl FnMut(&mut Self, &Value, &str)) -> Vec<Value> {
        let Some(list) = entries.as_array() else {
            self.fail(key, ptr, Code::MalformedMessage, "expected a list of {\"value\", \"time\"} entries");
            return Vec::new();
        };
        let mut kept = Vec::new();
        for (i, entry) in list.iter().enumerate() {
            let before = self.out.len();
            let iptr = join(ptr, i);
            match entry.as_object() {
                Some(o) if o.contains_key("value") => {
                    if let Some(t) = o.get("time") {
                        self.time(key, t, &join(&iptr, "time"));
                    }
                    check_value(self, &o["value"], &join(&iptr, "value"));
                }
                _ => self.fail(key, &iptr, Code::MalformedMessage, "expected {\"value\": …, \"time\": …}"),
            }
            if self.out.len() == before {
                kept.push(entry.clone());
            }
        }
        kept
    }
}
