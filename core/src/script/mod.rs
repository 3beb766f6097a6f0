//! Data-parsing scripts: users' JavaScript run in a sandbox — compiled once, fast per message,
//! hard limits, no state leaking from one message into the next, exact results.
//!
//! ```
//! use thingkit::script::{Codec, CodecOptions};
//! let mut codec = Codec::compile(
//!     "function rawDataToProtocol(bytes) { return {method: 'thing.event.property.post', id: '1', version: '1.0', params: {t: bytes[0]}}; }",
//!     CodecOptions::default(),
//! ).unwrap();
//! let message = codec.raw_data_to_protocol(&[50]).unwrap();
//! assert_eq!(message["params"]["t"], 50);
//! ```
//!
//! Conventions: Alibaba (`rawDataToProtocol`, `protocolToRawData`, `transformPayload`), Tencent
//! (`RawToProtocol`, `ProtocolToRaw`), Huawei IoTDA (`decode`, `encode`), LoRaWAN payload
//! codecs (LoRa Alliance TS013: `decodeUplink`, `encodeDownlink`, `decodeDownlink`, and The
//! Things Stack's `normalizeUplink`; the older The Things Network `Decoder`/`Encoder` and
//! ChirpStack v3 `Decode`/`Encode`). [`Codec`] documents the protocol and the isolation.

mod bytes_text;
mod engine;
mod error;
mod guard;
mod heap;
mod instant;
mod options;
mod to_json;

pub mod normalized;

pub use bytes_text::{from_base64, from_hex};
pub use engine::LogLine;
pub(crate) use engine::syntax_error;
pub use error::ScriptError;
pub(crate) use guard::chain_check;
pub use heap::set_heap_probe;
pub use instant::parse_instant;
pub use options::{CodecOptions, Deterministic};

use engine::{Arg, Engine, Members};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// ChirpStack device variables and TS013 `variables`: a string-to-string map.
pub type Variables = BTreeMap<String, String>;

/// What a decode call knows besides the bytes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DecodeInput<'a> {
    /// The MQTT topic; a custom topic (`/user/…`) goes to `transformPayload`; Huawei's
    /// `decode` receives it as its second argument.
    pub topic: Option<&'a str>,
    /// The LoRaWAN or Tencent port (1 when not given).
    pub f_port: Option<u8>,
    /// LoRaWAN `recvTime`, in epoch milliseconds: a `Date` in the input (left out when `None`).
    pub recv_time_ms: Option<i64>,
    /// LoRaWAN and ChirpStack `variables` (an empty object when `None`).
    pub variables: Option<&'a Variables>,
}

/// What an encode call sends down.
#[derive(Debug, Clone, PartialEq)]
pub struct EncodeInput<'a> {
    /// The message (Alibaba, Tencent, Huawei), the object (`Encoder`, `Encode`) or, for
    /// `encodeDownlink`, its `data` — unless `whole` is set.
    pub message: &'a Value,
    /// `message` is `encodeDownlink`'s whole input object (`{data, fPort, …}`, fields beside
    /// `data` such as `command` included), passed as given.
    pub whole: bool,
    /// The LoRaWAN port: `fPort` in `encodeDownlink`'s input (when the input has none), the
    /// port argument of `Encoder`/`Encode` (1 when not given).
    pub f_port: Option<u8>,
    /// LoRaWAN and ChirpStack `variables`.
    pub variables: Option<&'a Variables>,
}

/// Bytes to send down, with what the codec said about them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Encoded {
    /// The payload, 0–255 each; empty only where the convention allows it (LoRaWAN).
    pub bytes: Vec<u8>,
    /// The port `encodeDownlink` chose, if it returned one.
    pub f_port: Option<u8>,
    /// `encodeDownlink`'s `warnings`, as returned.
    pub warnings: Vec<Value>,
}

