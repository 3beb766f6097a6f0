//! `thingkit decode` and `thingkit encode`: run a data-parsing script on one message, as the
//! platform console's debugger does.
//!
//! Exit codes: 0 done, 1 the script (or the data check) failed, 2 usage or I/O failure.
//! With `--format json` a failure prints `{"error": {"code", "message", "line"?, "column"?,
//! "platformCode"?, "file"?}}` on standard output ([`ErrorFields`], and the file a located
//! error is in); usage and I/O failures (exit 2) too, with code TK0008.

use crate::Output;
use crate::cli::{FAILURE, INVALID, OK};
use crate::input::{self, Input};
use clap::Args;
use serde_json::{Value, json};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use thingkit::data::{DataModel, Level, read_module};
use thingkit::json::ErrorFields;
use thingkit::script::{Codec, CodecOptions, DecodeInput, EncodeInput, ScriptError, Variables, from_base64, from_hex, parse_instant};
use thingkit::{Code, ConvertError, Diagnostic, Severity};
use thingkit_host::plugin::{
    CodecOptions as PluginOptions, DecodeInput as PluginInput, Direction, EncodeInput as PluginEncodeInput, PluginError, Plugins,
    WasmCodec,
};

/// Arguments of `thingkit decode`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("bytes").required(true).args(["hex", "base64", "bytes_file", "hex_lines"])))]
pub(crate) struct DecodeArgs {
    /// The data-parsing script.
    #[arg(long)]
    script: PathBuf,
    /// The device bytes in hex (`0x` prefix and separators allowed).
    #[arg(long)]
    hex: Option<String>,
    /// The device bytes in base64.
    #[arg(long)]
    base64: Option<String>,
    /// A file holding the raw device bytes.
    #[arg(long)]
    bytes_file: Option<PathBuf>,
    /// Many payloads: a file (`-` for standard input) with one hex payload per line (blank
    /// lines and lines starting with `#` skipped), decoded by one compiled script, in batches
    /// with `--wasm`. Prints JSON Lines, one per payload: `{"line", "result"}` or
    /// `{"line", "error"}` (with `--model`, also `"check"`); exit 1 when any payload failed.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["normalize", "format"])]
    hex_lines: Option<PathBuf>,
    /// The MQTT topic; a custom topic (`/user/…`) goes to `transformPayload`.
    #[arg(long)]
    topic: Option<String>,
    /// The LoRaWAN or Tencent port.
    #[arg(long)]
    fport: Option<u8>,
    /// TS013 `recvTime`: RFC 3339 (`2024-05-01T10:00:00Z`) or epoch milliseconds.
    #[arg(long)]
    recv_time: Option<String>,
    /// TS013 and ChirpStack `variables`: a JSON object of strings, or `@FILE`.
    #[arg(long)]
    variables: Option<String>,
    /// Decode a downlink with TS013 `decodeDownlink` instead of the uplink decoder.
    #[arg(long, conflicts_with_all = ["normalize", "topic"])]
    downlink: bool,
    /// Run The Things Stack's `normalizeUplink` on the decoded `data` and check it against the
    /// normalized-payload vocabulary (violations are warnings, as there).
    #[arg(long)]
    normalize: bool,
    /// Print what the script logged through `console` on standard error.
    #[arg(long, short)]
    verbose: bool,
    /// Check the decoded message against this thing model (TSL or ThingModelJson); repeat for
    /// custom modules.
    #[arg(long)]
    model: Vec<PathBuf>,
    /// How strictly to check (`ValidateType`); the platform's default is weak.
    #[arg(long, value_enum, requires = "model", default_value = "weak")]
    level: Level,
    /// Give Alibaba's functions unsigned bytes (0–255) instead of the platform's signed ones.
    #[arg(long)]
    unsigned: bool,
    /// Run the script inside the WebAssembly sandbox (wasmtime: 64 MiB memory cap, 100 ms
    /// deadline) instead of in this process.
    #[arg(long)]
    wasm: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Output,
}

