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

use crate::diagnostic::Code;
use crate::model::tsl::generated;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use value::{Expected, Place};

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

/// Checks an Alink message against the model. What passed is a copy of the message; a caller
/// that owns the message hands it to [`check_owned`] instead, which copies nothing.
pub fn check(model: &DataModel, message: &Value, level: Level) -> DataCheck {
    check_owned(model, message.clone(), level)
}

/// [`check`] on a message the caller gives up: what passed is the message itself, with what
/// failed taken out (strong level).
pub fn check_owned(model: &DataModel, mut message: Value, level: Level) -> DataCheck {
    if level == Level::None {
        return DataCheck { failures: Vec::new(), passed: Some(message) };
    }
    let mut failures = Vec::new();
    let kept = Checker { model, level, out: &mut failures }.message(&mut message);
    // A message whose envelope is broken does not go on at all.
    let envelope_broken = failures.iter().any(|f| f.code == Code::MalformedMessage && f.identifier.is_empty());
    let passed = match level {
        Level::Strong if envelope_broken => None,
        Level::Strong => kept.then_some(message),
        Level::Weak | Level::None => Some(message),
    };
    DataCheck { failures, passed }
}

/// Walks a message once. At the strong level, what fails is taken out of the message as it
/// goes (so that what is left is what passed); at the weak level the message is left whole.
/// Each method returns whether anything of its part passed.
struct Checker<'a> {
    model: &'a DataModel,
    level: Level,
    out: &'a mut Vec<DataFailure>,
}

impl<'a> Checker<'a> {
    fn fail(&mut self, identifier: &str, place: &Place<'_>, code: Code, message: impl Into<String>) {
        self.out.push(DataFailure { identifier: identifier.to_string(), pointer: place.pointer(), code, message: message.into() });
    }

    /// Whether failing parts are taken out.
    fn prunes(&self) -> bool {
        self.level == Level::Strong
    }

