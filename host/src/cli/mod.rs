//! The subcommands.

pub(crate) mod lint;
pub(crate) mod test;

use crate::Output;
use crate::input::{self, Input, PackageInputError};
use crate::render;
use std::io::Write;
use std::path::PathBuf;
use thingkit::huawei_package::{self, KeyStyle, Package};
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
    each_file(files, format, |path, name| {
        let (source, report) = validated(path)?;
        let printed = match format {
            Output::Json => format!("{}\n", report_json(name, &report)),
            Output::Text => format!("{}{}", source_diagnostics(name, &source, &report.diagnostics), summary_line(name, &report)),
        };
        Ok((report.valid, printed))
    })
}

/// The loop of the commands that report on each file (`validate`, `lint`): `check` gives a
/// file's verdict and what to print of it in `format`, or why it cannot be read. Exit 0 when
/// every file passes, 1 when one fails, 2 when one cannot be read (the others still run).
pub(crate) fn each_file(
    files: &[PathBuf],
    format: Output,
    mut check: impl FnMut(&std::path::Path, &str) -> Result<(bool, String), String>,
) -> u8 {
    let mut code = OK;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for path in files {
        let name = input::display_name(path);
        let written = match check(path, &name) {
            Ok((valid, printed)) => {
                if !valid && code == OK {
                    code = INVALID;
                }
                write!(out, "{printed}")
            }
            Err(message) => {
                code = FAILURE;
                unreadable(&mut out, format, &name, message)
            }
        };
        if written.is_err() {
            return FAILURE;
        }
    }
    code
}

/// A file that cannot be read: said on standard error and, in JSON, as the file's line with a
/// code like every other error.
pub(crate) fn unreadable(out: &mut impl Write, format: Output, name: &str, message: String) -> std::io::Result<()> {
    eprintln!("error: {message}");
    if format == Output::Json {
        let error = thingkit::json::ErrorFields::new(thingkit::Code::BadArgument, message);
        writeln!(out, "{}", serde_json::json!({"file": name, "error": error}))?;
    }
    Ok(())
}

/// The model at `path` (a document, or a Huawei product model package) and its report; text
/// that cannot be read as one is a report with that diagnostic. An I/O failure is an `Err`.
fn validated(path: &std::path::Path) -> Result<(Source, Report), String> {
    let unread = |d: Diagnostic| Report { kind: None, valid: false, diagnostics: vec![d] };
    match input::package(path) {
        Some(Ok(package)) => {
            let report = huawei_package::validate(&package);
            Ok((Source::Package(package), report))
        }
        Some(Err(PackageInputError::Diagnostic(d))) => Ok((Source::Package(Package::default()), unread(d))),
        Some(Err(PackageInputError::Io(message))) => Err(message),
        None => match input::read(path)? {
            Input::Text(text) => {
                let report = thingkit::validate(&text);
                Ok((Source::Text(text), report))
            }
            Input::NotUtf8(d) => Ok((Source::Text(String::new()), unread(d))),
        },
    }
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
    out.push_str(&summary_line(name, report));
    out
}

fn summary_line(name: &str, report: &Report) -> String {
    let errors = report.errors().count();
    let warnings = report.diagnostics.len() - errors;
    let kind = report.kind.map_or("document", |k| k.as_str());
    let verdict = if report.valid { "valid" } else { "invalid" };
    format!("{name}: {verdict} {kind} ({errors} error(s), {warnings} warning(s))\n")
}

/// A package's diagnostics, each with an excerpt of its own file (`name/path`).
fn package_diagnostics(name: &str, package: &Package, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let file = d.file.as_deref().and_then(|f| package.files.iter().find(|p| p.path == f));
        let (shown, text) = match (d.file.as_deref(), file) {
            (Some(path), Some(file)) => (format!("{name}/{path}"), file.text.as_str()),
            (Some(path), None) => (format!("{name}/{path}"), ""),
            (None, _) => (name.to_string(), ""),
        };
        out.push_str(&render::diagnostics(&shown, text, std::slice::from_ref(d)));
    }
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

/// A model to convert: one document's text, or a Huawei product model package.
enum Source {
    Text(String),
    Package(Package),
}

