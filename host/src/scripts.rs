//! `thingkit decode` and `thingkit encode`: run a data-parsing script on one message, as the
//! platform console's debugger does.
//!
//! Exit codes: 0 done, 1 the script (or the data check) failed, 2 usage or I/O failure.
//! With `--format json` a failure prints `{"error": {"code", "message", "line"?, "column"?,
//! "platformCode"?}}` on standard output.

use crate::Format;
use crate::cli::{FAILURE, INVALID, OK};
use crate::input::{self, Input};
use clap::Args;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use thingkit::data::{DataModel, Level, read_module};
use thingkit::script::{Codec, CodecOptions, DecodeInput, ScriptError, from_base64, from_hex};
use thingkit::{Code, ConvertError, Diagnostic, Severity};
use thingkit_host::plugin::{CodecOptions as PluginOptions, DecodeInput as PluginInput, PluginError, Plugins, WasmCodec};

/// Arguments of `thingkit decode`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("bytes").required(true).args(["hex", "base64", "bytes_file"])))]
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
    /// The MQTT topic; a custom topic (`/user/…`) goes to `transformPayload`.
    #[arg(long)]
    topic: Option<String>,
    /// The LoRaWAN or Tencent port.
    #[arg(long)]
    fport: Option<u8>,
    /// Check the decoded message against this thing model (TSL or ThingModelJson); repeat for
    /// custom modules.
    #[arg(long)]
    model: Vec<PathBuf>,
    /// How strictly to check (`ValidateType`); the platform's default is weak.
    #[arg(long, value_enum, requires = "model", default_value = "weak")]
    level: LevelArg,
    /// Give Alibaba's functions unsigned bytes (0–255) instead of the platform's signed ones.
    #[arg(long)]
    unsigned: bool,
    /// Run the script inside the WebAssembly sandbox (wasmtime: 64 MiB memory cap, 100 ms
    /// deadline) instead of in this process.
    #[arg(long)]
    wasm: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

/// Arguments of `thingkit encode`.
#[derive(Debug, Args)]
pub(crate) struct EncodeArgs {
    /// The data-parsing script.
    #[arg(long)]
    script: PathBuf,
    /// The message: JSON text, or `@FILE` to read it from a file (`@-` for standard input).
    #[arg(long)]
    json: String,
    /// The LoRaWAN or Tencent port.
    #[arg(long)]
    fport: Option<u8>,
    /// Run the script inside the WebAssembly sandbox instead of in this process.
    #[arg(long)]
    wasm: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LevelArg {
    Strong,
    Weak,
    None,
}

impl From<LevelArg> for Level {
    fn from(level: LevelArg) -> Level {
        match level {
            LevelArg::Strong => Level::Strong,
            LevelArg::Weak => Level::Weak,
            LevelArg::None => Level::None,
        }
    }
}

/// Why a command stopped: a failure of what it ran (exit 1) or of its inputs (exit 2).
struct Failure {
    exit: u8,
    error: Value,
}

impl Failure {
    /// A usage or I/O failure.
    fn usage(message: impl Into<String>) -> Self {
        Failure { exit: FAILURE, error: json!({"message": message.into()}) }
    }

    fn script(name: &str, e: &ScriptError) -> Self {
        let mut error = thingkit::json::script_error(e);
        if let (ScriptError::Syntax { .. }, Some(object)) = (e, error.as_object_mut()) {
            object.insert("file".into(), name.into());
        }
        Failure { exit: INVALID, error }
    }

    fn plugin(name: &str, e: &PluginError) -> Self {
        let mut error = e.to_json();
        if e.code() == Code::ScriptSyntax.as_str()
            && let Some(object) = error.as_object_mut()
        {
            object.insert("file".into(), name.into());
        }
        Failure { exit: INVALID, error }
    }

    fn diagnostic(name: &str, d: &Diagnostic) -> Self {
        Failure {
            exit: INVALID,
            error: json!({"code": d.code.as_str(), "message": d.message, "file": name, "line": d.line, "column": d.column}),
        }
    }

