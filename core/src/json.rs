//! The JSON every front end prints: the CLI's `--format json`, the npm package, the wasmtime
//! plugin and the HTTP service all answer in these shapes, so they are defined here once, as
//! types. With the `typescript` feature the types also carry their TypeScript declarations
//! (tsify), which the npm package's `.d.ts` is made of.

use crate::data::{DataCheck, DataFailure, Level};
use crate::script::ScriptError;
use crate::validate::DocumentKind;
use crate::{Code, ConvertError, Report, Severity};
use serde::Serialize;
use serde_json::Value;

/// A problem found in a document: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Diagnostic {
    /// Stable code (`TK1001`…); the table is `core/CODES.md`.
    #[cfg_attr(feature = "typescript", tsify(type = "string"))]
    pub code: Code,
    /// `error` makes the document invalid; `warning` does not.
    pub severity: Severity,
    /// RFC 6901 JSON pointer to the value concerned (`""` is the whole document).
    pub pointer: String,
    /// 1-based line of that value in the text.
    pub line: usize,
    /// 1-based column, in characters, of that value in the text.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl From<&crate::Diagnostic> for Diagnostic {
    fn from(d: &crate::Diagnostic) -> Self {
        Diagnostic {
            code: d.code,
            severity: d.severity,
            pointer: d.pointer.clone(),
            line: d.line,
            column: d.column,
            message: d.message.clone(),
        }
    }
}

fn diagnostics(ds: &[crate::Diagnostic]) -> Vec<Diagnostic> {
    ds.iter().map(Diagnostic::from).collect()
}

/// The result of validating a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct ValidationReport {
    /// What the document was read as; `null` when nothing told.
    #[cfg_attr(feature = "typescript", tsify(type = "DocumentKind | null"))]
    pub kind: Option<DocumentKind>,
    /// No errors (warnings allowed).
    pub valid: bool,
    /// Every problem, in document order.
    pub diagnostics: Vec<Diagnostic>,
}

/// A converted document.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
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
}

impl ErrorFields {
    /// An error with only a code and a message.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        ErrorFields { code, message: message.into(), line: None, column: None, platform_code: None, diagnostics: None }
    }

    /// As a JSON value.
    pub fn to_value(&self) -> Value {
        to_value(self)
    }
}

/// The result of checking one device message against a model.
#[derive(Debug, Clone, PartialEq, Serialize)]
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

/// One diagnostic: `{code, severity, pointer, line, column, message}`.
pub fn diagnostic(d: &crate::Diagnostic) -> Value {
    to_value(&Diagnostic::from(d))
}

/// A validation report: `{kind, valid, diagnostics}` (`kind` is `tsl`, `thing-model-json` or null).
pub fn report(r: &Report) -> Value {
    to_value(&ValidationReport { kind: r.kind, valid: r.valid, diagnostics: diagnostics(&r.diagnostics) })
}

/// A conversion: `{document, diagnostics, fidelity}` (the diagnostics are warnings).
pub fn conversion(c: &crate::Conversion) -> Value {
    to_value(&Conversion { document: c.document(), diagnostics: diagnostics(&c.diagnostics), fidelity: c.fidelity.clone() })
}

/// A failed conversion: `{code, message, diagnostics}`, the code that of the first error when
/// the document is invalid.
pub fn convert_error(e: &ConvertError) -> Value {
    let error = match e {
        ConvertError::Invalid { errors } => ErrorFields {
            diagnostics: Some(diagnostics(errors)),
            ..ErrorFields::new(errors.first().map_or(Code::JsonSyntax, |d| d.code), "the document has errors")
        },
        other @ ConvertError::Unsupported { .. } => {
            ErrorFields { diagnostics: Some(Vec::new()), ..ErrorFields::new(Code::UnsupportedConversion, other.to_string()) }
        }
    };
    error.to_value()
}

/// A script failure: `{code, message, line?, column?, platformCode?}`.
pub fn script_error(e: &ScriptError) -> Value {
    let (line, column) = e.location().unzip();
    ErrorFields { line, column, platform_code: e.platform_code(), ..ErrorFields::new(e.code(), e.to_string()) }.to_value()
}

/// Where serde_json stopped reading, as a line and column counted from 1 (serde_json says column
/// 0 before a line's first character, as in an empty text).
pub fn json_error_position(e: &serde_json::Error) -> (usize, usize) {
    (e.line(), e.column().max(1))
}

/// Text that is not JSON: `{code: TK0001, message, line, column}`; `what` names it ("the message").
pub fn not_json(what: &str, e: &serde_json::Error) -> Value {
    let (line, column) = json_error_position(e);
    ErrorFields { line: Some(line), column: Some(column), ..ErrorFields::new(Code::JsonSyntax, format!("{what} is not JSON: {e}")) }
        .to_value()
}

/// A device-data check: `{level, failures, passed}`.
pub fn data_check(check: &DataCheck, level: Level) -> Value {
    to_value(&DataCheckResult { level, failures: check.failures.clone(), passed: check.passed.clone() })
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