/// Reads the model at `path`, or says why not (the exit code).
fn read_source(path: &std::path::Path, name: &str) -> Result<Source, u8> {
    match input::package(path) {
        Some(Ok(package)) => return Ok(Source::Package(package)),
        Some(Err(PackageInputError::Diagnostic(d))) => {
            eprint!("{}", package_diagnostics(name, &Package::default(), &[d]));
            return Err(INVALID);
        }
        Some(Err(PackageInputError::Io(message))) => {
            eprintln!("error: {message}");
            return Err(FAILURE);
        }
        None => {}
    }
    match input::read(path) {
        Ok(Input::Text(text)) => Ok(Source::Text(text)),
        Ok(Input::NotUtf8(d)) => {
            eprintln!("{name}: {d}");
            Err(INVALID)
        }
        Err(message) => {
            eprintln!("error: {message}");
            Err(FAILURE)
        }
    }
}

/// Renders diagnostics of the source read: with excerpts of its text or of its package's files.
fn source_diagnostics(name: &str, source: &Source, diagnostics: &[Diagnostic]) -> String {
    match source {
        Source::Text(text) => render::diagnostics(name, text, diagnostics),
        Source::Package(package) => package_diagnostics(name, package, diagnostics),
    }
}

/// `thingkit convert … --zip FILE`: the model written as a Huawei product model package.
pub(crate) fn convert_to_package(
    path: &std::path::Path,
    from: Option<Format>,
    target: Format,
    zip: &std::path::Path,
    keys: Option<KeyStyle>,
) -> u8 {
    if target != Format::Huawei {
        eprintln!("error: `--zip` writes a Huawei product model package: use it with `--to huawei`");
        return FAILURE;
    }
    let name = input::display_name(path);
    let source = match read_source(path, &name) {
        Ok(source) => source,
        Err(code) => return code,
    };
    let written = match &source {
        Source::Package(package) => huawei_package::rewrite(package, keys.or(package.style()).unwrap_or_default()),
        Source::Text(text) => huawei_package::write(text, from, keys.unwrap_or_default()),
    };
    match written {
        Ok(written) => {
            eprint!("{}", source_diagnostics(&name, &source, &written.diagnostics));
            eprint!("{}", package_diagnostics(&zip.display().to_string(), &written.package, &written.written));
            eprint!("{}", fidelity_text(&name, &written.fidelity));
            let bytes = match written.package.to_zip() {
                Ok(bytes) => bytes,
                Err(d) => {
                    eprintln!("error[{}]: {}", d.code, d.message);
                    return FAILURE;
                }
            };
            if let Err(e) = std::fs::write(zip, bytes) {
                eprintln!("error: cannot write `{}`: {e}", zip.display());
                return FAILURE;
            }
            eprintln!("{}: wrote {} file(s)", zip.display(), written.package.files.len());
            OK
        }
        Err(e) => conversion_failed(&name, &source, e),
    }
}

fn conversion_failed(name: &str, source: &Source, e: ConvertError) -> u8 {
    match e {
        ConvertError::Invalid { errors } => {
            eprint!("{}", source_diagnostics(name, source, &errors));
            eprintln!("{name}: not converted: the document has errors");
            INVALID
        }
        e => {
            eprintln!("error: {e}");
            FAILURE
        }
    }
}

/// `thingkit convert`.
pub(crate) fn convert(path: &std::path::Path, from: Option<Format>, target: Format) -> u8 {
    let name = input::display_name(path);
    let source = match read_source(path, &name) {
        Ok(source) => source,
        Err(code) => return code,
    };
    let converted = match &source {
        Source::Text(text) => thingkit::convert_as(text, from, target),
        Source::Package(package) => huawei_package::convert(package, target),
    };
    match converted {
        Ok(conversion) => {
            eprint!("{}", source_diagnostics(&name, &source, &conversion.diagnostics));
            eprint!("{}", fidelity_text(&name, &conversion.fidelity));
            println!("{}", conversion.text);
            OK
        }
        Err(e) => conversion_failed(&name, &source, e),
    }
}

/// The fidelity report for a terminal: what was approximated or lost, then a count of each.
pub(crate) fn fidelity_text(name: &str, fidelity: &[FidelityEntry]) -> String {
    let mut out = String::new();
    for e in fidelity.iter().filter(|e| e.outcome != Outcome::Exact) {
        let outcome = if e.outcome == Outcome::Lost { "lost" } else { "approximated" };
        let pointer = if e.pointer.is_empty() { "(the model)" } else { e.pointer.as_str() };
        let name = e.file.as_ref().map_or_else(|| name.to_string(), |file| format!("{name}/{file}"));
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
