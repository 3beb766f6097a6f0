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
//! (`RawToProtocol`, `ProtocolToRaw`), LoRaWAN payload formatters (`decodeUplink`,
//! `encodeDownlink`, `decodeDownlink`, and the older `Decoder`/`Encoder`).
//!
//! Isolation: the built-ins are frozen once; each call runs the script's top level afresh (its
//! functions and tables are new objects every message) and removes any global it created.
//! Limits: the step budget and the clock are checked every few thousand interpreter steps,
//! over all JavaScript the call runs, loops and calls nested or not; a call cut short leaves
//! the engine to be rebuilt before the next one.

mod bytes_text;
mod engine;
mod error;
mod heap;
mod options;
mod to_json;

pub use bytes_text::{from_base64, from_hex};
pub use error::ScriptError;
pub use heap::set_heap_probe;
pub use options::{CodecOptions, Deterministic};

use engine::{Arg, Engine};
use serde_json::{Map, Value, json};

/// What a decode call knows besides the bytes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DecodeInput<'a> {
    /// The MQTT topic; a custom topic (`/user/…`) goes to `transformPayload`.
    pub topic: Option<&'a str>,
    /// The LoRaWAN or Tencent port.
    pub f_port: Option<u8>,
}

/// A compiled script.
///
/// A codec owns a JavaScript engine, which is tied to its thread: use one codec per thread (or
/// per request on a pool). It is `&mut` to call because each call runs on that engine.
#[derive(Debug)]
pub struct Codec {
    source: String,
    options: CodecOptions,
    engine: Engine,
    entry_points: Vec<&'static str>,
}