/// Arguments of `thingkit encode`.
#[derive(Debug, Args)]
pub(crate) struct EncodeArgs {
    /// The data-parsing script.
    #[arg(long)]
    script: PathBuf,
    /// The message (TS013: `encodeDownlink`'s `data`): JSON text, or `@FILE` to read it from a
    /// file (`@-` for standard input).
    #[arg(long, required_unless_present = "input", conflicts_with = "input")]
    json: Option<String>,
    /// TS013 `encodeDownlink`'s whole input object (`{"data": …, "command": …}`), as `--json`.
    #[arg(long)]
    input: Option<String>,
    /// The LoRaWAN or Tencent port.
    #[arg(long)]
    fport: Option<u8>,
    /// TS013 and ChirpStack `variables`: a JSON object of strings, or `@FILE`.
    #[arg(long)]
    variables: Option<String>,
    /// Print what the script logged through `console` on standard error.
    #[arg(long, short)]
    verbose: bool,
    /// Run the script inside the WebAssembly sandbox instead of in this process.
    #[arg(long)]
    wasm: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Output,
}

/// Why a command stopped: a failure of what it ran (exit 1) or of its inputs (exit 2).
struct Failure {
    exit: u8,
    error: ErrorFields,
    /// The file (or argument) a located error is in.
    file: Option<String>,
}

impl Failure {
    /// A usage or I/O failure: an argument the command cannot use (TK0008).
    fn usage(message: impl Into<String>) -> Self {
        Failure { exit: FAILURE, error: ErrorFields::new(Code::BadArgument, message), file: None }
    }

    fn script(name: &str, e: &ScriptError) -> Self {
        let (line, column) = e.location().unzip();
        let error = ErrorFields { line, column, platform_code: e.platform_code(), ..ErrorFields::new(e.code(), e.to_string()) };
        // A located error (a syntax error, a throw, bad hex) is in the text `name` names.
        Failure { exit: INVALID, file: line.map(|_| name.to_string()), error }
    }

    fn plugin(name: &str, e: &PluginError) -> Self {
        let error = e.to_fields();
        Failure { exit: INVALID, file: error.line.map(|_| name.to_string()), error }
    }

    fn diagnostic(name: &str, d: &Diagnostic) -> Self {
        let error = ErrorFields { line: Some(d.line), column: Some(d.column), ..ErrorFields::new(d.code, d.message.clone()) };
        Failure { exit: INVALID, error, file: Some(name.to_string()) }
    }

    /// Text in `name` that is not JSON, located (column 1, not 0, for an empty text).
    fn not_json(name: &str, what: &str, text: &str, e: &serde_json::Error) -> Self {
        Failure { exit: INVALID, error: thingkit::json::not_json(what, text, e), file: Some(name.to_string()) }
    }

    /// Prints the failure the way `format` asks and gives the exit code.
    fn report(self, format: Output) -> u8 {
        match format {
            Output::Json => {
                let mut error = self.error.to_value();
                if let (Some(file), Some(object)) = (&self.file, error.as_object_mut()) {
                    object.insert("file".into(), file.as_str().into());
                }
                println!("{}", json!({"error": error}));
            }
            Output::Text => {
                let e = &self.error;
                eprintln!("error[{}]: {}", e.code, e.message);
                if let (Some(line), Some(column)) = (e.line, e.column) {
                    let file = self.file.as_deref().unwrap_or("<input>");
                    eprintln!("  --> {file}:{line}:{column}");
                }
            }
        }
        self.exit
    }
}

/// `thingkit decode`.
pub(crate) fn decode(args: &DecodeArgs) -> u8 {
    match run_decode(args) {
        Ok(code) => code,
        Err(failure) => failure.report(args.format),
    }
}