/// A compiled script.
///
/// A codec owns a JavaScript engine, which is tied to its thread: use one codec per thread (or
/// per request on a pool). It is `&mut` to call because each call runs on that engine.
///
/// # Protocol and isolation
///
/// **Compile.** The script (at most `max_script_bytes`; a Huawei IoTDA codec, whose only entry
/// points are `decode`/`encode`, at most `max_huawei_script_bytes`) is parsed once for its syntax errors,
/// then wrapped as the body of a factory function, `(function () {SCRIPT\n;return picker})`,
/// which the host keeps. Nothing of the protocol is on the global object: the factory, the
/// picker and each call's arguments are values only the host holds.
///
/// **Call.** Each call runs the factory (so the script's top level runs afresh: its functions,
/// tables and closures are new every message), asks the picker for the entry point by name,
/// and calls it with fresh argument objects:
///
/// | convention | call | result |
/// |---|---|---|
/// | Alibaba | `rawDataToProtocol(bytes)`, `protocolToRawData(message)`, `transformPayload(topic, bytes)` | an Alink object; bytes 0–255 (not empty: 6201) |
/// | Tencent | `RawToProtocol(fPort, bytes)`, `ProtocolToRaw(message)` | an object; bytes |
/// | Huawei IoTDA | `decode(bytes, topic)`, `encode(messageText)` | an object or its JSON text; bytes |
/// | TS013 | `decodeUplink({bytes, fPort, recvTime?, variables})`, `decodeDownlink({bytes, fPort, variables})`, `encodeDownlink({data, fPort?, variables, …})`, `normalizeUplink({data})` | `{data, warnings?, errors?}`; `{bytes, fPort?, warnings?, errors?}` (`bytes` may be empty) |
/// | The Things Network v2 | `Decoder(bytes, fPort)`, `Encoder(object, fPort)` | an object; bytes |
/// | ChirpStack v3 | `Decode(fPort, bytes, variables)`, `Encode(fPort, object, variables)` | an object; bytes |
///
/// Bytes are arrays of numbers: signed (−128–127, a Java `byte[]`) for Alibaba's and Huawei's
/// functions unless `unsigned_bytes`, unsigned everywhere else. `recvTime` is a `Date`;
/// `variables` an object of strings. Then the promise jobs the call queued run, and the result
/// is read into JSON by the host ([`ScriptError::NotJson`] for what JSON cannot hold); an
/// `undefined` member is left out, except in TS013 results, where it is `null` as in The Things
/// Stack.
///
/// **Globals the script sees**: the ECMAScript built-ins (with Annex B: `substr`, `escape`,
/// `__proto__`…), `console` (`log`, `info`, `warn`, `error`, `debug`: never fail; what a call
/// logged is [`Codec::logs`]), `TextEncoder`/`TextDecoder` and Node's `Buffer` subset (defined
/// when the script's text names them, so that other scripts compile faster). No
/// modules, timers, network, file system or environment. Time is UTC; with `deterministic`,
/// `Date` reads the fixed instant by every route and `Math.random` repeats from the seed.
///
/// **What is reset.** Everything that exists when the codec is compiled — every built-in, its
/// prototype and everything reachable from the global object, the factory itself — is watched
/// by the engine: the first change a call makes to any of them saves that object's state, and
/// when the call ends (returned, threw, or stopped by a limit) every saved state is written
/// back, so built-ins may be assigned, redefined and deleted (polyfills, prototype helpers)
/// as in any engine, and the next call sees none of it. Objects a call created are then
/// unreachable. Promise jobs still queued when the call ends are dropped. After a limit
/// stopped a call, the engine is also rebuilt before the next one.
///
/// **Limits** ([`CodecOptions`]): the engine checks the clock, the step budget and the heap
/// every few thousand instructions in every frame — callbacks from native built-ins, getters,
/// `toJSON` and Proxy traps included; recursion depth and loop iterations are boa's own.
#[derive(Debug)]
pub struct Codec {
    source: String,
    options: CodecOptions,
    engine: Engine,
    entry_points: Vec<&'static str>,
    logs: Vec<LogLine>,
}

/// Which convention a decode or encode goes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Convention {
    Alibaba,
    Tencent,
    Huawei,
    Ts013,
    TtnV2,
    ChirpStackV3,
}

/// Each convention's uplink decoder and downlink encoder, in the order they are looked for
/// when a script defines more than one.
const CONVENTIONS: [(Convention, &str, &str); 6] = [
    (Convention::Alibaba, "rawDataToProtocol", "protocolToRawData"),
    (Convention::Ts013, "decodeUplink", "encodeDownlink"),
    (Convention::Tencent, "RawToProtocol", "ProtocolToRaw"),
    (Convention::ChirpStackV3, "Decode", "Encode"),
    (Convention::TtnV2, "Decoder", "Encoder"),
    (Convention::Huawei, "decode", "encode"),
];

