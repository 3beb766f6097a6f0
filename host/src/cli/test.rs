//! `thingkit test`: finds codec test vectors in every published layout under the paths given,
//! runs each file's vectors on its script (compiled once per file), files in parallel across
//! the cores, and reports what differs. Layouts and comparisons: `thingkit::codec_tests`.

// A file's error is one located diagnostic, made once per file.
#![allow(clippy::result_large_err)]

use super::{FAILURE, INVALID, OK};
use crate::Output;
use crate::render;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use thingkit::codec_tests::{self as vectors, Layout, Routine, Status, Suite, VectorResult};
use thingkit::json::ErrorFields;
use thingkit::script::{Codec, ScriptError};
use thingkit::{Code, Diagnostic};

/// `thingkit test`'s arguments.
#[derive(Debug, clap::Args)]
pub(crate) struct TestArgs {
    /// Files or folders (searched recursively): The Things Network codec YAML (`*-codec.yaml`,
    /// any YAML with `uplinkDecoder`/`downlinkEncoder`/`downlinkDecoder`), TS013 `examples.json`,
    /// ChirpStack `test_decode_NAME.json`/`test_encode_NAME.json`, thingkit `*.vectors.json`.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Run only the vectors whose description contains this text.
    #[arg(long)]
    filter: Option<String>,
    /// Output format: text, or one JSON object per file, one per line.
    #[arg(long, value_enum, default_value = "text")]
    format: Output,
    /// Also write a JUnit XML report (for CI) to this file.
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,
}

/// A vector file found, with its layout.
#[derive(Debug, Clone)]
struct Found {
    path: PathBuf,
    kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Ttn,
    Ts013,
    ChirpStack(Routine),
    Thingkit,
}

/// What one file gave: its suites' results, or why it could not run.
#[derive(Debug)]
struct FileReport {
    name: String,
    layout: Option<Layout>,
    /// `(script, its text, the vectors' results)`, one per suite.
    suites: Vec<(String, String, Vec<VectorResult>)>,
    /// The file (or a script) could not be read or compiled: code, message, where.
    error: Option<FileError>,
}

#[derive(Debug)]
struct FileError {
    /// The file the error is in (the vector file, or the script).
    file: String,
    text: String,
    diagnostic: Diagnostic,
    /// Exit 2 (unreadable input) rather than 1 (a codec that fails).
    unreadable: bool,
}

impl FileReport {
    fn count(&self, f: impl Fn(&VectorResult) -> bool) -> usize {
        self.suites.iter().flat_map(|(_, _, r)| r).filter(|r| f(r)).count()
    }
    fn passed(&self) -> usize {
        self.count(VectorResult::passed)
    }
    fn failed(&self) -> usize {
        self.count(|r| matches!(r.status, Status::Failed { .. }))
    }
    fn errors(&self) -> usize {
        self.count(|r| matches!(r.status, Status::Error { .. })) + usize::from(self.error.is_some())
    }
}

/// The thread stack of each worker: compiling and running recurse once per level of a
/// script's nesting, as on the CLI's main work thread.
const WORKER_STACK_BYTES: usize = 256 << 20;

/// `thingkit test`.
pub(crate) fn test(args: &TestArgs) -> u8 {
    let started = Instant::now();
    let found = match discover(&args.paths) {
        Ok(found) if found.is_empty() => {
            eprintln!(
                "error: no test vectors under {}",
                args.paths.iter().map(|p| format!("`{}`", p.display())).collect::<Vec<_>>().join(", ")
            );
            return FAILURE;
        }
        Ok(found) => found,
        Err(message) => {
            eprintln!("error: {message}");
            return FAILURE;
        }
    };
    let reports = run_all(&found, args.filter.as_deref());
    let elapsed = started.elapsed();
    let mut out = String::new();
    for report in &reports {
        match args.format {
            Output::Text => out.push_str(&report_text(report)),
            Output::Json => {
                out.push_str(&report_json(report).to_string());
                out.push('\n');
            }
        }
    }
    let (passed, failed, errors) = reports.iter().fold((0, 0, 0), |(p, f, e), r| (p + r.passed(), f + r.failed(), e + r.errors()));
    if args.format == Output::Text {
        let verdict = if failed + errors == 0 { "ok" } else { "FAILED" };
        out.push_str(&format!(
            "test result: {verdict}. {passed} passed; {failed} failed; {errors} errors; {} file(s) in {:.2}s\n",
            reports.len(),
            elapsed.as_secs_f64()
        ));
    }
    print!("{out}");
    if passed + failed + errors == 0 && args.filter.is_some() {
        eprintln!("warning: no vector's description contains `{}`", args.filter.as_deref().unwrap_or_default());
    }
    if let Some(path) = &args.junit
        && let Err(e) = std::fs::write(path, junit(&reports, elapsed))
    {
        eprintln!("error: cannot write `{}`: {e}", path.display());
        return FAILURE;
    }
    if reports.iter().any(|r| r.error.as_ref().is_some_and(|e| e.unreadable)) {
        FAILURE
    } else if failed + errors > 0 {
        INVALID
    } else {
        OK
    }
}

