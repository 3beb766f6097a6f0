//! Reading a document from a file or standard input, as text.

use std::io::Read;
use std::path::Path;
use thingkit::{Code, Diagnostic};

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
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Input::Text(text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let valid = &e.as_bytes()[..at];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&valid[line_start..]).chars().count() + 1;
            let mut d = Diagnostic::new(Code::InvalidUtf8, "", format!("invalid UTF-8 at byte {at}"));
            d.line = line;
            d.column = column;
            d.hint = Some("thing models are UTF-8 JSON; re-save the file as UTF-8".into());
            Ok(Input::NotUtf8(d))
        }
    }
}

/// The name shown for `path`.
pub(crate) fn display_name(path: &Path) -> String {
    if path.as_os_str() == "-" { "<stdin>".into() } else { path.display().to_string() }
}