impl Codec {
    /// Compiles a script: syntax errors come back with their line and column.
    ///
    /// # Errors
    ///
    /// [`ScriptError::ScriptTooLarge`], [`ScriptError::Syntax`] with the line and column, or
    /// any error its top level throws when first run.
    pub fn compile(source: &str, options: CodecOptions) -> Result<Codec, ScriptError> {
        let too_large = |limit| ScriptError::ScriptTooLarge { size: source.len(), limit };
        let huawei_limit = options.max_huawei_script_bytes.max(options.max_script_bytes);
        if source.len() > huawei_limit {
            return Err(too_large(huawei_limit));
        }
        nesting_check(source)?;
        // The parser also recurses on operator chains and nested statements without brackets.
        chain_check(source)?;
        let (engine, entry_points) = Engine::new(source, &options)?;
        // Past the general limit only a Huawei codec may go, up to Huawei's own.
        let huawei = !entry_points.is_empty() && entry_points.iter().all(|e| matches!(*e, "decode" | "encode"));
        if source.len() > options.max_script_bytes && !huawei {
            return Err(too_large(options.max_script_bytes));
        }
        Ok(Codec { source: source.to_string(), options, engine, entry_points, logs: engine::take_logs() })
    }

    /// The conventions' functions the script defines, such as `["rawDataToProtocol", "protocolToRawData"]`.
    pub fn entry_points(&self) -> &[&'static str] {
        &self.entry_points
    }

    /// Whether the script defines `function`.
    pub fn has(&self, function: &str) -> bool {
        self.entry_points.contains(&function)
    }

    /// The options it was compiled with.
    pub fn options(&self) -> &CodecOptions {
        &self.options
    }

    /// What the last call logged through `console`, in order (bounded by the output limit).
    pub fn logs(&self) -> &[LogLine] {
        &self.logs
    }

    /// Moves a deterministic codec's clock: what `Date.now()` and `new Date()` say from the next
    /// call on (epoch milliseconds), as when a test vector gives its `recvTime`. No effect on a
    /// codec compiled without [`CodecOptions::deterministic`].
    pub fn set_now(&mut self, now_ms: i64) {
        if let Some(d) = &mut self.options.deterministic {
            d.now_ms = now_ms;
            self.engine.set_fixed_now(now_ms);
        }
    }

    /// Calls a LoRaWAN routine (`decodeUplink`, `encodeDownlink`, `decodeDownlink`,
    /// `normalizeUplink`) with `input` exactly as given — as the published test harnesses do —
    /// and returns its whole result, whatever its shape: reported `errors` are part of it, not
    /// an error. `undefined` members become `null` (`undefined_as_null`, The Things Stack's rule)
    /// or are left out (`JSON.stringify`'s, ChirpStack's).
    ///
    /// # Errors
    ///
    /// [`ScriptError::MissingEntryPoint`] for another name or one the script lacks; a limit, a
    /// throw, a result that is not JSON; `undefined` is [`ScriptError::EmptyResult`].
    pub fn routine_result(&mut self, routine: &str, input: &Value, undefined_as_null: bool) -> Result<Value, ScriptError> {
        const ROUTINES: [&str; 4] = ["decodeUplink", "encodeDownlink", "decodeDownlink", "normalizeUplink"];
        let Some(routine) = ROUTINES.into_iter().find(|r| *r == routine) else {
            return Err(ScriptError::MissingEntryPoint { wanted: ROUTINES.join(", ") });
        };
        let members = if undefined_as_null { Members::UndefinedAsNull } else { Members::DropUndefined };
        self.call_value(routine, &[Arg::Json(input)], input.to_string().len(), members)
    }

    /// The first convention, in [`CONVENTIONS`] order, whose uplink decoder the script defines.
    fn decoder_convention(&self) -> Option<Convention> {
        CONVENTIONS.iter().find(|(_, decoder, _)| self.has(decoder)).map(|(c, _, _)| *c)
    }

    /// The first convention, in [`CONVENTIONS`] order, whose downlink encoder the script defines.
    fn encoder_convention(&self) -> Option<Convention> {
        CONVENTIONS.iter().find(|(_, _, encoder)| self.has(encoder)).map(|(c, _, _)| *c)
    }

    /// Decodes device bytes with whichever convention the script implements: `transformPayload`
    /// for custom topics, else `rawDataToProtocol`, `decodeUplink` (its `data`), `RawToProtocol`,
    /// `Decode`, `Decoder` or `decode`.
    ///
    /// # Errors
    ///
    /// Any [`ScriptError`]: a limit, a throw, a malformed result, or errors a TS013 codec
    /// reported ([`ScriptError::Reported`]).
    pub fn decode(&mut self, bytes: &[u8], input: &DecodeInput<'_>) -> Result<Value, ScriptError> {
        let result = self.decode_result(bytes, input)?;
        if !self.message_in_data(input) {
            return Ok(result);
        }
        Ok(result.get("data").cloned().unwrap_or(Value::Null))
    }

