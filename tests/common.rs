//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

/// A fixture's text.
pub fn fixture(rel: &str) -> String {
    std::fs::read_to_string(root().join("tests/fixtures").join(rel)).expect("fixture exists")
}

/// Every fixture in `tests/fixtures/{dir}`, sorted, as (file name, text).
pub fn fixtures(dir: &str) -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir(root().join("tests/fixtures").join(dir))
        .expect("fixture directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| (p.file_name().expect("name").to_string_lossy().into_owned(), std::fs::read_to_string(&p).expect("read")))
        .collect()
}

/// One line per diagnostic: code, severity, pointer, line:column, message.
pub fn render(diagnostics: &[thingkit::Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| {
            format!(
                "{} {:?} {} {}:{} {}",
                d.code,
                d.severity,
                if d.pointer.is_empty() { "/" } else { &d.pointer },
                d.line,
                d.column,
                d.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}