fn run_decode(args: &DecodeArgs) -> Result<u8, Failure> {
    if let Some(path) = &args.hex_lines {
        return run_decode_lines(args, path);
    }
    let bytes = if let Some(text) = &args.hex {
        from_hex(text).map_err(|e| Failure::script("--hex", &e))?
    } else if let Some(text) = &args.base64 {
        from_base64(text).map_err(|e| Failure::script("--base64", &e))?
    } else if let Some(path) = &args.bytes_file {
        std::fs::read(path).map_err(|e| Failure::usage(format!("cannot read `{}`: {e}", path.display())))?
    } else {
        return Err(Failure::usage("give the bytes with --hex, --base64 or --bytes-file"));
    };
    let Prepared { recv_time_ms, variables, model, mut runner } = prepare(args)?;
    let input = DecodeInput { topic: args.topic.as_deref(), f_port: args.fport, recv_time_ms, variables: Some(&variables) };
    let direction = if args.downlink { Direction::Downlink } else { Direction::Uplink };
    let outcome = runner.decode(&bytes, &input, direction);
    runner.print_logs(args.verbose);
    let mut decoded = outcome?;
    if args.normalize {
        let data = decoded.message().clone();
        let normalized = runner.normalize(&data);
        runner.print_logs(args.verbose);
        thingkit::script::normalized::attach(&mut decoded.result, &normalized?.result);
    }
    let Some(model) = model else {
        print_json(&decoded.result, args.format);
        return Ok(OK);
    };
    let message = decoded.message().clone();
    let level = args.level;
    let check = thingkit::data::check(&model, &message, level);
    match args.format {
        Output::Json => {
            let failed = !check.failures.is_empty();
            let mut out = thingkit::json::data_check(check, level);
            if let Some(object) = out.as_object_mut() {
                object.insert("decoded".into(), message);
            }
            println!("{out}");
            return Ok(if failed { INVALID } else { OK });
        }
        Output::Text => {
            print_json(&message, Output::Text);
            for f in &check.failures {
                let at = if f.pointer.is_empty() { String::new() } else { format!(" at {}", f.pointer) };
                eprintln!("error[{}]{at}: {}", f.code, f.message);
            }
            if level == Level::Strong && !check.failures.is_empty() {
                match &check.passed {
                    Some(passed) => {
                        eprintln!("strong check: only this goes on:\n{}", pretty(passed))
                    }
                    None => eprintln!("strong check: nothing goes on"),
                }
            }
        }
    }
    Ok(if check.failures.is_empty() { OK } else { INVALID })
}

/// What a decode needs besides the bytes, read from its arguments.
struct Prepared {
    recv_time_ms: Option<i64>,
    variables: Variables,
    model: Option<DataModel>,
    runner: Runner,
}

fn prepare(args: &DecodeArgs) -> Result<Prepared, Failure> {
    let recv_time_ms = match &args.recv_time {
        Some(text) => Some(parse_instant(text).ok_or_else(|| {
            Failure::usage(format!("--recv-time `{text}` is neither RFC 3339 (2024-05-01T10:00:00Z) nor epoch milliseconds"))
        })?),
        None => None,
    };
    let variables = read_variables(args.variables.as_deref())?;
    // Read the model before running anything, so that a bad model is reported as such.
    let model = if args.model.is_empty() { None } else { Some(read_model(&args.model)?) };
    let runner = Runner::compile(&args.script, args.unsigned, args.wasm)?;
    Ok(Prepared { recv_time_ms, variables, model, runner })
}

/// `thingkit decode --hex-lines`: one compiled script for every payload of the file.
fn run_decode_lines(args: &DecodeArgs, path: &Path) -> Result<u8, Failure> {
    let text = if path == Path::new("-") {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map_err(|e| Failure::usage(format!("cannot read standard input: {e}")))?;
        text
    } else {
        read_text(path)?
    };
    let Prepared { recv_time_ms, variables, model, mut runner } = prepare(args)?;
    let input = DecodeInput { topic: args.topic.as_deref(), f_port: args.fport, recv_time_ms, variables: Some(&variables) };
    let direction = if args.downlink { Direction::Downlink } else { Direction::Uplink };
    // Each line's bytes, or why they cannot be read.
    let lines: Vec<(usize, Result<Vec<u8>, ErrorFields>)> = text
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
        .map(|(n, line)| (n, from_hex(line).map_err(|e| ErrorFields::from(&e))))
        .collect();
    let payloads: Vec<&[u8]> = lines.iter().filter_map(|(_, bytes)| bytes.as_ref().ok().map(Vec::as_slice)).collect();
    let mut decoded = runner.decode_many(&payloads, &input, direction, args.verbose).into_iter();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut failed = false;
    for (line, bytes) in lines {
        let outcome = match bytes {
            Err(e) => Err(e),
            Ok(_) => decoded.next().unwrap_or_else(|| Err(ErrorFields::new(Code::Internal, "no result for this payload"))),
        };
        let entry = match outcome {
            Ok(d) => {
                let mut entry = json!({"line": line});
                if let Some(model) = &model {
                    let check = thingkit::data::check(model, d.message(), args.level);
                    failed |= !check.failures.is_empty();
                    entry["check"] = thingkit::json::data_check(check, args.level);
                }
                entry["result"] = d.result;
                entry
            }
            Err(error) => {
                failed = true;
                json!({"line": line, "error": error})
            }
        };
        writeln!(out, "{entry}").map_err(|e| Failure::usage(format!("cannot write standard output: {e}")))?;
    }
    Ok(if failed { INVALID } else { OK })
}

