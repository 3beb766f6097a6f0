//! thingkit's core as a WebAssembly component: the `thingkit:plugin/plugin` world of
//! `host/wit/thingkit.wit`, each export a thin call into core. Formats, levels, diagnostics,
//! reports and errors cross typed (mapped to and from core's types with one `match` per
//! direction); documents and messages as JSON text. The host (`thingkit serve`, `--wasm` on the
//! CLI) runs it under wasmtime's memory cap and deadline.

use bindings::exports::thingkit::plugin::codecs::{self, CodecOptions, DecodeInput, Decoded, Direction, EncodeInput, Encoded, LogLine};
use bindings::exports::thingkit::plugin::batches::BatchItem;
use bindings::exports::thingkit::plugin::models::{self, Conversion, FidelityEntry, Outcome, Report};
use bindings::thingkit::plugin::types::{Diagnostic, Error, Format, Level, Severity, TextRange};
use std::cell::RefCell;
use thingkit::data::{DataModel, read_module};
use thingkit::json::ErrorFields;
use thingkit::script::{Codec, ScriptError, Variables};
use thingkit::{Code, ConvertError};

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
    type DataModel = GuestDataModel;

    fn validate(text: String, as_: Option<Format>) -> Report {
        report(thingkit::validate::validate_as(&text, as_.map(format_from_wit)))
    }

    fn convert(text: String, from: Option<Format>, to: Format) -> Result<Conversion, Error> {
        let converted = thingkit::convert_as(&text, from.map(format_from_wit), format_from_wit(to)).map_err(|e| convert_error(&e, None))?;
        Ok(Conversion {
            diagnostics: converted.diagnostics.iter().map(diagnostic).collect(),
            fidelity: converted
                .fidelity
                .iter()
                .map(|f| FidelityEntry { pointer: f.pointer.clone(), outcome: outcome(f.outcome), message: f.message.clone() })
                .collect(),
            document: converted.text,
        })
    }

    fn check_data(models: Vec<String>, message: String, level: Level) -> Result<String, Error> {
        compile_model(&models)?.check_text(&message, level)
    }
}

impl bindings::exports::thingkit::plugin::vectors::Guest for Plugin {
    fn run(source: String, vectors: String, filter: Option<String>) -> Result<String, Error> {
        let vectors: serde_json::Value = serde_json::from_str(&vectors).map_err(|e| not_json("the vectors", &vectors, &e))?;
        let results = thingkit::codec_tests::test_script(&source, &vectors, filter.as_deref()).map_err(from_fields)?;
        serde_json::to_string(&results).map_err(|e| error(Code::Internal, e.to_string()))
    }
}

/// A thing model read once for any number of device messages.
struct GuestDataModel(DataModel);

impl GuestDataModel {
    fn check_text(&self, message: &str, level: Level) -> Result<String, Error> {
        let level = level_from_wit(level);
        let message: serde_json::Value = serde_json::from_str(message).map_err(|e| not_json("the message", message, &e))?;
        Ok(thingkit::json::data_check_text(&thingkit::data::check_owned(&self.0, message, level), level))
    }
}

impl models::GuestDataModel for GuestDataModel {
    fn compile(models: Vec<String>) -> Result<models::DataModel, Error> {
        Ok(models::DataModel::new(compile_model(&models)?))
    }

    fn check(&self, message: String, level: Level) -> Result<String, Error> {
        self.check_text(&message, level)
    }
}

/// Reads each text as a module; the first with errors is the error, naming it.
fn compile_model(models: &[String]) -> Result<GuestDataModel, Error> {
    let modules = models
        .iter()
        .enumerate()
        .map(|(i, text)| read_module(text).map_err(|e| convert_error(&e, Some(saturate(i)))))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(GuestDataModel(DataModel::new(&modules)))
}

// The enumerations, one `match` per direction: a variant added on either side fails to compile.

fn format_from_wit(f: Format) -> thingkit::Format {
    match f {
        Format::Tsl => thingkit::Format::Tsl,
        Format::SimpleTsl => thingkit::Format::SimpleTsl,
        Format::ThingModelJson => thingkit::Format::ThingModelJson,
        Format::ExtendConfig => thingkit::Format::ExtendConfig,
        Format::Tencent => thingkit::Format::Tencent,
        Format::Huawei => thingkit::Format::Huawei,
        Format::Wot => thingkit::Format::Wot,
    }
}

fn format_to_wit(f: thingkit::Format) -> Format {
    match f {
        thingkit::Format::Tsl => Format::Tsl,
        thingkit::Format::SimpleTsl => Format::SimpleTsl,
        thingkit::Format::ThingModelJson => Format::ThingModelJson,
        thingkit::Format::ExtendConfig => Format::ExtendConfig,
        thingkit::Format::Tencent => Format::Tencent,
        thingkit::Format::Huawei => Format::Huawei,
        thingkit::Format::Wot => Format::Wot,
    }
}

fn level_from_wit(l: Level) -> thingkit::data::Level {
    match l {
        Level::Strong => thingkit::data::Level::Strong,
        Level::Weak => thingkit::data::Level::Weak,
        Level::None => thingkit::data::Level::None,
    }
}

fn severity(s: thingkit::Severity) -> Severity {
    match s {
        thingkit::Severity::Error => Severity::Error,
        thingkit::Severity::Warning => Severity::Warning,
    }
}