impl Codec {
    /// Compiles a script: syntax errors come back with their line and column.
    pub fn compile(source: &str, options: CodecOptions) -> Result<Codec, ScriptError> {
        if source.len() > options.max_script_bytes {
            return Err(ScriptError::ScriptTooLarge { size: source.len(), limit: options.max_script_bytes });
        }
        let (engine, entry_points) = Engine::new(source, &options)?;
        Ok(Codec { source: source.to_string(), options, engine, entry_points })
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

    /// Decodes device bytes with whichever convention the script implements: `transformPayload`
    /// for custom topics, else `rawDataToProtocol`, `decodeUplink` (its `data`), `RawToProtocol`
    /// or `Decoder`.
    pub fn decode(&mut self, bytes: &[u8], input: &DecodeInput<'_>) -> Result<Value, ScriptError> {
        if let Some(topic) = input.topic.filter(|t| t.contains("/user/"))
            && self.has("transformPayload")
        {
            return self.transform_payload(topic, bytes);
        }
        if self.has("rawDataToProtocol") {
            self.raw_data_to_protocol(bytes)
        } else if self.has("decodeUplink") {
            Ok(self.decode_uplink(bytes, input.f_port.unwrap_or(1))?.get("data").cloned().unwrap_or(Value::Null))
        } else if self.has("RawToProtocol") {
            self.raw_to_protocol(input.f_port.unwrap_or(1), bytes)
        } else if self.has("Decoder") {
            self.decoder(bytes, input.f_port.unwrap_or(1))
        } else {
            Err(ScriptError::MissingEntryPoint { wanted: "rawDataToProtocol, decodeUplink, RawToProtocol or Decoder".into() })
        }
    }

    /// Encodes a message into device bytes with whichever convention the script implements:
    /// `protocolToRawData`, `encodeDownlink` (with the message as `data`), `ProtocolToRaw` or
    /// `Encoder`.
    pub fn encode(&mut self, message: &Value, f_port: Option<u8>) -> Result<Vec<u8>, ScriptError> {
        if self.has("protocolToRawData") {
            self.protocol_to_raw_data(message)
        } else if self.has("encodeDownlink") {
            let out = self.encode_downlink(message, f_port)?;
            bytes_of(out.get("bytes").unwrap_or(&Value::Null), "encodeDownlink")
        } else if self.has("ProtocolToRaw") {
            self.protocol_to_raw(message)
        } else if self.has("Encoder") {
            self.encoder(message, f_port.unwrap_or(1))
        } else {
            Err(ScriptError::MissingEntryPoint { wanted: "protocolToRawData, encodeDownlink, ProtocolToRaw or Encoder".into() })
        }
    }

    /// Alibaba `rawDataToProtocol(bytes)`: bytes (signed, as the platform passes them, unless
    /// `unsigned_bytes`) to an Alink message. An uplink needs `method`; a reply `id` and `code`.
    pub fn raw_data_to_protocol(&mut self, bytes: &[u8]) -> Result<Value, ScriptError> {
        const F: &str = "rawDataToProtocol";
        let signed = !self.options.unsigned_bytes;
        let result = self.call_object(F, &[Arg::Bytes(bytes, signed)], bytes.len())?;
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
    pub fn protocol_to_raw_data(&mut self, message: &Value) -> Result<Vec<u8>, ScriptError> {
        const F: &str = "protocolToRawData";
        let size = message.to_string().len();
        let result = self.call_value(F, &[Arg::Json(message)], size)?;
        bytes_of(&result, F)
    }

    /// Alibaba `transformPayload(topic, bytes)`: a custom topic's bytes to any JSON object.
    pub fn transform_payload(&mut self, topic: &str, bytes: &[u8]) -> Result<Value, ScriptError> {
        const F: &str = "transformPayload";
        let signed = !self.options.unsigned_bytes;
        Ok(Value::Object(self.call_object(F, &[Arg::Str(topic), Arg::Bytes(bytes, signed)], bytes.len() + topic.len())?))
    }

    /// Tencent `RawToProtocol(fPort, bytes)`.
    pub fn raw_to_protocol(&mut self, f_port: u8, bytes: &[u8]) -> Result<Value, ScriptError> {
        Ok(Value::Object(self.call_object("RawToProtocol", &[Arg::Int(i64::from(f_port)), Arg::Bytes(bytes, false)], bytes.len())?))
    }

    /// Tencent `ProtocolToRaw(json)`.
    pub fn protocol_to_raw(&mut self, message: &Value) -> Result<Vec<u8>, ScriptError> {
        let result = self.call_value("ProtocolToRaw", &[Arg::Json(message)], message.to_string().len())?;
        bytes_of(&result, "ProtocolToRaw")
    }

    /// LoRaWAN `decodeUplink({bytes, fPort})`: the whole result (`data`, `warnings`); reported
    /// `errors` are an error.
    pub fn decode_uplink(&mut self, bytes: &[u8], f_port: u8) -> Result<Value, ScriptError> {
        let input = json!({"bytes": bytes, "fPort": f_port});
        let result = self.call_object("decodeUplink", &[Arg::Json(&input)], bytes.len())?;
        lorawan_result(result)
    }

    /// LoRaWAN `decodeDownlink({bytes, fPort})`.
    pub fn decode_downlink(&mut self, bytes: &[u8], f_port: u8) -> Result<Value, ScriptError> {
        let input = json!({"bytes": bytes, "fPort": f_port});
        let result = self.call_object("decodeDownlink", &[Arg::Json(&input)], bytes.len())?;
        lorawan_result(result)
    }

    /// LoRaWAN `encodeDownlink({data, fPort})`: the whole result (`bytes` checked, `fPort`,
    /// `warnings`).
    pub fn encode_downlink(&mut self, data: &Value, f_port: Option<u8>) -> Result<Value, ScriptError> {
        let mut input = Map::new();
        input.insert("data".into(), data.clone());
        if let Some(port) = f_port {
            input.insert("fPort".into(), port.into());
        }
        let input = Value::Object(input);
        let result = self.call_object("encodeDownlink", &[Arg::Json(&input)], input.to_string().len())?;
        let result = lorawan_result(result)?;
        let bytes = bytes_of(result.get("bytes").unwrap_or(&Value::Null), "encodeDownlink")?;
        let mut out = result.as_object().cloned().unwrap_or_default();
        out.insert("bytes".into(), bytes.into());
        Ok(Value::Object(out))
    }

    /// The older LoRaWAN `Decoder(bytes, port)`.
    pub fn decoder(&mut self, bytes: &[u8], port: u8) -> Result<Value, ScriptError> {
        Ok(Value::Object(self.call_object("Decoder", &[Arg::Bytes(bytes, false), Arg::Int(i64::from(port))], bytes.len())?))
    }

    /// The older LoRaWAN `Encoder(object, port)`.
    pub fn encoder(&mut self, object: &Value, port: u8) -> Result<Vec<u8>, ScriptError> {
        let result = self.call_value("Encoder", &[Arg::Json(object), Arg::Int(i64::from(port))], object.to_string().len())?;
        bytes_of(&result, "Encoder")
    }

    /// Calls `function`; the result must be a non-empty object.
    fn call_object(&mut self, function: &'static str, args: &[Arg<'_>], input_size: usize) -> Result<Map<String, Value>, ScriptError> {
        match self.call_value(function, args, input_size)? {
            Value::Object(map) if map.is_empty() => Err(ScriptError::EmptyResult { function }),
            Value::Object(map) => Ok(map),
            Value::Null => Err(ScriptError::EmptyResult { function }),
            other => {
                Err(ScriptError::MalformedResult { function, message: format!("{}, not an object", crate::validate::json_kind(&other)) })
            }
        }
    }

    /// Calls `function` under every limit; the result as JSON (`undefined` is an empty result).
    fn call_value(&mut self, function: &'static str, args: &[Arg<'_>], input_size: usize) -> Result<Value, ScriptError> {
        if input_size > self.options.max_input_bytes {
            return Err(ScriptError::InputTooLarge { size: input_size, limit: self.options.max_input_bytes });
        }
        if !self.has(function) {
            return Err(ScriptError::MissingEntryPoint { wanted: function.into() });
        }
        if self.engine.poisoned {
            // The last call was cut short; its engine cannot be trusted.
            self.engine = Engine::new(&self.source, &self.options)?.0;
        }
        let value = self.engine.call(function, args, &self.options)?.ok_or(ScriptError::EmptyResult { function })?;
        // The walker stops early on an estimate; the exact size is that of the JSON text.
        let size = serde_json::to_string(&value).map_or(usize::MAX, |t| t.len());
        if size > self.options.max_output_bytes {
            return Err(ScriptError::OutputTooLarge { size, limit: self.options.max_output_bytes });
        }
        Ok(value)
    }
}

/// Output bytes: a list (or typed array, already listed) of integers 0–255.
fn bytes_of(value: &Value, function: &'static str) -> Result<Vec<u8>, ScriptError> {
    let items = match value {
        Value::Array(items) if items.is_empty() => {
            return Err(ScriptError::EmptyResult { function });
        }
        Value::Array(items) => items,
        Value::Null => return Err(ScriptError::EmptyResult { function }),
        other => {
            return Err(ScriptError::MalformedResult {
                function,
                message: format!("{}, not a list of bytes", crate::validate::json_kind(other)),
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
