//! `thingkit lint`: data-parsing scripts checked against the platforms that will run them, with
//! the code frames and the JSON lines of `validate`.

use crate::Output;
use crate::input::{self, Input};
use crate::render;
use std::path::PathBuf;
use thingkit::Diagnostic;
use thingkit::lint::{Finding, Report, Target, TargetsFrom};

/// `thingkit lint`: exit 0 when no finding is an error, 1 when one is, 2 when a file cannot be
/// read.
pub(crate) fn run(files: &[PathBuf], targets: &[Target], format: Output) -> u8 {
    super::each_file(files, format, |path, name| {
        let (text, report) = match input::read(path)? {
            Input::Text(text) => {
                let report = thingkit::lint::lint(&text, targets);
                (text, report)
            }
            Input::NotUtf8(d) => (String::new(), unread(d, targets)),
        };
        let printed = match format {
            Output::Json => format!("{}\n", report_json(name, &report)),
            Output::Text => {
                let diagnostics: Vec<Diagnostic> = report.diagnostics.iter().map(|f| f.diagnostic.clone()).collect();
                format!("{}{}", render::diagnostics(name, &text, &diagnostics), summary_line(name, &report))
            }
        };
        Ok((report.valid, printed))
    })
}

/// A file that is not UTF-8: its one diagnostic, for every target asked (or all).
fn unread(diagnostic: Diagnostic, targets: &[Target]) -> Report {
    let (targets, targets_from) =
        if targets.is_empty() { (Target::ALL.to_vec(), TargetsFrom::All) } else { (targets.to_vec(), TargetsFrom::Given) };
    Report { diagnostics: vec![Finding { diagnostic, targets: targets.clone() }], targets, targets_from, valid: false }
}

/// The JSON line of one file: the report with `file`.
fn report_json(name: &str, report: &Report) -> serde_json::Value {
    let mut value = serde_json::to_value(report).unwrap_or_default();
    if let Some(object) = value.as_object_mut() {
        object.insert("file".into(), name.into());
    }
    value
}

/// "codec.js: 1 error(s), 0 warning(s) for tts, chirpstack and ts013 (the targets of its entry
/// points; `--target` chooses)".
fn summary_line(name: &str, report: &Report) -> String {
    let errors = report.errors().count();
    let warnings = report.diagnostics.len() - errors;
    let names: Vec<&str> = report.targets.iter().map(|t| t.as_str()).collect();
    let why = match report.targets_from {
        TargetsFrom::Given => "as given",
        TargetsFrom::EntryPoints => "the targets of its entry points; `--target` chooses",
        TargetsFrom::All => "all: no entry point tells which; `--target` chooses",
    };
    let verdict = if report.valid { "passes" } else { "fails" };
    format!("{name}: {verdict} {} ({why}): {errors} error(s), {warnings} warning(s)\n", names.join(", "))
}