    /// Whether [`Codec::decode_result`] for `input` is a TS013 result, whose `data` member is
    /// the message, rather than the message itself.
    pub fn message_in_data(&self, input: &DecodeInput<'_>) -> bool {
        !self.is_custom_topic(input) && self.decoder_convention() == Some(Convention::Ts013)
    }

    fn is_custom_topic(&self, input: &DecodeInput<'_>) -> bool {
        input.topic.is_some_and(|t| t.contains("/user/")) && self.has("transformPayload")
    }

    /// Decodes device bytes as [`Codec::decode`] does, but returns the routine's whole result:
    /// for `decodeUplink`, `{data, warnings?, …}` as it returned it (`undefined` members as
    /// `null`); for the other conventions, the message.
    ///
    /// # Errors
    ///
    /// As [`Codec::decode`].
    pub fn decode_result(&mut self, bytes: &[u8], input: &DecodeInput<'_>) -> Result<Value, ScriptError> {
        if self.is_custom_topic(input) {
            return self.transform_payload(input.topic.unwrap_or_default(), bytes);
        }
        let port = input.f_port.unwrap_or(1);
        match self.decoder_convention() {
            Some(Convention::Alibaba) => self.raw_data_to_protocol(bytes),
            Some(Convention::Ts013) => self.decode_uplink(bytes, input),
            Some(Convention::Tencent) => self.raw_to_protocol(port, bytes),
            Some(Convention::ChirpStackV3) => {
                let variables = variables_arg(input.variables);
                Ok(Value::Object(self.call_object(
                    "Decode",
                    &[Arg::Int(i64::from(port)), Arg::Bytes(bytes, false), variables],
                    bytes.len(),
                    Members::DropUndefined,
                )?))
            }
            Some(Convention::TtnV2) => self.decoder(bytes, port),
            Some(Convention::Huawei) => self.huawei_decode(bytes, input.topic),
            None => Err(ScriptError::MissingEntryPoint {
                wanted: "rawDataToProtocol, decodeUplink, RawToProtocol, Decode, Decoder or decode".into(),
            }),
        }
    }

    /// Encodes a message into device bytes with whichever convention the script implements:
    /// `protocolToRawData`, `encodeDownlink` (with the message as `data`), `ProtocolToRaw`,
    /// `Encode`, `Encoder` or `encode`.
    ///
    /// # Errors
    ///
    /// Any [`ScriptError`]; an empty result is [`ScriptError::EmptyResult`] except for
    /// `encodeDownlink`, where `bytes: []` is a valid downlink.
    pub fn encode(&mut self, message: &Value, f_port: Option<u8>) -> Result<Vec<u8>, ScriptError> {
        Ok(self.encode_result(&EncodeInput { message, whole: false, f_port, variables: None })?.bytes)
    }

    /// Encodes as [`Codec::encode`] does, with everything the routine returned.
    ///
    /// # Errors
    ///
    /// As [`Codec::encode`].
    pub fn encode_result(&mut self, input: &EncodeInput<'_>) -> Result<Encoded, ScriptError> {
        let port = input.f_port.unwrap_or(1);
        let message = input.message;
        let bytes = match self.encoder_convention() {
            Some(Convention::Alibaba) => self.protocol_to_raw_data(message)?,
            Some(Convention::Ts013) => return self.encode_downlink(input),
            Some(Convention::Tencent) => self.protocol_to_raw(message)?,
            Some(Convention::ChirpStackV3) => {
                let args = [Arg::Int(i64::from(port)), Arg::Json(message), variables_arg(input.variables)];
                let result = self.call_value("Encode", &args, message.to_string().len(), Members::DropUndefined)?;
                bytes_of(&result, "Encode", true)?
            }
            Some(Convention::TtnV2) => self.encoder(message, port)?,
            Some(Convention::Huawei) => self.huawei_encode(message)?,
            None => {
                return Err(ScriptError::MissingEntryPoint {
                    wanted: "protocolToRawData, encodeDownlink, ProtocolToRaw, Encode, Encoder or encode".into(),
                });
            }
        };
        Ok(Encoded { bytes, f_port: None, warnings: Vec::new() })
    }