/// Every vector file under `paths`, in path order; a file named explicitly must be one.
fn discover(paths: &[PathBuf]) -> Result<Vec<Found>, String> {
    let mut found = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut found).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        } else if !path.exists() {
            return Err(format!("`{}` does not exist", path.display()));
        } else {
            let kind = classify(path, true).ok_or_else(|| {
                format!("`{}` is no test vector file (a codec YAML, `examples.json`, `test_decode_*.json`, `test_encode_*.json` or `*.vectors.json`)", path.display())
            })?;
            found.push(Found { path: path.clone(), kind });
        }
    }
    // A file named twice (or reached by two paths) runs once.
    let mut seen = std::collections::HashSet::new();
    found.retain(|f| seen.insert(std::fs::canonicalize(&f.path).unwrap_or_else(|_| f.path.clone())));
    Ok(found)
}

fn walk(dir: &Path, found: &mut Vec<Found>) -> std::io::Result<()> {
    let mut entries: Vec<(PathBuf, std::fs::FileType)> =
        std::fs::read_dir(dir)?.map(|e| e.and_then(|e| Ok((e.path(), e.file_type()?)))).collect::<Result<_, _>>()?;
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, kind) in entries {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        // A linked folder is not followed (a link to an ancestor would never end); a linked
        // file is read.
        if kind.is_symlink() && path.is_dir() {
            continue;
        }
        if kind.is_dir() {
            // What holds dependencies and builds, not vectors.
            if !matches!(name.as_str(), "node_modules" | ".git" | "target") {
                walk(&path, found)?;
            }
        } else if let Some(kind) = classify(&path, false) {
            found.push(Found { path, kind });
        }
    }
    Ok(())
}

/// The layout a file's name says; a YAML found while searching is one only when it has a
/// codec section (named explicitly, it is read and checked).
fn classify(path: &Path, explicit: bool) -> Option<Kind> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    if name == "examples.json" {
        // Found while searching, only a list of `{type, …}` is TS013's (a project may have
        // other `examples.json`).
        if explicit {
            return Some(Kind::Ts013);
        }
        let value = jsonc(&std::fs::read_to_string(path).ok()?)?;
        let list = value.as_array()?;
        list.iter().all(|e| e.get("type").is_some()).then_some(Kind::Ts013)
    } else if name.starts_with("test_decode_") && name.ends_with(".json") {
        Some(Kind::ChirpStack(Routine::DecodeUplink))
    } else if name.starts_with("test_encode_") && name.ends_with(".json") {
        Some(Kind::ChirpStack(Routine::EncodeDownlink))
    } else if name.ends_with(".vectors.json") {
        Some(Kind::Thingkit)
    } else if name.ends_with(".yaml") || name.ends_with(".yml") {
        if explicit || name.ends_with("-codec.yaml") {
            return Some(Kind::Ttn);
        }
        let text = std::fs::read_to_string(path).ok()?;
        let value = yaml(&text).ok()?;
        vectors::is_codec_file(&value).then_some(Kind::Ttn)
    } else {
        None
    }
}

/// A TS013 `examples.json` as JSONC: the specification's own sample carries `//` comments, so
/// comments and trailing commas are read; nothing else beyond JSON is.
fn jsonc(text: &str) -> Option<Value> {
    let options = jsonc_parser::ParseOptions { allow_comments: true, allow_trailing_commas: true, ..thingkit::source::STRICT_JSON };
    jsonc_parser::parse_to_serde_value::<Value>(text, &options).ok()
}

