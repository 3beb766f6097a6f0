//! ChirpStack's codec tests: `test_decode_NAME.json` and `test_encode_NAME.json` beside
//! `NAME.js`, each a list of `{name, input, expected}` written as a JavaScript literal
//! (comments, hex numbers, trailing commas): ChirpStack's runner pastes the text into
//! JavaScript, and so does this reader, in the sandbox. Source: chirpstack
//! `lorawan-device-profiles` `test-runner`.

use super::{Expected, Layout, Routine, Suite, Vector, malformed, object};
use crate::diagnostic::Diagnostic;
use crate::script::{CodecOptions, eval_literal};
use serde_json::Value;

/// The suite of a test file's `text`, run by `routine` (`decodeUplink` for `test_decode_*`,
/// `encodeDownlink` for `test_encode_*`) on `script`, whose source `codec` the literal is
/// evaluated after, in its scope, as ChirpStack's runner does (empty when not at hand).
///
/// # Errors
/// `TK5001` (with the line and column) when the text is not a JavaScript literal, any other
/// script error of evaluating it, or `TK7001` at the first test not in the documented shape.
pub fn read(text: &str, routine: Routine, script: &str, codec: &str) -> Result<Suite, Diagnostic> {
    let value = eval_literal(text, codec, CodecOptions::default()).map_err(|e| {
        let (line, column) = e.location().unwrap_or((0, 0));
        let mut d = Diagnostic::new(e.code(), "", format!("the tests are not a JavaScript literal: {e}"));
        (d.line, d.column) = (line, column);
        d
    })?;
    let mut suite = from_value(&value, script)?;
    suite.vectors.iter_mut().for_each(|v| v.routine = routine);
    Ok(suite)
}

/// The suite of tests already read as a value, each run by `decodeUplink` when its `input` has
/// `bytes`, else by `encodeDownlink` (what the file name says, for a file).
///
/// # Errors
/// `TK7001` at the first test not in the documented shape.
pub(crate) fn from_value(value: &Value, script: &str) -> Result<Suite, Diagnostic> {
    let tests = value.as_array().ok_or_else(|| malformed("", "a test file is a list of `{name, input, expected}`"))?;
    let mut vectors = Vec::new();
    for (i, test) in tests.iter().enumerate() {
        let at = format!("/{i}");
        let description = test.get("name").and_then(Value::as_str).map_or_else(|| format!("test {}", i + 1), str::to_string);
        let input = object(test, "input", &at)?.clone();
        let expected = test.get("expected").cloned().ok_or_else(|| malformed(format!("{at}/expected"), "`expected` is missing"))?;
        let routine = if input.get("bytes").is_some() { Routine::DecodeUplink } else { Routine::EncodeDownlink };
        vectors.push(Vector { description, routine, input, expected: Expected::Result(expected), pointer: at });
    }
    Ok(Suite { layout: Layout::ChirpStack, script: script.to_string(), unsigned: false, vectors })
}