    /// Alibaba `rawDataToProtocol(bytes)`: bytes (signed, as the platform passes them, unless
    /// `unsigned_bytes`) to an Alink message. An uplink needs `method`; a reply `id` and `code`.
    ///
    /// # Errors
    ///
    /// Any [`ScriptError`]; [`ScriptError::MissingMethod`] (6450) for an uplink without `method`.
    pub fn raw_data_to_protocol(&mut self, bytes: &[u8]) -> Result<Value, ScriptError> {
        const F: &str = "rawDataToProtocol";
        let signed = !self.options.unsigned_bytes;
        let result = self.call_object(F, &[Arg::Bytes(bytes, signed)], bytes.len(), Members::DropUndefined)?;
        if result.contains_key("code") {
            if !result.contains_key("id") {
                return Err(ScriptError::MalformedResult { function: F, message: "a reply without `id`".into() });
            }
        } else if !result.get("method").is_some_and(Value::is_string) {
            return Err(ScriptError::MissingMethod);
        }
        Ok(Value::Object(result))
    }

    /// Alibaba `protocolToRawData(json)`: an Alink message to bytes.
    ///
    /// # Errors
    ///
    /// Any [`ScriptError`]; no bytes is [`ScriptError::EmptyResult`] (6201).
    pub fn protocol_to_raw_data(&mut self, message: &Value) -> Result<Vec<u8>, ScriptError> {
        const F: &str = "protocolToRawData";
        let size = message.to_string().len();
        let result = self.call_value(F, &[Arg::Json(message)], size, Members::DropUndefined)?;
        bytes_of(&result, F, false)
    }

    /// Alibaba `transformPayload(topic, bytes)`: a custom topic's bytes to any JSON object.
    ///
    /// # Errors
    ///
    /// Any [`ScriptError`].
    pub fn transform_payload(&mut self, topic: &str, bytes: &[u8]) -> Result<Value, ScriptError> {
        const F: &str = "transformPayload";
        let signed = !self.options.unsigned_bytes;
        let args = [Arg::Str(topic), Arg::Bytes(bytes, signed)];
        Ok(Value::Object(self.call_object(F, &args, bytes.len() + topic.len(), Members::DropUndefined)?))
    }

    /// Tencent `RawToProtocol(fPort, bytes)`.
    ///
    /// # Errors
    ///
    /// Any [`ScriptError`].
    pub fn raw_to_protocol(&mut self, f_port: u8, bytes: &[u8]) -> Result<Value, ScriptError> {
        let args = [Arg::Int(i64::from(f_port)), Arg::Bytes(bytes, false)];
        Ok(Value::Object(self.call_object("RawToProtocol", &args, bytes.len(), Members::DropUndefined)?))
    }

    /// Tencent `ProtocolToRaw(json)`.
    ///
    /// # Errors
    ///
    /// Any [`ScriptError`].
    pub fn protocol_to_raw(&mut self, message: &Value) -> Result<Vec<u8>, ScriptError> {
        let result = self.call_value("ProtocolToRaw", &[Arg::Json(message)], message.to_string().len(), Members::DropUndefined)?;
        bytes_of(&result, "ProtocolToRaw", false)
    }

    /// Huawei IoTDA `decode(payload, topic)`: bytes (signed unless `unsigned_bytes`, like
    /// Alibaba's) and the topic to the platform's JSON, returned as an object or as its text.
    ///
    /// # Errors
    ///
    /// Any [`ScriptError`]; a returned text that is not a JSON object is
    /// [`ScriptError::MalformedResult`].
    pub fn huawei_decode(&mut self, bytes: &[u8], topic: Option<&str>) -> Result<Value, ScriptError> {
        const F: &str = "decode";
        let signed = !self.options.unsigned_bytes;
        let args = [Arg::Bytes(bytes, signed), topic.map_or(Arg::Json(&Value::Null), Arg::Str)];
        let size = bytes.len() + topic.map_or(0, str::len);
        match self.call_value(F, &args, size, Members::DropUndefined)? {
            Value::String(text) => match serde_json::from_str::<Value>(&text) {
                Ok(Value::Object(map)) if !map.is_empty() => Ok(Value::Object(map)),
                Ok(Value::Object(_)) => Err(ScriptError::EmptyResult { function: F }),
                Ok(other) => Err(ScriptError::MalformedResult {
                    function: F,
                    message: format!("JSON text of {}, not of an object", crate::diagnostic::json_kind(&other)),
                }),
                Err(e) => Err(ScriptError::MalformedResult { function: F, message: format!("a string that is not JSON ({e})") }),
            },
            Value::Object(map) if map.is_empty() => Err(ScriptError::EmptyResult { function: F }),
            Value::Object(map) => Ok(Value::Object(map)),
            Value::Null => Err(ScriptError::EmptyResult { function: F }),
            other => Err(ScriptError::MalformedResult {
                function: F,
                message: format!("{}, not an object or its JSON text", crate::diagnostic::json_kind(&other)),
            }),
        }
    }