    /// Checks the message; whether what is left of it goes on (strong level).
    fn message(&mut self, message: &mut Value) -> bool {
        let root = Place::At("");
        let Some(obj) = message.as_object_mut() else {
            self.fail("", &root, Code::MalformedMessage, "an Alink message is a JSON object");
            return false;
        };
        match obj.get("id") {
            Some(Value::String(id)) if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) => {}
            Some(other) => {
                let message = format!("`id` is {other}; expected a string of digits");
                self.fail("", &root.key("id"), Code::MalformedMessage, message);
            }
            None => self.fail("", &root, Code::MalformedMessage, "missing field `id`"),
        }
        // The method is read while its body is changed: one short copy per message.
        let Some(method) = obj.get("method").and_then(Value::as_str).map(str::to_owned) else {
            self.fail("", &root, Code::MalformedMessage, "missing field `method`: cannot tell what the message is");
            return false;
        };
        let is_reply = obj.contains_key("code") && !obj.contains_key("params");
        let key = if is_reply { "data" } else { "params" };
        let place = root.key(key);
        let mut check = |body: &mut Value| if is_reply { self.reply(&method, body, &place) } else { self.request(&method, body, &place) };
        match obj.get_mut(key) {
            Some(body) => check(body),
            None => {
                // What passed of a body that is not there is `null` (a reply without data).
                let kept = check(&mut Value::Null);
                if kept && self.prunes() {
                    obj.insert(key.to_string(), Value::Null);
                }
                kept
            }
        }
    }

    fn request(&mut self, method: &str, params: &mut Value, place: &Place<'_>) -> bool {
        let model = self.model;
        let method_place = Place::At("/method");
        match method {
            generated::POST_METHOD => self.properties(params, place, false),
            generated::SET_METHOD => self.properties(params, place, true),
            generated::GET_METHOD => self.identifiers(params, place),
            "thing.event.property.batch.post" => self.batch(params, place),
            _ => {
                if let Some(id) = method.strip_prefix("thing.event.").and_then(|m| m.strip_suffix(".post")) {
                    let Some(outputs) = model.event(id) else {
                        self.fail(id, &method_place, Code::UnknownMethod, format!("no event `{id}` in the model"));
                        return false;
                    };
                    self.event_value(id, outputs, params, place)
                } else if let Some(id) = method.strip_prefix("thing.service.") {
                    let Some(service) = model.service(id) else {
                        self.fail(id, &method_place, Code::UnknownMethod, format!("no service `{id}` in the model"));
                        return false;
                    };
                    self.params(id, &service.input, params, place)
                } else {
                    self.fail("", &method_place, Code::UnknownMethod, format!("`{method}` is not an Alink thing method"));
                    false
                }
            }
        }
    }

    fn reply(&mut self, method: &str, data: &mut Value, place: &Place<'_>) -> bool {
        match method {
            generated::GET_METHOD => self.properties(data, place, false),
            m if m.starts_with("thing.service.") && m != generated::SET_METHOD => {
                let id = &m["thing.service.".len()..];
                let Some(service) = self.model.service(id) else {
                    self.fail(id, &Place::At("/method"), Code::UnknownMethod, format!("no service `{id}` in the model"));
                    return false;
                };
                self.params(id, &service.output, data, place)
            }
            // Other replies carry no data the model describes.
            _ => true,
        }
    }

    /// `{"Temp": 21.5}` or `{"Temp": {"value": 21.5, "time": …}}`; keeps what passed.
    fn properties(&mut self, params: &mut Value, place: &Place<'_>, setting: bool) -> bool {
        let Some(map) = params.as_object_mut() else {
            self.fail("", place, Code::MalformedMessage, "expected an object of property values");
            return false;
        };
        if map.len() > MAX_PROPERTIES {
            self.fail("", place, Code::TooManyProperties, format!("{} properties in one message; at most {MAX_PROPERTIES}", map.len()));
        }
        let was_empty = map.is_empty();
        let model = self.model;
        let prunes = self.prunes();
        map.retain(|key, v| {
            let before = self.out.len();
            let vplace = place.key(key);
            match model.property(key) {
                None => self.fail(key, &vplace, Code::UnknownIdentifier, format!("no property `{key}` in the model")),
                Some(property) => {
                    if setting && self.level == Level::Strong && property.read_only {
                        self.fail(key, &vplace, Code::ReadOnlyProperty, format!("`{key}` is read-only"));
                    }
                    match timed(v) {
                        Some((inner, time)) => {
                            if let Some(t) = time {
                                self.time(key, t, &vplace.key("time"));
                            }
                            value::check(&property.expected, inner, &vplace.key("value"), key, self.level, self.out);
                        }
                        None => value::check(&property.expected, v, &vplace, key, self.level, self.out),
                    }
                }
            }
            !prunes || self.out.len() == before
        });
        !map.is_empty() || was_empty
    }

    fn time(&mut self, key: &str, t: &Value, place: &Place<'_>) {
        if t.as_u64().is_none() && !t.as_str().is_some_and(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())) {
            self.fail(key, place, Code::InvalidTime, format!("`time` is {t}; expected epoch milliseconds"));
        }
    }

    /// `["Temp", "Hum"]`; keeps the known identifiers.
    fn identifiers(&mut self, params: &mut Value, place: &Place<'_>) -> bool {
        let Some(list) = params.as_array_mut() else {
            self.fail("", place, Code::MalformedMessage, "expected a list of property identifiers");
            return false;
        };
        let was_empty = list.is_empty();
        let model = self.model;
        let prunes = self.prunes();
        let mut i = 0;
        list.retain(|v| {
            let at = place.index(i);
            i += 1;
            match v.as_str() {
                Some(key) if model.property(key).is_some() => true,
                Some(key) => {
                    self.fail(key, &at, Code::UnknownIdentifier, format!("no property `{key}` in the model"));
                    !prunes
                }
                None => {
                    self.fail("", &at, Code::ValueKind, "expected a property identifier (a string)");
                    !prunes
                }
            }
        });
        !list.is_empty() || was_empty
    }

    /// An event's `{"value": {...outputData}, "time": ms}`; all or nothing.
    fn event_value(&mut self, id: &str, outputs: &[(String, Expected)], params: &Value, place: &Place<'_>) -> bool {
        let Some(obj) = params.as_object() else {
            self.fail(id, place, Code::MalformedMessage, "expected {\"value\": {…}, \"time\": …}");
            return false;
        };
        if let Some(t) = obj.get("time") {
            self.time(id, t, &place.key("time"));
        }
        let before = self.out.len();
        match obj.get("value") {
            Some(v) => {
                self.params(id, outputs, v, &place.key("value"));
            }
            None => self.fail(id, place, Code::MalformedMessage, "missing field `value`"),
        }
        self.out.len() == before
    }

    /// An object of parameter values; all or nothing.
    fn params(&mut self, id: &str, declared: &[(String, Expected)], values: &Value, place: &Place<'_>) -> bool {
        let Some(map) = values.as_object() else {
            self.fail(id, place, Code::MalformedMessage, "expected an object of parameter values");
            return false;
        };
        let before = self.out.len();
        for (key, v) in map {
            let vplace = place.key(key);
            match declared.iter().find(|(identifier, _)| identifier == key) {
                Some((_, expected)) => value::check(expected, v, &vplace, id, self.level, self.out),
                None => self.fail(id, &vplace, Code::UnknownIdentifier, format!("`{id}` has no parameter `{key}`")),
            }
        }
        self.out.len() == before
    }

    /// `{"properties": {key: [{value, time}]}, "events": {key: [{value: {…}, time}]}}`; what
    /// passed is the entries that did, under the identifiers that kept any.
    fn batch(&mut self, params: &mut Value, place: &Place<'_>) -> bool {
        let Some(obj) = params.as_object_mut() else {
            self.fail("", place, Code::MalformedMessage, "expected {\"properties\": {…}, \"events\": {…}}");
            return false;
        };
        let model = self.model;
        let prunes = self.prunes();
        if let Some(props) = obj.get_mut("properties") {
            let pplace = place.key("properties");
            let Some(map) = props.as_object_mut() else {
                self.fail("", &pplace, Code::MalformedMessage, "expected an object of property entries");
                return false;
            };
            if map.len() > MAX_PROPERTIES {
                self.fail("", &pplace, Code::TooManyProperties, format!("{} properties in one message; at most {MAX_PROPERTIES}", map.len()));
            }
            map.retain(|key, entries| {
                let eplace = pplace.key(key);
                let Some(property) = model.property(key) else {
                    self.fail(key, &eplace, Code::UnknownIdentifier, format!("no property `{key}` in the model"));
                    return !prunes;
                };
                self.entries(key, entries, &eplace, |c, v, p| value::check(&property.expected, v, p, key, c.level, c.out)) || !prunes
            });
        }
        if let Some(events) = obj.get_mut("events") {
            let evplace = place.key("events");
            let Some(map) = events.as_object_mut() else {
                self.fail("", &evplace, Code::MalformedMessage, "expected an object of event entries");
                return false;
            };
            map.retain(|key, entries| {
                let eplace = evplace.key(key);
                let Some(outputs) = model.event(key) else {
                    self.fail(key, &eplace, Code::UnknownIdentifier, format!("no event `{key}` in the model"));
                    return !prunes;
                };
                self.entries(key, entries, &eplace, |c, v, p| {
                    c.params(key, outputs, v, p);
                }) || !prunes
            });
        }
        if prunes {
            obj.retain(|key, _| key == "properties" || key == "events");
        }
        true
    }

    /// A batch's list of `{value, time}` entries; keeps the entries that passed, and says
    /// whether any did.
    fn entries(
        &mut self,
        key: &str,
        entries: &mut Value,
        place: &Place<'_>,
        mut check_value: impl FnMut(&mut Self, &Value, &Place<'_>),
    ) -> bool {
        let Some(list) = entries.as_array_mut() else {
            self.fail(key, place, Code::MalformedMessage, "expected a list of {\"value\", \"time\"} entries");
            return false;
        };
        let prunes = self.prunes();
        let mut i = 0;
        list.retain(|entry| {
            let before = self.out.len();
            let iplace = place.index(i);
            i += 1;
            match entry.as_object() {
                Some(o) if o.contains_key("value") => {
                    if let Some(t) = o.get("time") {
                        self.time(key, t, &iplace.key("time"));
                    }
                    check_value(self, &o["value"], &iplace.key("value"));
                }
                _ => self.fail(key, &iplace, Code::MalformedMessage, "expected {\"value\": …, \"time\": …}"),
            }
            !prunes || self.out.len() == before
        });
        !list.is_empty()
    }
}

/// `{"value": v, "time": ms}` reads as `v` and its time: `value` and `time` are reserved
/// identifiers, so no struct member can be confused with them.
fn timed(v: &Value) -> Option<(&Value, Option<&Value>)> {
    match v.as_object() {
        Some(o) if o.contains_key("value") && o.keys().all(|k| k == "value" || k == "time") => Some((&o["value"], o.get("time"))),
        _ => None,
    }
}