/// A YAML text's value as js-yaml 4 (The Things Network's harness) reads it: YAML 1.2 booleans
/// only (`off`, `y` stay text), `0x1F` a number.
fn yaml(text: &str) -> Result<Value, serde_saphyr::Error> {
    serde_saphyr::from_str_with_options(text, serde_saphyr::options! { strict_booleans: true })
}

/// Runs every file, in parallel across the cores; the reports in `found`'s order.
fn run_all(found: &[Found], filter: Option<&str>) -> Vec<FileReport> {
    let next = AtomicUsize::new(0);
    let reports: Mutex<Vec<Option<FileReport>>> = Mutex::new((0..found.len()).map(|_| None).collect());
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(found.len()).max(1);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            // A worker that cannot start leaves its share to the others (and to this thread).
            let _ = std::thread::Builder::new().stack_size(WORKER_STACK_BYTES).spawn_scoped(scope, || work(found, filter, &next, &reports));
        }
    });
    // Whatever no worker took (none could start) runs here.
    work(found, filter, &next, &reports);
    let reports = reports.into_inner().unwrap_or_default();
    reports
        .into_iter()
        .zip(found)
        .map(|(report, file)| {
            report.unwrap_or_else(|| FileReport {
                name: file.path.display().to_string(),
                layout: None,
                suites: Vec::new(),
                error: Some(FileError {
                    file: file.path.display().to_string(),
                    text: String::new(),
                    diagnostic: Diagnostic::new(
                        Code::VectorFailed,
                        "",
                        "the file's run stopped: thingkit failed (a bug); the other files ran",
                    ),
                    unreadable: false,
                }),
            })
        })
        .collect()
}

/// Takes files off the shared counter until none is left; a file whose run panics is reported
/// as failed and the others go on.
fn work(found: &[Found], filter: Option<&str>, next: &AtomicUsize, reports: &Mutex<Vec<Option<FileReport>>>) {
    loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(file) = found.get(i) else { break };
        let Ok(report) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_file(file, filter))) else { continue };
        if let Ok(mut reports) = reports.lock() {
            reports[i] = Some(report);
        }
    }
}

/// Reads one file's suites, compiles each suite's script once and runs its vectors.
fn run_file(found: &Found, filter: Option<&str>) -> FileReport {
    let name = found.path.display().to_string();
    let mut report = FileReport { name: name.clone(), layout: None, suites: Vec::new(), error: None };
    let text = match read_text(&found.path) {
        Ok(text) => text,
        Err(diagnostic) => {
            report.error = Some(FileError { file: name, text: String::new(), diagnostic, unreadable: true });
            return report;
        }
    };
    let suites = match suites_of(found, &text) {
        Ok(suites) => suites,
        Err(mut diagnostic) => {
            let text = if locate(&text, &mut diagnostic) { text } else { String::new() };
            report.error = Some(FileError { file: name, text, diagnostic, unreadable: true });
            return report;
        }
    };
    let folder = found.path.parent().unwrap_or(Path::new("."));
    for suite in suites {
        report.layout = Some(suite.layout);
        let script_path = folder.join(&suite.script);
        let script_name = script_path.display().to_string();
        // A suite whose script cannot be read or compiled is reported; the file's other suites
        // (other scripts) still run.
        let source = match read_text(&script_path) {
            Ok(source) => source,
            Err(diagnostic) => {
                report.error.get_or_insert(FileError { file: script_name, text: String::new(), diagnostic, unreadable: true });
                continue;
            }
        };
        let mut codec = match Codec::compile(&source, vectors::codec_options(&suite)) {
            Ok(codec) => codec,
            Err(e) => {
                report.error.get_or_insert(FileError {
                    diagnostic: script_diagnostic(&source, &e),
                    file: script_name,
                    text: source,
                    unreadable: false,
                });
                continue;
            }
        };
        let results = vectors::run(&mut codec, &suite, filter);
        report.suites.push((script_name, source, results));
    }
    report
}

fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let bytes =
        std::fs::read(path).map_err(|e| Diagnostic::new(Code::BadArgument, "", format!("cannot read `{}`: {e}", path.display())))?;
    thingkit::source::text_from_bytes(bytes)
}