    /// Huawei IoTDA `encode(json)`: the platform's message, handed over as JSON text, to bytes.
    ///
    /// # Errors
    ///
    /// Any [`ScriptError`].
    pub fn huawei_encode(&mut self, message: &Value) -> Result<Vec<u8>, ScriptError> {
        let text = message.to_string();
        let result = self.call_value("encode", &[Arg::Str(&text)], text.len(), Members::DropUndefined)?;
        bytes_of(&result, "encode", false)
    }

    /// TS013 `decodeUplink({bytes, fPort, recvTime?, variables})`: the whole result (`data`,
    /// `warnings`, `undefined` members as `null`); reported `errors` are an error.
    ///
    /// # Errors
    ///
    /// Any [`ScriptError`]; non-empty `errors` is [`ScriptError::Reported`] with all of them.
    pub fn decode_uplink(&mut self, bytes: &[u8], input: &DecodeInput<'_>) -> Result<Value, ScriptError> {
        let mut members = vec![("bytes", Arg::Bytes(bytes, false)), ("fPort", Arg::Int(i64::from(input.f_port.unwrap_or(1))))];
        if let Some(ms) = input.recv_time_ms {
            members.push(("recvTime", Arg::Date(ms)));
        }
        members.push(("variables", variables_arg(input.variables)));
        let result = self.call_object("decodeUplink", &[Arg::Object(members)], bytes.len(), Members::UndefinedAsNull)?;
        lorawan_result(result)
    }

    /// TS013 `decodeDownlink({bytes, fPort, variables})`: the whole result, as
    /// [`Codec::decode_uplink`].
    ///
    /// # Errors
    ///
    /// As [`Codec::decode_uplink`].
    pub fn decode_downlink(&mut self, bytes: &[u8], input: &DecodeInput<'_>) -> Result<Value, ScriptError> {
        let members = vec![
            ("bytes", Arg::Bytes(bytes, false)),
            ("fPort", Arg::Int(i64::from(input.f_port.unwrap_or(1)))),
            ("variables", variables_arg(input.variables)),
        ];
        let result = self.call_object("decodeDownlink", &[Arg::Object(members)], bytes.len(), Members::UndefinedAsNull)?;
        lorawan_result(result)
    }

    /// The Things Stack's `normalizeUplink({data})`: the whole result as the routine returned
    /// it. Checking `data` against the normalized-payload vocabulary is [`normalized::check`].
    ///
    /// # Errors
    ///
    /// As [`Codec::decode_uplink`].
    pub fn normalize_uplink(&mut self, data: &Value) -> Result<Value, ScriptError> {
        let members = vec![("data", Arg::Json(data))];
        let result = self.call_object("normalizeUplink", &[Arg::Object(members)], data.to_string().len(), Members::UndefinedAsNull)?;
        lorawan_result(result)
    }

    /// TS013 `encodeDownlink(input)`: `input.message` as `data` (or, `whole`, as the input
    /// object itself), `fPort` and `variables` added where given and absent. `bytes: []` is a
    /// valid downlink.
    ///
    /// # Errors
    ///
    /// Any [`ScriptError`]; non-empty `errors` is [`ScriptError::Reported`]; `bytes` that are not
    /// integers 0–255 are [`ScriptError::ByteOutOfRange`].
    pub fn encode_downlink(&mut self, input: &EncodeInput<'_>) -> Result<Encoded, ScriptError> {
        const F: &str = "encodeDownlink";
        let mut object = match input.message {
            Value::Object(map) if input.whole => map.clone(),
            Value::Object(_) | Value::Array(_) | Value::Bool(_) | Value::Number(_) | Value::String(_) | Value::Null if input.whole => {
                return Err(ScriptError::MalformedInput { message: "the input of encodeDownlink must be an object".into() });
            }
            data => Map::from_iter([("data".to_string(), data.clone())]),
        };
        if let Some(port) = input.f_port {
            object.entry("fPort").or_insert(port.into());
        }
        if !object.contains_key("variables") {
            let variables =
                input.variables.map(|v| v.iter().map(|(k, v)| (k.clone(), Value::from(v.as_str()))).collect()).unwrap_or_default();
            object.insert("variables".into(), Value::Object(variables));
        }
        let object = Value::Object(object);
        let result = self.call_object(F, &[Arg::Json(&object)], object.to_string().len(), Members::UndefinedAsNull)?;
        let result = lorawan_result(result)?;
        let bytes = bytes_of(result.get("bytes").unwrap_or(&Value::Null), F, true)?;
        let f_port = match result.get("fPort") {
            None | Some(Value::Null) => None,
            Some(v) => Some(v.as_u64().filter(|p| *p <= 255).map(|p| p as u8).ok_or_else(|| ScriptError::MalformedResult {
                function: F,
                message: format!("`fPort` {v}, not an integer from 0 to 255"),
            })?),
        };
        let warnings = result.get("warnings").and_then(Value::as_array).cloned().unwrap_or_default();
        Ok(Encoded { bytes, f_port, warnings })
    }

