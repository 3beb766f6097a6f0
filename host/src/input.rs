//! Reading a document from a file or standard input, as text.

use std::io::Read;
use std::path::Path;
use thingkit::Diagnostic;

/// A document's text, or why there is none.
pub(crate) enum Input {
    /// UTF-8 text.
    Text(String),
    /// Bytes that are not UTF-8: a problem of the document, reported as a diagnostic.
    NotUtf8(Diagnostic),
}

/// Reads `path` (`-` for standard input). An I/O failure is an `Err` with a message.
pub(crate) fn read(path: &Path) -> Result<Input, String> {
    let mut bytes = Vec::new();
    let result = if path.as_os_str() == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes)).map(|_| ())
    };
    result.map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    Ok(thingkit::source::text_from_bytes(bytes).map_or_else(Input::NotUtf8, Input::Text))
}

/// The name shown for `path`.
pub(crate) fn display_name(path: &Path) -> String {
    if path.as_os_str() == "-" { "<stdin>".into() } else { path.display().to_string() }
}
