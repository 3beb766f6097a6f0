//! The JSON every front end prints: the CLI's `--format json`, the npm package, the wasmtime
//! plugin and the HTTP service all answer in these shapes, so they are defined here once, as
//! types. With the `typescript` feature the types also carry their TypeScript declarations
//! (tsify), which the npm package's `.d.ts` is made of.

use crate::data::{DataCheck, DataFailure, Level};
use crate::script::ScriptError;
use crate::{Code, ConvertError, Diagnostic, Report};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A converted document.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Conversion {
    /// The document in the target format.
    #[cfg_attr(feature = "typescript", tsify(type = "JsonObject"))]
    pub document: Value,
    /// Warnings: the input's own, and what the conversion could not carry over.
    pub diagnostics: Vec<Diagnostic>,
    /// For each feature and field of the source: carried exactly, approximated or lost.
    pub fidelity: Vec<crate::interop::FidelityEntry>,
}

/// Why a call failed. Every front end's error has these fields: the CLI's and the service's
/// `{"error": …}`, and the npm package's `ThingkitError`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ErrorFields {
    /// Stable code (`TK0001`…); the table is `core/CODES.md`.
    #[cfg_attr(feature = "typescript", tsify(type = "string"))]
    pub code: Code,
    /// What went wrong.
    pub message: String,
    /// 1-based line in the input (a script, or a JSON text), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub line: Option<usize>,
    /// 1-based column in that line, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub column: Option<usize>,
    /// The code the Alibaba platform reports for the same failure (6201, 6207…), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub platform_code: Option<u16>,
    /// A document that could not be converted: all its errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub diagnostics: Option<Vec<Diagnostic>>,
    /// Of several model texts (a model and its custom modules), the 0-based index of the one
    /// with the errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub model: Option<usize>,
    /// The request field concerned, where the input has several (the HTTP service's `message`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub field: Option<String>,
}

impl ErrorFields {
    /// An error with only a code and a message.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        ErrorFields {
            code,
            message: message.into(),
            line: None,
            column: None,
            platform_code: None,
            diagnostics: None,
            model: None,
            field: None,
        }
    }

    /// As a JSON value.
    pub fn to_value(&self) -> Value {
        to_value(self)
    }
}

/// The result of checking one device message against a model.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct DataCheckResult {
    /// The level checked at.
    pub level: Level,
    /// Every failure, in message order.
    pub failures: Vec<DataFailure>,
    /// What goes on: the whole message (weak, none), or only what passed (strong; `null` when
    /// nothing did).
    #[cfg_attr(feature = "typescript", tsify(type = "JsonValue"))]
    pub passed: Option<Value>,
}

fn to_value(shape: &impl Serialize) -> Value {
    // These shapes hold only strings, numbers, lists and JSON values: serializing cannot fail.
    serde_json::to_value(shape).unwrap_or(Value::Null)
}

/// One diagnostic: `{code, severity, pointer, line, column, message, help?, range?}`.
pub fn diagnostic(d: &Diagnostic) -> Value {
    to_value(d)
}

/// A validation report: `{kind, valid, diagnostics}` (`kind` a [`crate::Format`] name or null).
pub fn report(r: &Report) -> Value {
    to_value(r)
}

/// A conversion: `{document, diagnostics, fidelity}` (the diagnostics are warnings).
pub fn conversion(c: &crate::Conversion) -> Value {
    to_value(&Conversion { document: c.document(), diagnostics: c.diagnostics.clone(), fidelity: c.fidelity.clone() })
}

impl From<&ConvertError> for ErrorFields {
    /// A failed conversion: the code, message, line and column of the first error (never a
    /// warning's) when the document is invalid, with every diagnostic; TK3003 when the formats
    /// do not convert.
    fn from(e: &ConvertError) -> Self {
        match e {
            ConvertError::Invalid { errors } => {
                let first = errors.iter().find(|d| d.is_error());
                let count = errors.iter().filter(|d| d.is_error()).count();
                let message = match (first, count) {
                    (Some(first), 1) => format!("the document has an error: {}", first.message),
                    (Some(first), n) => format!("the document has {n} errors; the first: {}", first.message),
                    (None, _) => "the document could not be read".to_string(),
                };
                ErrorFields {
                    line: first.map(|d| d.line),
                    column: first.map(|d| d.column),
                    diagnostics: Some(errors.clone()),
                    ..ErrorFields::new(first.map_or(Code::JsonSyntax, |d| d.code), message)
                }
            }
            other @ ConvertError::Unsupported { .. } => {
                ErrorFields { diagnostics: Some(Vec::new()), ..ErrorFields::new(Code::UnsupportedConversion, other.to_string()) }
            }
        }
    }
}

/// A failed conversion: `{code, message, diagnostics}` ([`ErrorFields`] from the error).
pub fn convert_error(e: &ConvertError) -> Value {
    ErrorFields::from(e).to_value()
}