    /// The older LoRaWAN `Decoder(bytes, port)`.
    ///
    /// # Errors
    ///
    /// Any [`ScriptError`].
    pub fn decoder(&mut self, bytes: &[u8], port: u8) -> Result<Value, ScriptError> {
        let args = [Arg::Bytes(bytes, false), Arg::Int(i64::from(port))];
        Ok(Value::Object(self.call_object("Decoder", &args, bytes.len(), Members::DropUndefined)?))
    }

    /// The older LoRaWAN `Encoder(object, port)`.
    ///
    /// # Errors
    ///
    /// Any [`ScriptError`].
    pub fn encoder(&mut self, object: &Value, port: u8) -> Result<Vec<u8>, ScriptError> {
        let args = [Arg::Json(object), Arg::Int(i64::from(port))];
        let result = self.call_value("Encoder", &args, object.to_string().len(), Members::DropUndefined)?;
        bytes_of(&result, "Encoder", true)
    }

    /// Calls `function`; the result must be a non-empty object.
    fn call_object(
        &mut self,
        function: &'static str,
        args: &[Arg<'_>],
        input_size: usize,
        members: Members,
    ) -> Result<Map<String, Value>, ScriptError> {
        match self.call_value(function, args, input_size, members)? {
            Value::Object(map) if map.is_empty() => Err(ScriptError::EmptyResult { function }),
            Value::Object(map) => Ok(map),
            Value::Null => Err(ScriptError::EmptyResult { function }),
            other => {
                Err(ScriptError::MalformedResult { function, message: format!("{}, not an object", crate::diagnostic::json_kind(&other)) })
            }
        }
    }

    /// Calls `function` under every limit; the result as JSON (`undefined` is an empty result).
    fn call_value(&mut self, function: &'static str, args: &[Arg<'_>], input_size: usize, members: Members) -> Result<Value, ScriptError> {
        if input_size > self.options.max_input_bytes {
            return Err(ScriptError::InputTooLarge { size: input_size, limit: self.options.max_input_bytes });
        }
        if !self.has(function) {
            return Err(ScriptError::MissingEntryPoint { wanted: function.into() });
        }
        if self.engine.poisoned {
            // The last call was cut short; build a new engine rather than trust its state.
            self.engine = Engine::new(&self.source, &self.options)?.0;
        }
        let outcome = self.engine.call(function, args, &self.options, members);
        self.logs = engine::take_logs();
        let value = outcome?.ok_or(ScriptError::EmptyResult { function })?;
        // The walker stops early on an estimate; the exact size is that of the JSON text.
        let size = serde_json::to_string(&value).map_or(usize::MAX, |t| t.len());
        if size > self.options.max_output_bytes {
            return Err(ScriptError::OutputTooLarge { size, limit: self.options.max_output_bytes });
        }
        Ok(value)
    }
}

/// The value of a JavaScript literal (an array or object with comments, hex numbers, trailing
/// commas, as ChirpStack's codec test files are written), evaluated in the sandbox under
/// `options`' limits as ChirpStack's runner does — after the codec `scope` (empty for none),
/// in its scope, so that the literal may call the codec's helpers (`const tests = TEXT;`) —
/// read into JSON by `JSON.stringify`'s rules (`undefined` members left out).
///
/// # Errors
///
/// [`ScriptError::Syntax`] (or a throw) with the text's own line and column; a limit; a value
/// JSON cannot hold.
pub fn eval_literal(text: &str, scope: &str, options: CodecOptions) -> Result<Value, ScriptError> {
    // The text starts on a line of its own after the scope, right after the prefix, so that
    // its lines and columns map back by subtraction.
    const PREFIX: &str = "function Decoder() { return {value: (";
    let (source, offset) = if scope.is_empty() {
        (format!("{PREFIX}{text}\n)}}; }}"), 0)
    } else {
        (format!("{scope}\n{PREFIX}{text}\n)}}; }}"), scope.matches('\n').count() + 1)
    };
    let back = |(line, column): (usize, usize)| match line.checked_sub(offset) {
        Some(1) => (1, column.saturating_sub(PREFIX.chars().count())),
        Some(0) | None => (line, column),
        Some(line) => (line, column),
    };
    // A test file is larger than a message: it is bounded as a whole (16 MiB), and by the heap.
    const MAX: usize = 16 << 20;
    let located = |e: ScriptError| match e {
        ScriptError::Syntax { message, line, column } => {
            let (line, column) = back((line, column));
            ScriptError::Syntax { message, line, column }
        }
        ScriptError::Threw { message, position } => ScriptError::Threw { message, position: position.map(back) },
        other => other,
    };
    let mut codec = Codec::compile(&source, options.size_limits(MAX, MAX, MAX)).map_err(located)?;
    let mut object = codec.decoder(&[], 1).map_err(located)?;
    Ok(object.get_mut("value").map(Value::take).unwrap_or(Value::Null))
}

