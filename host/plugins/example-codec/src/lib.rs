//! The documented example protocol (`examples/alink-example.js`) as a native codec plugin: what a
//! third party ships when it implements world `thingkit:plugin/codec` instead of a script.
//!
//! Big-endian frames: byte 0 is the command (0x00 property report, 0x01 property set, 0x02
//! report reply, 0x03 set reply), then `id: int32`; a report or set carries `prop_int16: int16,
//! prop_bool: uint8, prop_float: float32`; a reply carries `code: uint8`. The custom topic
//! `/user/update` carries a report's bytes, `/user/update/error` one signed error byte.

use bindings::exports::thingkit::plugin::codecs::{self, CodecOptions, DecodeInput, Decoded, Direction, EncodeInput, Encoded};
use bindings::thingkit::plugin::types::Error;
use serde_json::{Map, Value, json};

#[allow(unsafe_code)]
mod bindings {
    wit_bindgen::generate!({ world: "codec", path: "../../wit" });
    use super::Plugin;
    export!(Plugin with_types_in self);
}

const REPORT: u8 = 0x00;
const SET: u8 = 0x01;
const REPORT_REPLY: u8 = 0x02;
const SET_REPLY: u8 = 0x03;
const METHOD_REPORT: &str = "thing.event.property.post";
const METHOD_SET: &str = "thing.service.property.set";

struct Plugin;

impl codecs::Guest for Plugin {
    type Codec = ExampleCodec;
}

/// Stateless: the protocol is compiled in; the script source is ignored.
struct ExampleCodec;

impl codecs::GuestCodec for ExampleCodec {
    fn compile(_source: String, _options: CodecOptions) -> Result<codecs::Codec, Error> {
        Ok(codecs::Codec::new(ExampleCodec))
    }

    fn entry_points(&self) -> Vec<String> {
        ["rawDataToProtocol", "protocolToRawData", "transformPayload"].map(String::from).to_vec()
    }

    fn decode(&self, bytes: Vec<u8>, input: DecodeInput, direction: Direction) -> Result<Decoded, Error> {
        if direction == Direction::Downlink {
            return Err(error("TK5011", "the example protocol has no downlink decoder".into()));
        }
        let value = match input.topic.as_deref() {
            Some(topic) if topic.contains("/user/update/error") => {
                json!({"topic": topic, "errorCode": i8::from_be_bytes([*bytes.first().ok_or_else(|| short(1, 0))?])})
            }
            Some(topic) if topic.contains("/user/update") => {
                let mut result = properties(&bytes)?;
                result.insert("topic".into(), topic.into());
                Value::Object(result)
            }
            _ => uplink(&bytes)?,
        };
        Ok(Decoded { result: value.to_string(), in_data: false, logs: Vec::new() })
    }

    fn normalize(&self, _data: String) -> Result<Decoded, Error> {
        Err(error("TK5011", "the example protocol has no normalizeUplink".into()))
    }

    fn encode(&self, input: EncodeInput) -> Result<Encoded, Error> {
        let json: Value = serde_json::from_str(&input.message).map_err(|e| error("TK0001", format!("the message is not JSON: {e}")))?;
        let id = json["id"].as_str().and_then(|s| s.parse::<i32>().ok()).unwrap_or(0).to_be_bytes();
        let mut out = Vec::with_capacity(12);
        match json["method"].as_str() {
            Some(METHOD_SET) => {
                let params = &json["params"];
                out.push(SET);
                out.extend(id);
                out.extend((params["prop_int16"].as_f64().unwrap_or(0.0) as i16).to_be_bytes());
                out.push(params["prop_bool"].as_f64().unwrap_or(0.0) as u8);
                out.extend((params["prop_float"].as_f64().unwrap_or(0.0) as f32).to_be_bytes());
            }
            Some(METHOD_REPORT) => {
                out.push(REPORT_REPLY);
                out.extend(id);
                out.push(json["code"].as_f64().unwrap_or(0.0) as u8);
            }
            other => return Err(error("TK5010", format!("unsupported method {}", other.unwrap_or("undefined")))),
        }
        Ok(Encoded { bytes: out, f_port: None, warnings: "[]".into(), logs: Vec::new() })
    }
}

fn uplink(bytes: &[u8]) -> Result<Value, Error> {
    let command = *bytes.first().ok_or_else(|| short(1, 0))?;
    let id = read::<4>(bytes, 1).map(i32::from_be_bytes)?;
    match command {
        REPORT => Ok(json!({"method": METHOD_REPORT, "id": id.to_string(), "params": properties(bytes)?, "version": "1.0"})),
        SET_REPLY => Ok(json!({"code": read::<1>(bytes, 5)?[0].to_string(), "data": {}, "id": id.to_string(), "version": "1.0"})),
        other => Err(error("TK5010", format!("unknown command 0x{other:x}"))),
    }
}

fn properties(bytes: &[u8]) -> Result<Map<String, Value>, Error> {
    let float = f64::from(f32::from_be_bytes(read::<4>(bytes, 8)?));
    let mut map = Map::new();
    map.insert("prop_int16".into(), i16::from_be_bytes(read::<2>(bytes, 5)?).into());
    map.insert("prop_bool".into(), read::<1>(bytes, 7)?[0].into());
    // As JavaScript prints numbers: integral values without a fraction.
    map.insert("prop_float".into(), if float.fract() == 0.0 && float.abs() < 9e15 { json!(float as i64) } else { json!(float) });
    Ok(map)
}

fn read<const N: usize>(bytes: &[u8], at: usize) -> Result<[u8; N], Error> {
    bytes.get(at..at + N).and_then(|s| s.try_into().ok()).ok_or_else(|| short(at + N, bytes.len()))
}

fn short(needed: usize, got: usize) -> Error {
    error("TK5010", format!("the frame has {got} bytes; {needed} are needed"))
}

fn error(code: &str, message: String) -> Error {
    Error { code: code.into(), message, line: None, column: None, platform_code: None, diagnostics: Vec::new(), model: None }
}
