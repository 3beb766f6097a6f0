//! The JSON every front end prints: the CLI's `--format json`, the npm package, the wasmtime
//! plugin and the HTTP service all answer in these shapes, so they are built here once.

use crate::data::{DataCheck, Level};
use crate::script::ScriptError;
use crate::{Code, Conversion, ConvertError, Diagnostic, Report};
use serde_json::{Map, Value, json};

/// One diagnostic: `{code, severity, pointer, line, column, message}`.
pub fn diagnostic(d: &Diagnostic) -> Value {
    json!({
        "code": d.code.as_str(),
        "severity": d.severity,
        "pointer": d.pointer,
        "line": d.line,
        "column": d.column,
        "message": d.message,
    })
}

fn diagnostics(ds: &[Diagnostic]) -> Value {
    Value::Array(ds.iter().map(diagnostic).collect())
}

/// A validation report: `{kind, valid, diagnostics}` (`kind` is `tsl`, `thing-model-json` or null).
pub fn report(r: &Report) -> Value {
    json!({"kind": r.kind.map(|k| k.as_str()), "valid": r.valid, "diagnostics": diagnostics(&r.diagnostics)})
}

/// A conversion: `{document, diagnostics}` (the diagnostics are warnings: what was not carried).
pub fn conversion(c: &Conversion) -> Value {
    json!({"document": c.document(), "diagnostics": diagnostics(&c.diagnostics)})
}

/// A failed conversion: `{code, message, diagnostics}`, the code that of the first error when
/// the document is invalid.
pub fn convert_error(e: &ConvertError) -> Value {
    match e {
        ConvertError::Invalid { errors } => json!({
            "code": errors.first().map_or("TK0001", |d| d.code.as_str()),
            "message": "the document has errors",
            "diagnostics": diagnostics(errors),
        }),
        other @ ConvertError::Unsupported { .. } => {
            json!({"code": Code::UnsupportedConversion.as_str(), "message": other.to_string(), "diagnostics": []})
        }
    }
}

/// A script failure: `{code, message, line?, column?, platformCode?}`.
pub fn script_error(e: &ScriptError) -> Value {
    let mut error = Map::new();
    error.insert("code".into(), e.code().as_str().into());
    error.insert("message".into(), e.to_string().into());
    if let Some((line, column)) = e.location() {
        error.insert("line".into(), line.into());
        error.insert("column".into(), column.into());
    }
    if let Some(code) = e.platform_code() {
        error.insert("platformCode".into(), code.into());
    }
    Value::Object(error)
}

/// Where serde_json stopped reading, as a line and column counted from 1 (serde_json says column
/// 0 before a line's first character, as in an empty text).
pub fn json_error_position(e: &serde_json::Error) -> (usize, usize) {
    (e.line(), e.column().max(1))
}

/// Text that is not JSON: `{code: TK0001, message, line, column}`; `what` names it ("the message").
pub fn not_json(what: &str, e: &serde_json::Error) -> Value {
    let (line, column) = json_error_position(e);
    json!({"code": Code::JsonSyntax.as_str(), "message": format!("{what} is not JSON: {e}"), "line": line, "column": column})
}

/// A device-data check: `{level, failures, passed}`.
pub fn data_check(check: &DataCheck, level: Level) -> Value {
    json!({"level": level, "failures": check.failures, "passed": check.passed})
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
