//! The subcommands.

use crate::Output;
use crate::input::{self, Input};
use crate::render;
use std::io::Write;
use std::path::PathBuf;
use thingkit::interop::{FidelityEntry, Outcome};
use thingkit::{ConvertError, Diagnostic, Format, Report};

/// Exit code: no errors.
pub(crate) const OK: u8 = 0;
/// Exit code: a document has errors.
pub(crate) const INVALID: u8 = 1;
/// Exit code: usage or I/O failure.
pub(crate) const FAILURE: u8 = 2;

/// `thingkit validate`.
pub(crate) fn validate(files: &[PathBuf], format: Output) -> u8 {
    let mut code = OK;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for path in files {
        let name = input::display_name(path);
        let (text, report) = match input::read(path) {
            Ok(Input::Text(text)) => {
                let report = thingkit::validate(&text);
                (text, report)
            }
            Ok(Input::NotUtf8(d)) => (String::new(), Report { kind: None, valid: false, diagnostics: vec![d] }),
            Err(message) => {
                eprintln!("error: {message}");
                // In JSON, the file's line says so too, with a code like every other error.
                if format == Output::Json {
                    let error = thingkit::json::ErrorFields::new(thingkit::Code::BadArgument, message);
                    if writeln!(out, "{}", serde_json::json!({"file": name, "error": error})).is_err() {
                        return FAILURE;
                    }
                }
                code = FAILURE;
                continue;
            }
        };
        if !report.valid && code == OK {
            code = INVALID;
        }
        let written = match format {
            Output::Json => writeln!(out, "{}", report_json(&name, &report)),
            Output::Text => write!(out, "{}", report_text(&name, &text, &report)),
        };
        if written.is_err() {
            return FAILURE;
        }
    }
    code
}

/// The JSON report of one file: the contract `--format json` prints, one line per file.
pub(crate) fn report_json(name: &str, report: &Report) -> serde_json::Value {
    let mut value = thingkit::json::report(report);
    if let Some(object) = value.as_object_mut() {
        object.insert("file".into(), name.into());
    }
    value
}

/// The text report of one file: each problem with an excerpt, then a summary line.
pub(crate) fn report_text(name: &str, text: &str, report: &Report) -> String {
    let mut out = render::diagnostics(name, text, &report.diagnostics);
    let errors = report.errors().count();
    let warnings = report.diagnostics.len() - errors;
    let kind = report.kind.map_or("document", |k| k.as_str());
    let verdict = if report.valid { "valid" } else { "invalid" };
    out.push_str(&format!("{name}: {verdict} {kind} ({errors} error(s), {warnings} warning(s))\n"));
    out
}

/// `--from`: a [`Format`], or `auto` (told by the content).
#[derive(Debug, Clone, Copy)]
pub(crate) struct From(pub Option<Format>);

/// Reads `--from`: `auto` or a format's name.
pub(crate) fn parse_from(name: &str) -> Result<From, String> {
    match name {
        "auto" => Ok(From(None)),
        name => Format::parse(name).map(|f| From(Some(f))).ok_or_else(|| format!("expected `auto` or one of {}", Format::names())),
    }
}

/// `thingkit convert`.
pub(crate) fn convert(path: &std::path::Path, from: Option<Format>, target: Format) -> u8 {
    let name = input::display_name(path);
    let text = match input::read(path) {
        Ok(Input::Text(text)) => text,
        Ok(Input::NotUtf8(d)) => {
            eprintln!("{name}: {d}");
            return INVALID;
        }
        Err(message) => {
            eprintln!("error: {message}");
            return FAILURE;
        }
    };
    match thingkit::convert_as(&text, from, target) {
        Ok(conversion) => {
            eprint!("{}", render::diagnostics(&name, &text, &conversion.diagnostics));
            eprint!("{}", fidelity_text(&name, &conversion.fidelity));
            println!("{}", conversion.text);
            OK
        }
        Err(ConvertError::Invalid { errors }) => {
            let shown: Vec<Diagnostic> = errors;
            eprint!("{}", render::diagnostics(&name, &text, &shown));
            eprintln!("{name}: not converted: the document has errors");
            INVALID
        }
        Err(e) => {
            eprintln!("error: {e}");
            FAILURE
        }
    }
}

/// The fidelity report for a terminal: what was approximated or lost, then a count of each.
pub(crate) fn fidelity_text(name: &str, fidelity: &[FidelityEntry]) -> String {
    let mut out = String::new();
    for e in fidelity.iter().filter(|e| e.outcome != Outcome::Exact) {
        let outcome = if e.outcome == Outcome::Lost { "lost" } else { "approximated" };
        let pointer = if e.pointer.is_empty() { "(the model)" } else { e.pointer.as_str() };
        out.push_str(&format!("{outcome}: {name}#{pointer}: {}\n", e.message));
    }
    let count = |o: Outcome| fidelity.iter().filter(|e| e.outcome == o).count();
    if !fidelity.is_empty() {
        out.push_str(&format!(
            "{name}: fidelity: {} exact, {} approximated, {} lost\n",
            count(Outcome::Exact),
            count(Outcome::Approximated),
            count(Outcome::Lost)
        ));
    }
    out
}

/// `thingkit schema`.
pub(crate) fn schema(format: Format) -> u8 {
    print!("{}", thingkit::schema::to_text(format));
    OK
}
