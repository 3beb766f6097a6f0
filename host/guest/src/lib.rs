//! thingkit's core as a WebAssembly component: the `thingkit:plugin/plugin` world of
//! `host/wit/thingkit.wit`, each export a thin call into core with JSON text in and out. The host
//! (`thingkit serve`, `--wasm` on the CLI) runs it under wasmtime's memory cap and deadline.

use bindings::exports::thingkit::plugin::codecs::{self, CodecOptions, DecodeInput, Decoded, Direction, EncodeInput, Encoded, LogLine};
use bindings::exports::thingkit::plugin::models;
use bindings::thingkit::plugin::types::Error;
use std::cell::RefCell;
use thingkit::data::{DataModel, Level, check};
use thingkit::script::{Codec, ScriptError, Variables};
use thingkit::{Code, ConvertError, Format};

/// The generated bindings, apart so that the WIT package's `thingkit` module does not shadow the
/// `thingkit` crate. The canonical ABI glue is the one place `unsafe` is allowed.
#[allow(unsafe_code)]
mod bindings {
    wit_bindgen::generate!({ world: "plugin", path: "../wit" });
    use super::Plugin;
    export!(Plugin with_types_in self);
}

struct Plugin;

impl models::Guest for Plugin {
    fn validate(text: String) -> String {
        thingkit::json::report(&thingkit::validate(&text)).to_string()
    }

    fn convert(text: String, to: String) -> Result<String, Error> {
        let target = Format::parse(&to).ok_or_else(|| bad_argument(format!("unknown format `{to}`: expected one of {}", Format::names())))?;
        match thingkit::convert(&text, target) {
            Ok(c) => Ok(thingkit::json::conversion(&c).to_string()),
            Err(e) => Err(convert_error(&e)),
        }
    }

    fn check_data(models: Vec<String>, message: String, level: String) -> Result<String, Error> {
        let level = Level::parse(&level).ok_or_else(|| bad_argument(format!("unknown level `{level}`: expected one of {}", Level::names())))?;
        let model = DataModel::from_texts(models.iter().map(String::as_str)).map_err(|e| convert_error(&e))?;
        let message: serde_json::Value = serde_json::from_str(&message).map_err(|e| not_json(&e))?;
        Ok(thingkit::json::data_check(&check(&model, &message, level), level).to_string())
    }
}

impl codecs::Guest for Plugin {
    type Codec = GuestCodec;
}

/// A compiled script; wasm components are single-threaded, so the cell is never contended.
struct GuestCodec(RefCell<Codec>);

impl codecs::GuestCodec for GuestCodec {
    fn compile(source: String, options: CodecOptions) -> Result<codecs::Codec, Error> {
        let mut core = thingkit::script::CodecOptions::default().unsigned_bytes(options.unsigned_bytes);
        if options.deterministic_now_ms.is_some() || options.deterministic_seed.is_some() {
            core = core.deterministic(options.deterministic_now_ms.unwrap_or(0), options.deterministic_seed.unwrap_or(0));
        }
        let codec = Codec::compile(&source, core).map_err(|e| script_error(&e))?;
        Ok(codecs::Codec::new(GuestCodec(RefCell::new(codec))))
    }

    fn entry_points(&self) -> Vec<String> {
        self.0.borrow().entry_points().iter().map(|s| s.to_string()).collect()
    }

    fn decode(&self, bytes: Vec<u8>, input: DecodeInput, direction: Direction) -> Result<Decoded, Error> {
        let variables: Variables = input.variables.into_iter().collect();
        let core_input = thingkit::script::DecodeInput {
            topic: input.topic.as_deref(),
            f_port: input.f_port,
            recv_time_ms: input.recv_time_ms,
            variables: Some(&variables),
        };
        let mut codec = self.0.borrow_mut();
        let (outcome, in_data) = match direction {
            Direction::Uplink => (codec.decode_result(&bytes, &core_input), codec.message_in_data(&core_input)),
            Direction::Downlink => (codec.decode_downlink(&bytes, &core_input), true),
        };
        let result = outcome.map_err(|e| script_error(&e))?;
        Ok(Decoded { result: result.to_string(), in_data, logs: logs(codec.logs()) })
    }

    fn normalize(&self, data: String) -> Result<Decoded, Error> {
        let data: serde_json::Value = serde_json::from_str(&data).map_err(|e| not_json(&e))?;
        let mut codec = self.0.borrow_mut();
        let mut result = codec.normalize_uplink(&data).map_err(|e| script_error(&e))?;
        thingkit::script::normalized::add_warnings(&mut result);
        Ok(Decoded { result: result.to_string(), in_data: true, logs: logs(codec.logs()) })
    }

    fn encode(&self, input: EncodeInput) -> Result<Encoded, Error> {
        let message: serde_json::Value = serde_json::from_str(&input.message).map_err(|e| not_json(&e))?;
        let variables: Variables = input.variables.into_iter().collect();
        let core_input =
            thingkit::script::EncodeInput { message: &message, whole: input.whole, f_port: input.f_port, variables: Some(&variables) };
        let mut codec = self.0.borrow_mut();
        let encoded = codec.encode_result(&core_input).map_err(|e| script_error(&e))?;
        Ok(Encoded {
            bytes: encoded.bytes,
            f_port: encoded.f_port,
            warnings: serde_json::Value::Array(encoded.warnings).to_string(),
            logs: logs(codec.logs()),
        })
    }
}

fn logs(lines: &[thingkit::script::LogLine]) -> Vec<LogLine> {
    lines.iter().map(|l| LogLine { level: l.level.to_string(), message: l.message.clone() }).collect()
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn script_error(e: &ScriptError) -> Error {
    let (line, column) = e.location().map_or((None, None), |(l, c)| (Some(saturate(l)), Some(saturate(c))));
    Error { code: e.code().as_str().into(), message: e.to_string(), line, column, platform_code: e.platform_code().map(u32::from) }
}

fn convert_error(e: &ConvertError) -> Error {
    let first = match e {
        ConvertError::Invalid { errors } => errors.first(),
        _ => None,
    };
    Error {
        code: thingkit::json::convert_error(e)["code"].as_str().unwrap_or_default().into(),
        message: first.map_or_else(|| e.to_string(), |d| d.message.clone()),
        line: first.map(|d| saturate(d.line)),
        column: first.map(|d| saturate(d.column)),
        platform_code: None,
    }
}

fn bad_argument(message: String) -> Error {
    Error { code: Code::BadArgument.as_str().into(), message, line: None, column: None, platform_code: None }
}

/// A message that is not JSON, located.
fn not_json(e: &serde_json::Error) -> Error {
    let (line, column) = thingkit::json::json_error_position(e);
    Error {
        code: Code::JsonSyntax.as_str().into(),
        message: format!("the message is not JSON: {e}"),
        line: Some(saturate(line)),
        column: Some(saturate(column)),
        platform_code: None,
    }
}