/// `thingkit encode`.
pub(crate) fn encode(args: &EncodeArgs) -> u8 {
    match run_encode(args) {
        Ok(code) => code,
        Err(failure) => failure.report(args.format),
    }
}

fn run_encode(args: &EncodeArgs) -> Result<u8, Failure> {
    let (flag, given, whole) = match (&args.json, &args.input) {
        (_, Some(input)) => ("--input", input, true),
        (Some(json), None) => ("--json", json, false),
        (None, None) => return Err(Failure::usage("give the message with --json or --input")),
    };
    let (name, text) = read_argument(flag, given)?;
    let message: Value = serde_json::from_str(&text).map_err(|e| Failure::not_json(&name, "the message", &text, &e))?;
    let variables = read_variables(args.variables.as_deref())?;
    let mut runner = Runner::compile(&args.script, false, args.wasm)?;
    let input = EncodeInput { message: &message, whole, f_port: args.fport, variables: Some(&variables) };
    let outcome = runner.encode(&input);
    runner.print_logs(args.verbose);
    let encoded = outcome?;
    match args.format {
        Output::Json => {
            let mut out = json!({"hex": hex::encode(&encoded.bytes), "base64": base64_of(&encoded.bytes)});
            if let Some(port) = encoded.f_port {
                out["fPort"] = port.into();
            }
            if !encoded.warnings.is_empty() {
                out["warnings"] = Value::Array(encoded.warnings);
            }
            println!("{out}");
        }
        Output::Text => {
            println!("{}", hex::encode(&encoded.bytes));
            for w in &encoded.warnings {
                eprintln!("warning: {}", w.as_str().map_or_else(|| w.to_string(), str::to_string));
            }
        }
    }
    Ok(OK)
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A text argument: itself, or `@FILE` read from a file (`@-` standard input); with the name
/// diagnostics give it.
fn read_argument(flag: &str, given: &str) -> Result<(String, String), Failure> {
    Ok(match given.strip_prefix('@') {
        Some(path) => {
            let path = Path::new(path);
            (input::display_name(path), read_text(path)?)
        }
        None => (flag.to_string(), given.to_string()),
    })
}

/// `--variables`: a JSON object whose values are strings.
fn read_variables(given: Option<&str>) -> Result<Variables, Failure> {
    let Some(given) = given else { return Ok(Variables::new()) };
    let (name, text) = read_argument("--variables", given)?;
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(map)) => map
            .into_iter()
            .map(|(k, v)| match v {
                Value::String(s) => Ok((k, s)),
                other => Err(Failure::usage(format!("{name}: variable `{k}` is {other}, not a string"))),
            })
            .collect(),
        Ok(_) => Err(Failure::usage(format!("{name}: the variables must be a JSON object of strings"))),
        Err(e) => Err(Failure::not_json(&name, "the variables", &text, &e)),
    }
}

/// What one decode produced: the routine's whole result and where the message is in it.
struct Decoded {
    result: Value,
    in_data: bool,
}

impl Decoded {
    /// The message: a TS013 result's `data`, or the result itself.
    fn message(&self) -> &Value {
        if self.in_data { self.result.get("data").unwrap_or(&Value::Null) } else { &self.result }
    }
}