    /// Prints the failure the way `format` asks and gives the exit code.
    fn report(self, format: Format) -> u8 {
        match format {
            Format::Json => println!("{}", json!({"error": self.error})),
            Format::Text => {
                let e = &self.error;
                let code = e["code"].as_str().map(|c| format!("[{c}]")).unwrap_or_default();
                eprintln!("error{code}: {}", e["message"].as_str().unwrap_or_default());
                if let (Some(line), Some(column)) = (e["line"].as_u64(), e["column"].as_u64()) {
                    let file = e["file"].as_str().unwrap_or("<input>");
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
    let bytes = if let Some(text) = &args.hex {
        from_hex(text).map_err(|e| Failure::script("--hex", &e))?
    } else if let Some(text) = &args.base64 {
        from_base64(text).map_err(|e| Failure::script("--base64", &e))?
    } else if let Some(path) = &args.bytes_file {
        std::fs::read(path).map_err(|e| Failure::usage(format!("cannot read `{}`: {e}", path.display())))?
    } else {
        return Err(Failure::usage("give the bytes with --hex, --base64 or --bytes-file"));
    };
    // Read the model before running anything, so that a bad model is reported as such.
    let model = if args.model.is_empty() { None } else { Some(read_model(&args.model)?) };
    let mut runner = Runner::compile(&args.script, args.unsigned, args.wasm)?;
    let decoded = runner.decode(&bytes, args.topic.as_deref(), args.fport)?;
    let Some(model) = model else {
        print_json(&decoded, args.format);
        return Ok(OK);
    };
    let level = Level::from(args.level);
    let check = thingkit::data::check(&model, &decoded, level);
    match args.format {
        Format::Json => {
            let mut out = thingkit::json::data_check(&check, level);
            if let Some(object) = out.as_object_mut() {
                object.insert("decoded".into(), decoded.clone());
            }
            println!("{out}");
        }
        Format::Text => {
            print_json(&decoded, Format::Text);
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

/// `thingkit encode`.
pub(crate) fn encode(args: &EncodeArgs) -> u8 {
    match run_encode(args) {
        Ok(code) => code,
        Err(failure) => failure.report(args.format),
    }
}

fn run_encode(args: &EncodeArgs) -> Result<u8, Failure> {
    let (name, text) = match args.json.strip_prefix('@') {
        Some(path) => {
            let path = Path::new(path);
            (input::display_name(path), read_text(path)?)
        }
        None => ("--json".to_string(), args.json.clone()),
    };
    let message: Value = serde_json::from_str(&text).map_err(|e| {
        let d = Diagnostic {
            line: e.line(),
            column: e.column(),
            ..Diagnostic::new(Code::JsonSyntax, "", format!("the message is not JSON: {e}"))
        };
        Failure::diagnostic(&name, &d)
    })?;
    let bytes = Runner::compile(&args.script, false, args.wasm)?.encode(&message, args.fport)?;
    match args.format {
        Format::Json => println!("{}", json!({"hex": hex::encode(&bytes)})),
        Format::Text => println!("{}", hex::encode(&bytes)),
    }
    Ok(OK)
}

/// A compiled script, in this process or in the WebAssembly sandbox.
enum Runner {
    Local { codec: Box<Codec>, name: String },
    Wasm { codec: Box<WasmCodec>, name: String },
}

impl Runner {
    fn compile(path: &Path, unsigned: bool, wasm: bool) -> Result<Runner, Failure> {
        let source = read_text(path)?;
        let name = input::display_name(path);
        if wasm {
            let plugins = Plugins::shared().map_err(|e| Failure::plugin(&name, &e))?;
            let options = PluginOptions { unsigned_bytes: unsigned, deterministic_now_ms: None, deterministic_seed: None };
            let codec = plugins.compile(&source, options).map_err(|e| Failure::plugin(&name, &e))?;
            return Ok(Runner::Wasm { codec: Box::new(codec), name });
        }
        let codec = Codec::compile(&source, CodecOptions::default().unsigned_bytes(unsigned)).map_err(|e| Failure::script(&name, &e))?;
        Ok(Runner::Local { codec: Box::new(codec), name })
    }

    fn decode(&mut self, bytes: &[u8], topic: Option<&str>, f_port: Option<u8>) -> Result<Value, Failure> {
        match self {
            Runner::Local { codec, name } => codec.decode(bytes, &DecodeInput { topic, f_port }).map_err(|e| Failure::script(name, &e)),
            Runner::Wasm { codec, name } => {
                let input = PluginInput { topic: topic.map(str::to_string), f_port };
                let text = codec.decode(bytes, &input).map_err(|e| Failure::plugin(name, &e))?;
                serde_json::from_str(&text).map_err(|e| Failure::usage(format!("the plugin's answer is not JSON: {e}")))
            }
        }
    }

    fn encode(&mut self, message: &Value, f_port: Option<u8>) -> Result<Vec<u8>, Failure> {
        match self {
            Runner::Local { codec, name } => codec.encode(message, f_port).map_err(|e| Failure::script(name, &e)),
            Runner::Wasm { codec, name } => codec.encode(&message.to_string(), f_port).map_err(|e| Failure::plugin(name, &e)),
        }
    }
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

fn print_json(value: &Value, format: Format) {
    match format {
        Format::Json => println!("{value}"),
        Format::Text => println!("{}", pretty(value)),
    }
}