/// The suites of a file of `found`'s layout.
fn suites_of(found: &Found, text: &str) -> Result<Vec<Suite>, Diagnostic> {
    let json = |text: &str| {
        serde_json::from_str::<Value>(text).map_err(|e| {
            let (line, column) = thingkit::source::error_position(text, &e);
            let mut d = Diagnostic::new(Code::JsonSyntax, "", format!("not JSON: {e}"));
            (d.line, d.column) = (line, column);
            d
        })
    };
    match found.kind {
        Kind::Ttn => {
            let value = yaml(text).map_err(|e| {
                let mut d =
                    Diagnostic::new(Code::BadVectorFile, "", format!("not YAML: {}", e.to_string().lines().next().unwrap_or_default()));
                if let Some(at) = e.location() {
                    (d.line, d.column) = (at.line() as usize, at.column() as usize);
                }
                d
            })?;
            vectors::read_ttn(&value)
        }
        Kind::Ts013 => {
            // The codec is the package's `main` (as TS013 harnesses read it), else `index.js`.
            let package = found.path.with_file_name("package.json");
            let main = std::fs::read_to_string(package)
                .ok()
                .and_then(|t| serde_json::from_str::<Value>(&t).ok())
                .and_then(|p| p.get("main").and_then(Value::as_str).map(str::to_string))
                .unwrap_or_else(|| "index.js".into());
            let value = match jsonc(text) {
                Some(value) => value,
                None => json(text)?,
            };
            Ok(vec![vectors::read_ts013(&value, &main)?])
        }
        Kind::ChirpStack(routine) => {
            let file = found.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let stem = file.trim_end_matches(".json");
            let codec = stem.strip_prefix("test_decode_").or_else(|| stem.strip_prefix("test_encode_")).unwrap_or(stem);
            // The tests are evaluated after their codec, in its scope, as ChirpStack's runner
            // does; a codec that cannot be read or compiled is reported when the suite compiles it.
            let script = format!("{codec}.js");
            let source = std::fs::read_to_string(found.path.with_file_name(&script)).unwrap_or_default();
            // Without the codec when that fails: a codec that does not compile is reported as
            // such (when the suite compiles it), not as the tests' syntax.
            let suite = vectors::read_chirpstack(text, routine, &script, &source)
                .or_else(|_| vectors::read_chirpstack(text, routine, &script, ""))?;
            Ok(vec![suite])
        }
        Kind::Thingkit => Ok(vec![vectors::read_thingkit(&json(text)?)?]),
    }
}

/// Fills in a diagnostic's span (for the excerpt) from its line and column, or from its
/// pointer in a JSON text. Says whether it was placed: a pointer into a text that is not JSON
/// (YAML, a JavaScript literal) is not, and the diagnostic then shows its pointer alone.
fn locate(text: &str, d: &mut Diagnostic) -> bool {
    if d.line > 0 {
        d.span = render::span_at(text, d.line, d.column);
        return true;
    }
    match thingkit::source::Source::parse(text) {
        Ok(source) => {
            source.locate(std::slice::from_mut(d));
            true
        }
        Err(_) => false,
    }
}

/// A script's failure as a diagnostic at its line and column in the script.
fn script_diagnostic(source: &str, e: &ScriptError) -> Diagnostic {
    let mut d = Diagnostic::new(e.code(), "", e.to_string());
    if let Some((line, column)) = e.location() {
        (d.line, d.column) = (line, column);
        d.span = render::span_at(source, line, column);
    }
    d
}

fn value_text(v: Option<&Value>) -> String {
    v.map_or_else(|| "nothing".into(), |v| v.to_string())
}

/// The text report of a file: each vector that did not pass, with every difference, then the
/// file's counts.
fn report_text(report: &FileReport) -> String {
    let mut out = String::new();
    if let Some(e) = &report.error {
        out.push_str(&render::diagnostics(&e.file, &e.text, std::slice::from_ref(&e.diagnostic)));
    }
    for (script, source, results) in &report.suites {
        for r in results {
            match &r.status {
                Status::Passed => {}
                Status::Failed { differences, .. } => {
                    out.push_str(&format!("FAIL {}#{} {} ({})\n", report.name, r.pointer, r.description, r.routine.as_str()));
                    for d in differences {
                        let at = if d.pointer.is_empty() { "the result" } else { d.pointer.as_str() };
                        out.push_str(&format!(
                            "    at {at}: expected {}, got {}\n",
                            value_text(d.expected.as_ref()),
                            value_text(d.actual.as_ref())
                        ));
                    }
                }
                Status::Error { error } => {
                    out.push_str(&format!("ERROR {}#{} {} ({})\n", report.name, r.pointer, r.description, r.routine.as_str()));
                    // An error with no place in the script (a missing routine, a limit) has no excerpt.
                    let text = if error.line.is_some() { source.as_str() } else { "" };
                    out.push_str(&indent(&render::diagnostics(script, text, &[error_diagnostic(source, error)])));
                }
            }
        }
    }
    let scripts: Vec<&str> = report.suites.iter().map(|(s, ..)| s.as_str()).collect();
    let on = if scripts.is_empty() { String::new() } else { format!(" on {}", scripts.join(", ")) };
    out.push_str(&format!("{}: {} passed, {} failed, {} errors{on}\n", report.name, report.passed(), report.failed(), report.errors()));
    out
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}\n")).collect()
}