/// Bytes to send, with what the routine said of them.
struct Encoded {
    bytes: Vec<u8>,
    f_port: Option<u8>,
    warnings: Vec<Value>,
}

/// A compiled script, in this process or in the WebAssembly sandbox, and what its last call
/// logged.
enum Runner {
    Local { codec: Box<Codec>, name: String },
    Wasm { codec: Box<WasmCodec>, name: String, logs: Vec<(String, String)> },
}

impl Runner {
    fn compile(path: &Path, unsigned: bool, wasm: bool) -> Result<Runner, Failure> {
        let source = read_text(path)?;
        let name = input::display_name(path);
        if wasm {
            let plugins = Plugins::shared().map_err(|e| Failure::plugin(&name, &e))?;
            let options = PluginOptions { unsigned_bytes: unsigned, deterministic_now_ms: None, deterministic_seed: None };
            let codec = plugins.compile(&source, options).map_err(|e| Failure::plugin(&name, &e))?;
            return Ok(Runner::Wasm { codec: Box::new(codec), name, logs: Vec::new() });
        }
        let codec = Codec::compile(&source, CodecOptions::default().unsigned_bytes(unsigned)).map_err(|e| Failure::script(&name, &e))?;
        Ok(Runner::Local { codec: Box::new(codec), name })
    }

    fn decode(&mut self, bytes: &[u8], input: &DecodeInput<'_>, direction: Direction) -> Result<Decoded, Failure> {
        match self {
            Runner::Local { codec, name } => {
                let (result, in_data) = match direction {
                    Direction::Uplink => (codec.decode_result(bytes, input), codec.message_in_data(input)),
                    Direction::Downlink => (codec.decode_downlink(bytes, input), true),
                };
                Ok(Decoded { result: result.map_err(|e| Failure::script(name, &e))?, in_data })
            }
            Runner::Wasm { codec, name, logs } => {
                let plugin_input = PluginInput {
                    topic: input.topic.map(str::to_string),
                    f_port: input.f_port,
                    recv_time_ms: input.recv_time_ms,
                    variables: plugin_variables(input.variables),
                };
                let out = codec.decode(bytes, &plugin_input, direction).map_err(|e| Failure::plugin(name, &e))?;
                *logs = out.logs.into_iter().map(|l| (l.level, l.message)).collect();
                Ok(Decoded { result: plugin_json(&out.result)?, in_data: out.in_data })
            }
        }
    }

    /// Decodes every payload with the same input, one result each; in the sandbox, in batches
    /// (one crossing per batch). With `verbose`, what each payload logged goes to standard error
    /// as it is decoded (in the sandbox, the payloads that decoded).
    fn decode_many(&mut self, payloads: &[&[u8]], input: &DecodeInput<'_>, direction: Direction, verbose: bool) -> Vec<Result<Decoded, ErrorFields>> {
        match self {
            Runner::Local { .. } => payloads
                .iter()
                .map(|bytes| {
                    let outcome = self.decode(bytes, input, direction).map_err(|f| f.error);
                    self.print_logs(verbose);
                    outcome
                })
                .collect(),
            Runner::Wasm { codec, logs, .. } => {
                let plugin_input = PluginInput {
                    topic: input.topic.map(str::to_string),
                    f_port: input.f_port,
                    recv_time_ms: input.recv_time_ms,
                    variables: plugin_variables(input.variables),
                };
                let items: Vec<(&[u8], &PluginInput)> = payloads.iter().map(|bytes| (*bytes, &plugin_input)).collect();
                logs.clear();
                let decoded = codec
                    .decode_batch(&items, direction)
                    .into_iter()
                    .map(|outcome| {
                        let out = outcome.map_err(|e| e.to_fields())?;
                        logs.extend(out.logs.into_iter().map(|l| (l.level, l.message)));
                        let result = plugin_json(&out.result).map_err(|f| f.error)?;
                        Ok(Decoded { result, in_data: out.in_data })
                    })
                    .collect();
                self.print_logs(verbose);
                decoded
            }
        }
    }

