//! The `thingkit` command line as other tools script against it: exit codes, the JSON report
//! shape, standard input, and where output and warnings go.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn thingkit() -> Command {
    Command::new(env!("CARGO_BIN_EXE_thingkit"))
}

mod common {
    use super::*;

    pub fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
    }

    pub fn fixture(rel: &str) -> String {
        std::fs::read_to_string(root().join("tests/fixtures").join(rel)).expect("fixture exists")
    }
}

fn fixture_path(rel: &str) -> String {
    common::root().join("tests/fixtures").join(rel).to_string_lossy().into_owned()
}

fn json_lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout).lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect()
}

#[test]
fn validate_exit_codes() {
    thingkit().args(["validate", &fixture_path("valid/all-types.tsl.json")]).assert().code(0);
    thingkit().args(["validate", &fixture_path("invalid/broken.tsl.json")]).assert().code(1);
    thingkit().args(["validate", &fixture_path("valid/all-types.tsl.json"), &fixture_path("invalid/broken.tsl.json")]).assert().code(1);
    thingkit().args(["validate", "/nonexistent/model.json"]).assert().code(2);
    thingkit().args(["validate"]).assert().code(2);
    thingkit().args(["validate", "--format", "yaml", "x"]).assert().code(2);
    thingkit().args(["frobnicate"]).assert().code(2);
}

#[test]
fn validate_json_report_shape() {
    let out = thingkit()
        .args(["validate", "--format", "json", &fixture_path("valid/seed-query-thing-model.thing-model.json"), &fixture_path("invalid/broken.tsl.json")])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let reports = json_lines(&out.stdout);
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[0]["kind"], "thing-model-json");
    assert_eq!(reports[0]["valid"], true);
    assert_eq!(reports[1]["kind"], "tsl");
    assert_eq!(reports[1]["valid"], false);
    let first = &reports[1]["diagnostics"][0];
    let mut keys: Vec<&str> = first.as_object().expect("object").keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["code", "column", "line", "message", "pointer", "severity"]);
    assert_eq!(first["code"], "TK2002");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["pointer"], "/properties/0/identifier");
    assert_eq!((first["line"].as_u64(), first["column"].as_u64()), (Some(1), Some(51)));
    assert!(reports[1]["file"].as_str().expect("file").ends_with("broken.tsl.json"));
}

#[test]
fn validate_reads_standard_input() {
    let out = thingkit()
        .args(["validate", "--format", "json", "-"])
        .write_stdin(common::fixture("valid/custom-module.tsl.json"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let reports = json_lines(&out.stdout);
    assert_eq!(reports[0]["file"], "<stdin>");
    assert_eq!(reports[0]["kind"], "tsl");
}

#[test]
fn bad_input_of_any_kind_is_a_diagnostic_not_a_crash() {
    let cases: [(&[u8], &str); 6] = [
        (b"\xff\xfe{}", "TK0002"),
        (b"{\"profile\": {", "TK0001"),
        (b"[1, 2, 3]", "TK0007"),
        (b"{\"a\": 1}", "TK0006"),
        (b"{\"profile\": {\"version\": 1e999}}", "TK0001"),
        (b"", "TK0001"),
    ];
    for (input, code) in cases {
        let out = thingkit().args(["validate", "--format", "json", "-"]).write_stdin(input).output().expect("runs");
        assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(input));
        let reports = json_lines(&out.stdout);
        assert_eq!(reports[0]["diagnostics"][0]["code"], code, "{}", String::from_utf8_lossy(input));
    }
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let out = thingkit().args(["validate", "--format", "json", "-"]).write_stdin(deep).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json_lines(&out.stdout)[0]["diagnostics"][0]["code"], "TK0005");
}

#[test]
fn text_output_shows_an_excerpt_and_a_caret() {
    let out = thingkit().args(["validate", &fixture_path("invalid/broken.tsl.json")]).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("error[TK2002]: `set` is a reserved identifier"), "{text}");
    assert!(text.contains("broken.tsl.json:1:51"), "{text}");
    assert!(text.contains("^^^^"), "{text}");
    assert!(text.contains("invalid tsl (4 error(s), 0 warning(s))"), "{text}");
}

#[test]
fn convert_prints_the_document_and_warns_on_stderr() {
    let out = thingkit()
        .args(["convert", "--to", "tsl", &fixture_path("valid/extend-config.thing-model.json")])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("stdout is the document");
    assert_eq!(doc["events"][0]["identifier"], "post");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("warning[TK3001]"), "{stderr}");
    thingkit().args(["convert", "--to", "thing-model-json", &fixture_path("invalid/broken.tsl.json")]).assert().code(1);
    thingkit().args(["convert", "--to", "xml", &fixture_path("valid/all-types.tsl.json")]).assert().code(2);
    thingkit().args(["convert", "--to", "extend-config", &fixture_path("valid/all-types.tsl.json")]).assert().code(2);
}

#[test]
fn schema_prints_the_committed_schemas() {
    for name in ["tsl", "thing-model-json", "extend-config"] {
        let out = thingkit().args(["schema", name]).output().expect("runs");
        assert_eq!(out.status.code(), Some(0));
        let committed = std::fs::read_to_string(common::root().join("schemas").join(format!("{name}.schema.json"))).expect("committed");
        assert!(String::from_utf8_lossy(&out.stdout) == committed, "`thingkit schema {name}` differs from schemas/{name}.schema.json");
    }
    thingkit().args(["schema", "nope"]).assert().code(2);
}

#[test]
fn examples_run_with_no_set_up() {
    let out = thingkit().arg("examples").output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("all-types.tsl.json: valid tsl"));
    assert!(text.contains("broken.tsl.json: invalid tsl"));
    assert!(text.contains("converted to thing-model-json"));
}