/// A vector's script error as a diagnostic in the script (for its excerpt).
fn error_diagnostic(source: &str, error: &ErrorFields) -> Diagnostic {
    let mut d = Diagnostic::new(error.code, "", error.message.clone());
    if let (Some(line), Some(column)) = (error.line, error.column) {
        (d.line, d.column) = (line, column);
        d.span = render::span_at(source, line, column);
    }
    d
}

/// The JSON report of a file: `{file, layout, passed, failed, errors, error?, vectors: [{script,
/// description, routine, pointer, status, differences?, actual?, error?}]}`.
fn report_json(report: &FileReport) -> Value {
    let vectors: Vec<Value> = report
        .suites
        .iter()
        .flat_map(|(script, _, results)| {
            results.iter().map(move |r| {
                let mut v = serde_json::to_value(r).unwrap_or(Value::Null);
                if let Some(o) = v.as_object_mut() {
                    o.insert("script".into(), script.as_str().into());
                }
                v
            })
        })
        .collect();
    let mut out = json!({
        "file": report.name,
        "layout": report.layout,
        "passed": report.passed(),
        "failed": report.failed(),
        "errors": report.errors(),
        "vectors": vectors,
    });
    if let Some(e) = &report.error {
        let d = &e.diagnostic;
        let error = ErrorFields {
            line: (d.line > 0).then_some(d.line),
            column: (d.line > 0).then_some(d.column),
            ..ErrorFields::new(d.code, d.message.clone())
        };
        out["error"] = json!({"file": e.file, "code": error.code, "message": error.message, "line": error.line, "column": error.column});
    }
    out
}

/// The JUnit XML report: a test suite per file, a test case per vector.
fn junit(reports: &[FileReport], elapsed: Duration) -> String {
    use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
    let mut junit = Report::new("thingkit test");
    junit.set_time(elapsed);
    for report in reports {
        let mut suite = TestSuite::new(report.name.as_str());
        if let Some(e) = &report.error {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
            status.set_message(format!("{}: {}", e.diagnostic.code, e.diagnostic.message)).set_type(e.diagnostic.code.as_str());
            let mut case = TestCase::new(format!("{} (the file)", report.name), status);
            case.set_classname(report.name.as_str());
            suite.add_test_case(case);
        }
        for (script, _, results) in &report.suites {
            for r in results {
                let status = match &r.status {
                    Status::Passed => TestCaseStatus::success(),
                    Status::Failed { differences, .. } => {
                        let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                        let lines: Vec<String> = differences
                            .iter()
                            .map(|d| {
                                format!(
                                    "at {}: expected {}, got {}",
                                    if d.pointer.is_empty() { "the result" } else { &d.pointer },
                                    value_text(d.expected.as_ref()),
                                    value_text(d.actual.as_ref())
                                )
                            })
                            .collect();
                        status
                            .set_message(format!("{} difference(s)", differences.len()))
                            .set_type(Code::VectorFailed.as_str())
                            .set_description(lines.join("\n"));
                        status
                    }
                    Status::Error { error } => {
                        let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
                        let at = error.line.zip(error.column).map(|(l, c)| format!(" at {script}:{l}:{c}")).unwrap_or_default();
                        status.set_message(format!("{}: {}{at}", error.code, error.message)).set_type(error.code.as_str());
                        status
                    }
                };
                let mut case = TestCase::new(format!("{} ({})", r.description, r.routine.as_str()), status);
                case.set_classname(report.name.as_str());
                suite.add_test_case(case);
            }
        }
        junit.add_test_suite(suite);
    }
    junit.to_string().unwrap_or_default()
}