    fn normalize(&mut self, data: &Value) -> Result<Decoded, Failure> {
        match self {
            Runner::Local { codec, name } => {
                let mut result = codec.normalize_uplink(data).map_err(|e| Failure::script(name, &e))?;
                thingkit::script::normalized::add_warnings(&mut result);
                Ok(Decoded { result, in_data: true })
            }
            Runner::Wasm { codec, name, logs } => {
                let out = codec.normalize(&data.to_string()).map_err(|e| Failure::plugin(name, &e))?;
                *logs = out.logs.into_iter().map(|l| (l.level, l.message)).collect();
                Ok(Decoded { result: plugin_json(&out.result)?, in_data: true })
            }
        }
    }

    fn encode(&mut self, input: &EncodeInput<'_>) -> Result<Encoded, Failure> {
        match self {
            Runner::Local { codec, name } => {
                let out = codec.encode_result(input).map_err(|e| Failure::script(name, &e))?;
                Ok(Encoded { bytes: out.bytes, f_port: out.f_port, warnings: out.warnings })
            }
            Runner::Wasm { codec, name, logs } => {
                let plugin_input = PluginEncodeInput {
                    message: input.message.to_string(),
                    whole: input.whole,
                    f_port: input.f_port,
                    variables: plugin_variables(input.variables),
                };
                let out = codec.encode(&plugin_input).map_err(|e| Failure::plugin(name, &e))?;
                *logs = out.logs.into_iter().map(|l| (l.level, l.message)).collect();
                let warnings = match plugin_json(&out.warnings)? {
                    Value::Array(list) => list,
                    _ => Vec::new(),
                };
                Ok(Encoded { bytes: out.bytes, f_port: out.f_port, warnings })
            }
        }
    }

    /// With `--verbose`, what the last call logged, one `console.LEVEL: message` line each, on
    /// standard error (in-process: also for a call that failed).
    fn print_logs(&mut self, verbose: bool) {
        if !verbose {
            return;
        }
        match self {
            Runner::Local { codec, .. } => {
                for line in codec.logs() {
                    eprintln!("console.{}: {}", line.level, line.message);
                }
            }
            Runner::Wasm { logs, .. } => {
                for (level, message) in logs.drain(..) {
                    eprintln!("console.{level}: {message}");
                }
            }
        }
    }
}

/// `variables` as the plugin world carries them: name and value pairs.
fn plugin_variables(variables: Option<&Variables>) -> Vec<(String, String)> {
    variables.map(|v| v.clone().into_iter().collect()).unwrap_or_default()
}

fn plugin_json(text: &str) -> Result<Value, Failure> {
    serde_json::from_str(text).map_err(|e| Failure {
        exit: FAILURE,
        error: ErrorFields::new(Code::PluginTrapped, format!("the plugin's answer is not JSON: {e}")),
        file: None,
    })
}

/// Reads and indexes the model files; a model with errors stops the command with its first.
fn read_model(paths: &[PathBuf]) -> Result<DataModel, Failure> {
    let mut modules = Vec::new();
    for path in paths {
        let name = input::display_name(path);
        match read_module(&read_text(path)?) {
            Ok(tsl) => modules.push(tsl),
            Err(ConvertError::Invalid { errors }) => {
                let first = errors.iter().find(|d| d.severity == Severity::Error).or(errors.first());
                return Err(
                    first.map_or_else(|| Failure::usage(format!("{name}: the model cannot be read")), |d| Failure::diagnostic(&name, d))
                );
            }
            Err(e) => return Err(Failure::usage(format!("{name}: {e}"))),
        }
    }
    Ok(DataModel::new(&modules))
}

fn read_text(path: &Path) -> Result<String, Failure> {
    match input::read(path) {
        Ok(Input::Text(text)) => Ok(text),
        Ok(Input::NotUtf8(d)) => Err(Failure::diagnostic(&input::display_name(path), &d)),
        Err(message) => Err(Failure::usage(message)),
    }
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

fn print_json(value: &Value, format: Output) {
    match format {
        Output::Json => println!("{value}"),
        Output::Text => println!("{}", pretty(value)),
    }
}