fn outcome(o: thingkit::interop::Outcome) -> Outcome {
    match o {
        thingkit::interop::Outcome::Exact => Outcome::Exact,
        thingkit::interop::Outcome::Approximated => Outcome::Approximated,
        thingkit::interop::Outcome::Lost => Outcome::Lost,
    }
}

fn diagnostic(d: &thingkit::Diagnostic) -> Diagnostic {
    Diagnostic {
        code: d.code.as_str().into(),
        severity: severity(d.severity),
        pointer: d.pointer.clone(),
        line: saturate(d.line),
        column: saturate(d.column),
        message: d.message.clone(),
        help: d.help.clone(),
        range: d.range.map(|r| TextRange { start: saturate(r.start), end: saturate(r.end) }),
    }
}

fn report(r: thingkit::Report) -> Report {
    Report { kind: r.kind.map(format_to_wit), valid: r.valid, diagnostics: r.diagnostics.iter().map(diagnostic).collect() }
}

impl codecs::Guest for Plugin {
    type Codec = GuestCodec;
}

/// A compiled script; wasm components are single-threaded, so the cell is never contended.
struct GuestCodec(RefCell<Codec>);

impl GuestCodec {
    /// One decode call: what `codec.decode` and each item of `decode-batch` run.
    fn decode_one(&self, bytes: &[u8], input: DecodeInput, direction: Direction) -> Result<Decoded, Error> {
        let variables: Variables = input.variables.into_iter().collect();
        let core_input = thingkit::script::DecodeInput {
            topic: input.topic.as_deref(),
            f_port: input.f_port,
            recv_time_ms: input.recv_time_ms,
            variables: Some(&variables),
        };
        let mut codec = self.0.borrow_mut();
        let (outcome, in_data) = match direction {
            Direction::Uplink => (codec.decode_result(bytes, &core_input), codec.message_in_data(&core_input)),
            Direction::Downlink => (codec.decode_downlink(bytes, &core_input), true),
        };
        let result = outcome.map_err(|e| script_error(&e))?;
        Ok(Decoded { result: result.to_string(), in_data, logs: logs(codec.logs()) })
    }
}

impl bindings::exports::thingkit::plugin::batches::Guest for Plugin {
    fn decode_batch(codec: codecs::CodecBorrow<'_>, items: Vec<BatchItem>, direction: Direction) -> Vec<Result<Decoded, Error>> {
        let codec = codec.get::<GuestCodec>();
        items.into_iter().map(|item| codec.decode_one(&item.bytes, item.input, direction)).collect()
    }
}

impl codecs::GuestCodec for GuestCodec {
    fn compile(source: String, options: CodecOptions) -> Result<codecs::Codec, Error> {
        // The WIT record is a subset of core's one options shape; the limits keep their defaults.
        let deterministic = (options.deterministic_now_ms.is_some() || options.deterministic_seed.is_some()).then(|| {
            thingkit::json::Deterministic { now_ms: options.deterministic_now_ms.unwrap_or(0), seed: options.deterministic_seed.unwrap_or(0) }
        });
        let shape = thingkit::json::CodecOptions { unsigned_bytes: Some(options.unsigned_bytes), deterministic, ..Default::default() };
        let codec = Codec::compile(&source, (&shape).into()).map_err(|e| script_error(&e))?;
        Ok(codecs::Codec::new(GuestCodec(RefCell::new(codec))))
    }

    fn entry_points(&self) -> Vec<String> {
        self.0.borrow().entry_points().iter().map(|s| s.to_string()).collect()
    }

    fn decode(&self, bytes: Vec<u8>, input: DecodeInput, direction: Direction) -> Result<Decoded, Error> {
        self.decode_one(&bytes, input, direction)
    }

    fn normalize(&self, data: String) -> Result<Decoded, Error> {
        let data: serde_json::Value = serde_json::from_str(&data).map_err(|e| not_json("the data", &data, &e))?;
        let mut codec = self.0.borrow_mut();
        let mut result = codec.normalize_uplink(&data).map_err(|e| script_error(&e))?;
        thingkit::script::normalized::add_warnings(&mut result);
        Ok(Decoded { result: result.to_string(), in_data: true, logs: logs(codec.logs()) })
    }

    fn encode(&self, input: EncodeInput) -> Result<Encoded, Error> {
        let message: serde_json::Value = serde_json::from_str(&input.message).map_err(|e| not_json("the message", &input.message, &e))?;
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
    from_fields(ErrorFields::from(e))
}

/// A document that could not be converted or read, with every diagnostic; `model`, which of
/// several texts it is.
fn convert_error(e: &ConvertError, model: Option<u32>) -> Error {
    from_fields(ErrorFields { model: model.map(|m| m as usize), ..ErrorFields::from(e) })
}

/// The WIT record of core's one error shape, field for field.
fn from_fields(f: ErrorFields) -> Error {
    Error {
        code: f.code.as_str().into(),
        line: f.line.map(saturate),
        column: f.column.map(saturate),
        platform_code: f.platform_code.map(u32::from),
        diagnostics: f.diagnostics.iter().flatten().map(diagnostic).collect(),
        model: f.model.map(saturate),
        message: f.message,
    }
}

fn error(code: Code, message: String) -> Error {
    from_fields(ErrorFields::new(code, message))
}

/// A text that is not JSON (`what`: "the message", "the data"), located.
fn not_json(what: &str, text: &str, e: &serde_json::Error) -> Error {
    from_fields(thingkit::json::not_json(what, text, e))
}
