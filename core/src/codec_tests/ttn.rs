//! The Things Network device repository's codec files (`vendor/<vendor>/<codec>.yaml`), read
//! from their value (the YAML parsed by the caller): `uplinkDecoder`, `downlinkEncoder` and
//! `downlinkDecoder`, each a `fileName` (relative to the YAML) and `examples` of `description`,
//! `input` and `output`, and for uplinks `normalizedOutput` (`normalizeUplink`'s expected result).
//! Source: TheThingsNetwork/lorawan-devices `schema.json` and `bin/validate.js`.

use super::{Expected, Layout, Routine, Suite, Vector, malformed, object, text};
use crate::diagnostic::Diagnostic;
use serde_json::Value;

const SECTIONS: [(&str, Routine); 3] =
    [("uplinkDecoder", Routine::DecodeUplink), ("downlinkEncoder", Routine::EncodeDownlink), ("downlinkDecoder", Routine::DecodeDownlink)];

/// Whether a parsed YAML is a codec file: it has one of the three sections.
pub fn is_codec_file(value: &Value) -> bool {
    SECTIONS.iter().any(|(key, _)| value.get(key).is_some())
}

/// The suites of a codec file, one per script it names, in the order first named.
///
/// # Errors
/// `TK7001` at the first member that is not in the documented shape.
pub fn read(value: &Value) -> Result<Vec<Suite>, Diagnostic> {
    if !is_codec_file(value) {
        return Err(malformed("", "a codec file has `uplinkDecoder`, `downlinkEncoder` or `downlinkDecoder`"));
    }
    let mut suites: Vec<Suite> = Vec::new();
    for (key, routine) in SECTIONS {
        let Some(section) = value.get(key) else { continue };
        let at = format!("/{key}");
        let script = super::script_name(text(section, "fileName", &at)?, &format!("{at}/fileName"))?;
        let mut vectors = Vec::new();
        let examples = match section.get("examples") {
            None | Some(Value::Null) => &[][..],
            Some(Value::Array(list)) => list.as_slice(),
            Some(_) => return Err(malformed(format!("{at}/examples"), "`examples` must be a list")),
        };
        for (i, example) in examples.iter().enumerate() {
            let at = format!("{at}/examples/{i}");
            let description = example.get("description").and_then(Value::as_str).map_or_else(|| format!("example {}", i + 1), str::to_string);
            let input = object(example, "input", &at)?.clone();
            let output = object(example, "output", &at)?.clone();
            if let Some(normalized) = example.get("normalizedOutput") {
                if routine != Routine::DecodeUplink || !normalized.is_object() {
                    return Err(malformed(format!("{at}/normalizedOutput"), "`normalizedOutput` is an object, on uplink examples only"));
                }
                // As the repository's harness does: `normalizeUplink` of the expected output.
                vectors.push(Vector { description: description.clone(), routine, input, expected: Expected::Result(output.clone()), pointer: at.clone() });
                vectors.push(Vector {
                    description: format!("{description} (normalized)"),
                    routine: Routine::NormalizeUplink,
                    input: output,
                    expected: Expected::Result(normalized.clone()),
                    pointer: format!("{at}/normalizedOutput"),
                });
            } else {
                vectors.push(Vector { description, routine, input, expected: Expected::Result(output), pointer: at });
            }
        }
        match suites.iter_mut().find(|s| s.script == script) {
            Some(suite) => suite.vectors.extend(vectors),
            None => suites.push(Suite { layout: Layout::TheThingsNetwork, script, unsigned: false, vectors }),
        }
    }
    Ok(suites)
}