/// Deepest nesting of brackets a script may have: the parser recurses once per level, and no
/// codec comes near it.
const MAX_NESTING: usize = 1000;

/// Refuses a script whose brackets nest deeper than [`MAX_NESTING`], at the bracket that goes
/// too deep; strings, template literals and comments are skipped (a regular expression's
/// brackets count, which only errs on the side of refusing).
pub(crate) fn nesting_check(source: &str) -> Result<(), ScriptError> {
    let (mut depth, mut line, mut column) = (0usize, 1usize, 0usize);
    let mut chars = source.chars().peekable();
    let mut quote: Option<char> = None;
    let mut comment: Option<bool> = None; // Some(true): a line comment
    while let Some(c) = chars.next() {
        column += 1;
        if c == '\n' {
            (line, column) = (line + 1, 0);
        }
        match (quote, comment) {
            (Some(q), _) => {
                if c == '\\' {
                    if chars.next() == Some('\n') {
                        (line, column) = (line + 1, 0);
                    } else {
                        column += 1;
                    }
                } else if c == q {
                    quote = None;
                }
            }
            (None, Some(true)) if c == '\n' => comment = None,
            (None, Some(false)) if c == '*' && chars.peek() == Some(&'/') => {
                chars.next();
                column += 1;
                comment = None;
            }
            (None, Some(_)) => {}
            (None, None) => match c {
                '\'' | '"' | '`' => quote = Some(c),
                '/' if chars.peek() == Some(&'/') => comment = Some(true),
                '/' if chars.peek() == Some(&'*') => comment = Some(false),
                '(' | '[' | '{' => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        let message = format!("brackets nest deeper than {MAX_NESTING} levels");
                        return Err(ScriptError::Syntax { message, line, column });
                    }
                }
                ')' | ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
    }
    Ok(())
}

/// `variables` as an argument: an object of strings (empty when not given).
fn variables_arg(variables: Option<&Variables>) -> Arg<'static> {
    Arg::Owned(Value::Object(variables.map(|v| v.iter().map(|(k, v)| (k.clone(), Value::from(v.as_str()))).collect()).unwrap_or_default()))
}

/// Output bytes: a list (or typed array, already listed) of integers 0–255; `allow_empty` for
/// the conventions where no bytes is a valid downlink (LoRaWAN).
fn bytes_of(value: &Value, function: &'static str, allow_empty: bool) -> Result<Vec<u8>, ScriptError> {
    let items = match value {
        Value::Array(items) if items.is_empty() && !allow_empty => {
            return Err(ScriptError::EmptyResult { function });
        }
        Value::Array(items) => items,
        Value::Null => return Err(ScriptError::EmptyResult { function }),
        other => {
            return Err(ScriptError::MalformedResult {
                function,
                message: format!("{}, not a list of bytes", crate::diagnostic::json_kind(other)),
            });
        }
    };
    items
        .iter()
        .enumerate()
        .map(|(index, v)| {
            v.as_u64().filter(|n| *n <= 255).map(|n| n as u8).ok_or_else(|| ScriptError::ByteOutOfRange { index, value: v.to_string() })
        })
        .collect()
}

/// A LoRaWAN result: `errors` (non-empty) fail the call.
fn lorawan_result(result: Map<String, Value>) -> Result<Value, ScriptError> {
    let list = |key: &str| result.get(key).and_then(Value::as_array).cloned().unwrap_or_default();
    let errors = list("errors");
    if !errors.is_empty() {
        return Err(ScriptError::Reported { errors, warnings: list("warnings") });
    }
    Ok(Value::Object(result))
}