/// A script failure: `{code, message, line?, column?, platformCode?}`.
pub fn script_error(e: &ScriptError) -> Value {
    ErrorFields::from(e).to_value()
}

impl From<&ScriptError> for ErrorFields {
    /// A script failure: its code, where in the script, and Alibaba's number for it.
    fn from(e: &ScriptError) -> Self {
        let (line, column) = e.location().unzip();
        ErrorFields { line, column, platform_code: e.platform_code(), ..ErrorFields::new(e.code(), e.to_string()) }
    }
}

/// Where serde_json stopped reading `text`, as a line and a column in characters, both counted
/// from 1, as every diagnostic's ([`crate::source::error_position`]).
pub fn json_error_position(text: &str, e: &serde_json::Error) -> (usize, usize) {
    crate::source::error_position(text, e)
}

/// Text that is not JSON: `{code: TK0001, message, line, column}`; `what` names it ("the message").
pub fn not_json(what: &str, text: &str, e: &serde_json::Error) -> ErrorFields {
    let (line, column) = json_error_position(text, e);
    ErrorFields { line: Some(line), column: Some(column), ..ErrorFields::new(Code::JsonSyntax, format!("{what} is not JSON: {e}")) }
}

/// A device-data check: `{level, failures, passed}`.
pub fn data_check(check: DataCheck, level: Level) -> Value {
    let mut out = serde_json::Map::new();
    out.insert("failures".into(), to_value(&check.failures));
    out.insert("level".into(), to_value(&level));
    out.insert("passed".into(), check.passed.unwrap_or(Value::Null));
    Value::Object(out)
}

/// [`data_check`] as JSON text, written straight from the check: what passed is not copied.
/// The same text as `data_check(…).to_string()`, keys in the same (sorted) order.
pub fn data_check_text(check: &DataCheck, level: Level) -> String {
    #[derive(Serialize)]
    struct Sorted<'a> {
        failures: Value,
        level: Level,
        passed: Option<&'a Value>,
    }
    serde_json::to_string(&Sorted { failures: to_value(&check.failures), level, passed: check.passed.as_ref() }).unwrap_or_default()
}

/// The texts of a model given as JSON: a TSL object, its text, or a list of either (the model
/// and its custom modules), as the HTTP service and the npm package take it.
pub fn model_texts(model: Value) -> Vec<String> {
    let text = |value: Value| match value {
        Value::String(text) => text,
        other => other.to_string(),
    };
    match model {
        Value::Array(models) => models.into_iter().map(text).collect(),
        model => vec![text(model)],
    }
}

/// Limits and behaviour of a compiled script, each optional (the defaults are the platform's):
/// the one JSON shape of [`crate::script::CodecOptions`]. The npm package takes it as it is;
/// the WIT world's `codec-options` and the HTTP service's query parameters carry the subset
/// they expose and map to it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CodecOptions {
    /// Hand Alibaba's functions bytes as 0-255 instead of the platform's -128-127.
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub unsigned_bytes: Option<bool>,
    /// Wall-clock limit per call, in milliseconds (default 100).
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub time_limit_ms: Option<u64>,
    /// Interpreter steps per call, over every loop and call of the script (default 20 million).
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub step_budget: Option<u64>,
    /// Deepest call nesting (default 256).
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub recursion_limit: Option<u32>,
    /// Most loop iterations within one function call (default 10 million).
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub loop_iteration_limit: Option<u64>,
    /// A fixed clock and random seed, so that `Date` and `Math.random` repeat across runs.
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub deterministic: Option<Deterministic>,
}

/// A fixed clock and random seed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Deterministic {
    /// What `Date.now()` and `new Date()` say, in epoch milliseconds (default 0).
    #[serde(default)]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub now_ms: i64,
    /// Seed of `Math.random`, reset before every call (default 0).
    #[serde(default)]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub seed: u32,
}

impl From<&CodecOptions> for crate::script::CodecOptions {
    fn from(options: &CodecOptions) -> Self {
        let mut out = crate::script::CodecOptions::default();
        if let Some(unsigned) = options.unsigned_bytes {
            out = out.unsigned_bytes(unsigned);
        }
        if let Some(ms) = options.time_limit_ms {
            out = out.time_limit(std::time::Duration::from_millis(ms));
        }
        if let Some(steps) = options.step_budget {
            out = out.step_budget(steps);
        }
        if let Some(depth) = options.recursion_limit {
            out = out.recursion_limit(depth as usize);
        }
        if let Some(iterations) = options.loop_iteration_limit {
            out = out.loop_iteration_limit(iterations);
        }
        if let Some(d) = &options.deterministic {
            out = out.deterministic(d.now_ms, d.seed);
        }
        out
    }
}
