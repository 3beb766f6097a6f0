//! LoRa Alliance TS013 `examples.json`: a list of `{type, description, input, output}`, `type`
//! `uplink`, `downlink-encode` or `downlink-decode` (`bytes` in the input or an encoder's output
//! may be hex text, as Actility's harness takes them); the script is the package's `main`
//! (`package.json`), conventionally `index.js`. Sources: the TS013-1.0.0 sample `examples.json`;
//! Actility `device-catalog` `driver-examples.spec.js` (the `main` rule).

use super::{Expected, Layout, Routine, Suite, Vector, malformed, object, text};
use crate::diagnostic::Diagnostic;
use serde_json::Value;

/// The suite of an `examples.json` whose codec is `script`.
///
/// # Errors
/// `TK7001` at the first example that is not in the documented shape.
pub fn read(value: &Value, script: &str) -> Result<Suite, Diagnostic> {
    let examples = value.as_array().ok_or_else(|| malformed("", "`examples.json` is a list of examples"))?;
    let mut vectors = Vec::new();
    for (i, example) in examples.iter().enumerate() {
        let at = format!("/{i}");
        let routine = match text(example, "type", &at)? {
            "uplink" => Routine::DecodeUplink,
            "downlink-encode" => Routine::EncodeDownlink,
            "downlink-decode" => Routine::DecodeDownlink,
            other => {
                return Err(malformed(format!("{at}/type"), format!("`type` `{other}` is none of `uplink`, `downlink-encode`, `downlink-decode`")));
            }
        };
        let description = example.get("description").and_then(Value::as_str).map_or_else(|| format!("example {}", i + 1), str::to_string);
        let mut input = object(example, "input", &at)?.clone();
        let mut output = object(example, "output", &at)?.clone();
        // Bytes written as hex text, as some harnesses take them, are the bytes themselves.
        for (value, at) in [(&mut input, format!("{at}/input/bytes")), (&mut output, format!("{at}/output/bytes"))] {
            if let Some(Value::String(hex)) = value.get("bytes") {
                let bytes = crate::script::from_hex(hex).map_err(|e| malformed(at, e.to_string()))?;
                value["bytes"] = Value::from(bytes);
            }
        }
        vectors.push(Vector { description, routine, input, expected: Expected::Result(output), pointer: at });
    }
    Ok(Suite { layout: Layout::Ts013, script: if script.is_empty() { String::new() } else { super::script_name(script, "")? }, unsigned: false, vectors })
}
