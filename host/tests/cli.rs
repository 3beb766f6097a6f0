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
        .args([
            "validate",
            "--format",
            "json",
            &fixture_path("valid/seed-query-thing-model.thing-model.json"),
            &fixture_path("invalid/broken.tsl.json"),
        ])
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
    // The one Diagnostic shape: `help` where there is one, `range` where the value was located.
    assert_eq!(keys, ["code", "column", "help", "line", "message", "pointer", "range", "severity"]);
    assert_eq!(first["help"], "set, get, post, property, event, time and value are kept by the platform");
    assert_eq!(first["range"], serde_json::json!({"start": 50, "end": 69}));
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
    let out = thingkit().args(["convert", "--to", "tsl", &fixture_path("valid/extend-config.thing-model.json")]).output().expect("runs");
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
fn convert_between_platforms_reports_fidelity_on_stderr() {
    let template = example("tencent-fire-safety.json");
    let out = thingkit().args(["convert", "--from", "tencent", "--to", "wot", &template]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("stdout is the document");
    assert_eq!(doc["@type"], "tm:ThingModel");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("#/properties/5: bool values 0 and 1 became `false` and `true`"), "{stderr}");
    assert!(stderr.contains("fidelity: 3 exact, 7 approximated, 1 lost"), "{stderr}");
    // The WoT document validates as one; read as TSL, the template is invalid (exit 1).
    let wot = std::env::temp_dir().join(format!("thingkit-cli-{}.tm.json", std::process::id()));
    std::fs::write(&wot, &out.stdout).expect("written");
    let validated = thingkit().args(["validate", &wot.to_string_lossy()]).output().expect("runs");
    assert_eq!(validated.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&validated.stdout).contains("valid wot"), "{validated:?}");
    std::fs::remove_file(&wot).ok();
    thingkit().args(["convert", "--from", "tsl", "--to", "wot", &template]).assert().code(1);
    thingkit().args(["convert", "--from", "yaml", "--to", "wot", &template]).assert().code(2);
}

#[test]
fn schema_prints_the_committed_schemas() {
    for name in ["tsl", "thing-model-json", "extend-config", "tencent", "huawei", "wot"] {
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
    assert!(text.contains("tencent-fire-safety.json: valid tencent"));
    assert!(text.contains("tencent-fire-safety.json: fidelity: 1 exact, 0 approximated, 10 lost"));
    // The example codecs reproduce their documented exchanges, checked against the model.
    assert!(text.contains("decode 000000000100320100000000 → {\"id\":\"1\""));
    assert!(text.contains("checked against its model (strong): 0 failures"));
    assert!(text.contains("→ 0100003039014d0142f6e76d"));
    assert!(text.contains("=== huawei-smoke-detector.js") && text.contains("→ 0107e001"));
    assert!(!text.contains("unexpected:"));
}

fn example(rel: &str) -> String {
    common::root().join("examples").join(rel).to_string_lossy().into_owned()
}

fn only_json(stdout: &[u8]) -> Value {
    let lines = json_lines(stdout);
    assert_eq!(lines.len(), 1, "one JSON object");
    lines.into_iter().next().expect("one line")
}

#[test]
fn decode_prints_the_documented_message() {
    let script = example("alink-example.js");
    let out = thingkit().args(["decode", "--script", &script, "--hex", "000000000100320100000000", "--format", "json"]).assert().code(0);
    let decoded = only_json(&out.get_output().stdout);
    assert_eq!(
        decoded,
        serde_json::json!({"method": "thing.event.property.post", "id": "1", "version": "1.0",
        "params": {"prop_float": 0, "prop_int16": 50, "prop_bool": 1}})
    );
    // The same bytes in base64, and from a file, decode the same.
    let b64 = thingkit().args(["decode", "--script", &script, "--base64", "AAAAAAEAMgEAAAAA", "--format", "json"]).assert().code(0);
    assert_eq!(only_json(&b64.get_output().stdout), decoded);
    let dir = std::env::temp_dir().join(format!("thingkit-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("report.bin");
    std::fs::write(&file, hex::decode("000000000100320100000000").expect("hex")).expect("write");
    let from_file =
        thingkit().args(["decode", "--script", &script, "--bytes-file", &file.to_string_lossy(), "--format", "json"]).assert().code(0);
    assert_eq!(only_json(&from_file.get_output().stdout), decoded);
    // A custom topic goes to transformPayload.
    let topic = "/a1Example0/device1/user/update";
    let custom = thingkit()
        .args(["decode", "--script", &script, "--hex", "000000000100320100000000", "--topic", topic, "--format", "json"])
        .assert()
        .code(0);
    assert_eq!(only_json(&custom.get_output().stdout)["topic"], topic);
    // Text output is the same JSON, pretty-printed.
    let text = thingkit().args(["decode", "--script", &script, "--hex", "0x00 00000001 0032 01 00000000"]).assert().code(0);
    let pretty: Value = serde_json::from_slice(&text.get_output().stdout).expect("JSON");
    assert_eq!(pretty, decoded);
}

/// `--wasm` runs the same script inside the WebAssembly sandbox: the same answers, and the
/// host's deadline for what boa's limits cannot stop.
#[test]
fn decode_and_encode_in_the_wasm_sandbox() {
    let script = example("alink-example.js");
    let args = ["decode", "--script", &script, "--hex", "000000000100320100000000", "--format", "json"];
    let local = thingkit().args(args).assert().code(0);
    let wasm = thingkit().args(args).arg("--wasm").assert().code(0);
    assert_eq!(only_json(&wasm.get_output().stdout), only_json(&local.get_output().stdout));
    let set =
        r#"{"method": "thing.service.property.set", "id": "12345", "params": {"prop_float": 123.452, "prop_int16": 333, "prop_bool": 1}}"#;
    let encoded = thingkit().args(["encode", "--script", &script, "--json", set, "--wasm"]).assert().code(0);
    assert_eq!(String::from_utf8_lossy(&encoded.get_output().stdout).trim(), "0100003039014d0142f6e76d");

    let dir = std::env::temp_dir().join(format!("thingkit-cli-wasm-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let hostile = dir.join("hostile.js");
    std::fs::write(
        &hostile,
        "function rawDataToProtocol(b) { var o = {}; Object.defineProperty(o, 'x', { get: function () { for (;;) {} }, enumerable: true }); return JSON.stringify(o); }",
    )
    .expect("write");
    let stopped =
        thingkit().args(["decode", "--script", &hostile.to_string_lossy(), "--hex", "00", "--wasm", "--format", "json"]).assert().code(1);
    assert_eq!(only_json(&stopped.get_output().stdout)["error"]["code"], "TK5005");
    let broken = dir.join("broken.js");
    std::fs::write(&broken, "function rawDataToProtocol(b) {\n  return {;\n}").expect("write");
    let syntax =
        thingkit().args(["decode", "--script", &broken.to_string_lossy(), "--hex", "00", "--wasm", "--format", "json"]).assert().code(1);
    let error = only_json(&syntax.get_output().stdout)["error"].clone();
    assert_eq!((error["code"].as_str(), error["line"].as_u64()), (Some("TK5001"), Some(2)), "{error}");
    assert!(error["file"].as_str().is_some_and(|f| f.ends_with("broken.js")), "{error}");
}

#[test]
fn decode_chains_into_the_data_check() {
    let script = example("alink-example.js");
    let model = example("alink-example.tsl.json");
    // prop_bool is 2: not a bool.
    let args = ["decode", "--script", &script, "--hex", "000000000100320200000000", "--model", &model];
    let strong = thingkit().args(args).args(["--level", "strong", "--format", "json"]).assert().code(1);
    let report = only_json(&strong.get_output().stdout);
    assert_eq!(report["level"], "strong");
    assert_eq!(report["failures"][0]["code"], "TK4008");
    assert_eq!(report["failures"][0]["pointer"], "/params/prop_bool");
    assert_eq!(report["decoded"]["params"]["prop_bool"], 2);
    assert_eq!(report["passed"]["params"], serde_json::json!({"prop_float": 0, "prop_int16": 50}));
    // Weak checks identifiers and JSON kinds only: 2 is a number, so it goes on; none checks nothing.
    let weak = thingkit().args(args).args(["--level", "weak", "--format", "json"]).assert().code(0);
    let weak = only_json(&weak.get_output().stdout);
    assert_eq!((weak["failures"].as_array().map(Vec::len), &weak["passed"]["params"]["prop_bool"]), (Some(0), &Value::from(2)));
    thingkit().args(args).args(["--level", "none", "--format", "json"]).assert().code(0);
    // Text output names the code on standard error.
    let text = thingkit().args(args).args(["--level", "strong"]).assert().code(1);
    let stderr = String::from_utf8_lossy(&text.get_output().stderr).into_owned();
    assert!(stderr.contains("TK4008") && stderr.contains("/params/prop_bool"), "{stderr}");
    // A good message passes.
    thingkit()
        .args(["decode", "--script", &script, "--hex", "000000000100320100000000", "--model", &model, "--level", "strong"])
        .assert()
        .code(0);
    // A broken model is reported as such, before any script runs.
    let broken = fixture_path("invalid/broken.tsl.json");
    let out = thingkit().args(["decode", "--script", &script, "--hex", "00", "--model", &broken, "--format", "json"]).assert().code(1);
    let error = &only_json(&out.get_output().stdout)["error"];
    assert!(error["code"].as_str().is_some_and(|c| c.starts_with("TK")), "{error}");
    assert!(error["line"].as_u64().is_some_and(|l| l >= 1), "{error}");
    // --level without --model is a usage error.
    thingkit().args(["decode", "--script", &script, "--hex", "00", "--level", "strong"]).assert().code(2);
}

#[test]
fn decode_failures_have_codes_and_locations() {
    let dir = std::env::temp_dir().join(format!("thingkit-cli-errors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let bad = dir.join("bad.js");
    std::fs::write(&bad, "function rawDataToProtocol(b) {\n  return {;\n}\n").expect("write");
    let bad = bad.to_string_lossy().into_owned();
    let out = thingkit().args(["decode", "--script", &bad, "--hex", "00", "--format", "json"]).assert().code(1);
    let error = &only_json(&out.get_output().stdout)["error"];
    assert_eq!((error["code"].as_str(), error["line"].as_u64(), error["column"].as_u64()), (Some("TK5001"), Some(2), Some(11)));
    let text = thingkit().args(["decode", "--script", &bad, "--hex", "00"]).assert().code(1);
    let stderr = String::from_utf8_lossy(&text.get_output().stderr).into_owned();
    assert!(stderr.contains("error[TK5001]") && stderr.contains("bad.js:2:11"), "{stderr}");

    let empty = dir.join("empty.js");
    std::fs::write(&empty, "function rawDataToProtocol(b) { return {}; }").expect("write");
    let out = thingkit().args(["decode", "--script", &empty.to_string_lossy(), "--hex", "00", "--format", "json"]).assert().code(1);
    let error = &only_json(&out.get_output().stdout)["error"];
    assert_eq!((error["code"].as_str(), error["platformCode"].as_u64()), (Some("TK5012"), Some(6201)));

    let spin = dir.join("spin.js");
    std::fs::write(&spin, "function rawDataToProtocol(b) { while (true) {} }").expect("write");
    let out = thingkit().args(["decode", "--script", &spin.to_string_lossy(), "--hex", "00", "--format", "json"]).assert().code(1);
    let code = only_json(&out.get_output().stdout)["error"]["code"].as_str().map(str::to_owned);
    assert!(matches!(code.as_deref(), Some("TK5005" | "TK5006")), "{code:?}");

    let script = example("alink-example.js");
    let out = thingkit().args(["decode", "--script", &script, "--hex", "01zz", "--format", "json"]).assert().code(1);
    let error = &only_json(&out.get_output().stdout)["error"];
    assert_eq!((error["code"].as_str(), error["column"].as_u64()), (Some("TK5019"), Some(3)));
    thingkit().args(["decode", "--script", "/nonexistent/script.js", "--hex", "00"]).assert().code(2);
    thingkit().args(["decode", "--script", &script]).assert().code(2);
}

#[test]
fn encode_prints_hex() {
    let script = example("alink-example.js");
    let message = r#"{"method": "thing.service.property.set", "id": "12345", "version": "1.0", "params": {"prop_float": 123.452, "prop_int16": 333, "prop_bool": 1}}"#;
    let out = thingkit().args(["encode", "--script", &script, "--json", message]).assert().code(0);
    assert_eq!(String::from_utf8_lossy(&out.get_output().stdout).trim(), "0100003039014d0142f6e76d");
    // @- reads the message from standard input; JSON output gives hex and base64 (and, from
    // encodeDownlink, the fPort and warnings it returned).
    let out = thingkit().args(["encode", "--script", &script, "--json", "@-", "--format", "json"]).write_stdin(message).assert().code(0);
    assert_eq!(only_json(&out.get_output().stdout), serde_json::json!({"hex": "0100003039014d0142f6e76d", "base64": "AQAAMDkBTQFC9udt"}));
    let out = thingkit().args(["encode", "--script", &script, "--json", "{\"method\": ", "--format", "json"]).assert().code(1);
    let error = &only_json(&out.get_output().stdout)["error"];
    assert_eq!((error["code"].as_str(), error["line"].as_u64(), error["column"].as_u64()), (Some("TK0001"), Some(1), Some(11)));
    thingkit().args(["encode", "--script", &script, "--json", "@/nonexistent/message.json"]).assert().code(2);
}

/// The TS013 interface from the command line: recvTime, variables, the whole result, console
/// lines with --verbose, --downlink, --normalize, and encode's --input with fPort and warnings;
/// in-process and in the WebAssembly sandbox alike, in UTC whatever the host's TZ.
#[test]
fn lorawan_codecs_from_the_command_line() {
    let dir = std::env::temp_dir().join(format!("thingkit-cli-lora-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let script = dir.join("codec.js");
    std::fs::write(
        &script,
        "function decodeUplink(input) { console.log('port', input.fPort);
           return {data: {t: input.bytes[0] - 40, at: input.recvTime.toISOString(), hour: input.recvTime.getHours(),
                          unit: input.variables.unit, none: undefined}, warnings: ['w']}; }
         function normalizeUplink(input) { return {data: {air: {temperature: input.data.t}}}; }
         function decodeDownlink(input) { return {data: {level: input.bytes[0]}}; }
         function encodeDownlink(input) {
           if (input.command === 'reset') return {bytes: [], fPort: 3, warnings: ['nothing to send']};
           return {bytes: [input.data.level], fPort: 2}; }",
    )
    .expect("write");
    let script = script.to_string_lossy().to_string();
    for wasm in [false, true] {
        let with = |args: &[&str]| -> Vec<String> {
            let mut all: Vec<String> = args.iter().map(|a| a.to_string()).collect();
            if wasm {
                all.push("--wasm".into());
            }
            all
        };
        let out = thingkit()
            .env("TZ", "Europe/Berlin")
            .args(with(&[
                "decode", "--script", &script, "--hex", "3d", "--fport", "2", "--recv-time", "2024-05-01T10:00:00Z", "--variables",
                r#"{"unit": "celsius"}"#, "--normalize", "--verbose", "--format", "json",
            ]))
            .assert()
            .code(0);
        assert_eq!(
            only_json(&out.get_output().stdout),
            serde_json::json!({"data": {"t": 21, "at": "2024-05-01T10:00:00.000Z", "hour": 10, "unit": "celsius", "none": null},
                               "warnings": ["w"], "normalizedPayload": [{"air": {"temperature": 21}}], "normalizedPayloadWarnings": []}),
            "wasm: {wasm}"
        );
        assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("console.log: port 2"), "wasm: {wasm}");
        let out = thingkit().args(with(&["decode", "--script", &script, "--hex", "09", "--downlink", "--format", "json"])).assert().code(0);
        assert_eq!(only_json(&out.get_output().stdout), serde_json::json!({"data": {"level": 9}}));
        let out = thingkit()
            .args(with(&["encode", "--script", &script, "--input", r#"{"command": "reset", "data": {}}"#, "--format", "json"]))
            .assert()
            .code(0);
        assert_eq!(
            only_json(&out.get_output().stdout),
            serde_json::json!({"hex": "", "base64": "", "fPort": 3, "warnings": ["nothing to send"]})
        );
        let out = thingkit().args(with(&["encode", "--script", &script, "--json", r#"{"level": 7}"#, "--format", "json"])).assert().code(0);
        assert_eq!(only_json(&out.get_output().stdout), serde_json::json!({"hex": "07", "base64": "Bw==", "fPort": 2}));
    }
    // A throw is located in the script's own file.
    let thrower = dir.join("throws.js");
    std::fs::write(&thrower, "function decodeUplink(input) {\n  throw new Error('bad frame');\n}").expect("write");
    for wasm in [false, true] {
        let mut args = vec!["decode", "--script", thrower.to_str().expect("path"), "--hex", "00", "--format", "json"];
        if wasm {
            args.push("--wasm");
        }
        let out = thingkit().args(args).assert().code(1);
        let error = only_json(&out.get_output().stdout)["error"].clone();
        assert_eq!((error["code"].as_str(), error["line"].as_u64()), (Some("TK5010"), Some(2)), "{error}");
        assert!(error["file"].as_str().is_some_and(|f| f.ends_with("throws.js")), "{error}");
    }
    thingkit().args(["decode", "--script", &script, "--hex", "01", "--recv-time", "yesterday"]).assert().code(2);
    thingkit().args(["decode", "--script", &script, "--hex", "01", "--variables", r#"{"a": 1}"#]).assert().code(2);
}

/// Usage and input failures (exit 2) in `--format json` are errors with a code like every other:
/// decode, encode, and validate (a line for the file that could not be read).
#[test]
fn usage_failures_in_json_carry_a_code() {
    let script = example("alink-example.js");
    for args in [
        vec!["decode", "--script", "/nonexistent/script.js", "--hex", "00", "--format", "json"],
        vec!["decode", "--script", &script, "--bytes-file", "/nonexistent/bytes.bin", "--format", "json"],
        vec!["decode", "--script", &script, "--hex", "00", "--recv-time", "yesterday", "--format", "json"],
        vec!["decode", "--script", &script, "--hex", "00", "--variables", r#"{"a": 1}"#, "--format", "json"],
        vec!["encode", "--script", &script, "--json", "@/nonexistent/message.json", "--format", "json"],
    ] {
        let out = thingkit().args(&args).assert().code(2);
        let error = &only_json(&out.get_output().stdout)["error"];
        assert_eq!(error["code"], "TK0008", "{args:?}: {error}");
        assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()), "{args:?}: {error}");
    }
    let out = thingkit()
        .args(["validate", "--format", "json", &fixture_path("valid/all-types.tsl.json"), "/nonexistent/model.json"])
        .assert()
        .code(2);
    let lines = json_lines(&out.get_output().stdout);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["valid"], true);
    assert_eq!((&lines[1]["file"], &lines[1]["error"]["code"]), (&Value::from("/nonexistent/model.json"), &Value::from("TK0008")));
}

/// An empty message is not JSON at line 1, column 1 (never column 0), in the message's file or
/// argument; the variables likewise.
#[test]
fn an_empty_message_is_located_at_column_one() {
    let script = example("alink-example.js");
    let out = thingkit().args(["encode", "--script", &script, "--json", "", "--format", "json"]).assert().code(1);
    let error = &only_json(&out.get_output().stdout)["error"];
    assert_eq!((error["code"].as_str(), error["line"].as_u64(), error["column"].as_u64()), (Some("TK0001"), Some(1), Some(1)), "{error}");
    assert_eq!(error["file"], "--json");
    let text = thingkit().args(["encode", "--script", &script, "--json", ""]).assert().code(1);
    let stderr = String::from_utf8_lossy(&text.get_output().stderr).into_owned();
    assert!(stderr.contains("error[TK0001]") && stderr.contains("--json:1:1"), "{stderr}");
    let out = thingkit().args(["decode", "--script", &script, "--hex", "00", "--variables", "", "--format", "json"]).assert().code(1);
    let error = &only_json(&out.get_output().stdout)["error"];
    assert_eq!((error["code"].as_str(), error["column"].as_u64()), (Some("TK0001"), Some(1)), "{error}");
}

#[test]
fn a_huawei_package_is_read_from_its_folder_its_device_file_or_its_zip_and_written_back() {
    let folder = fixture_path("huawei-package/streetlight-camel");
    let device = fixture_path("huawei-package/streetlight-camel/profile/devicetype-capability.json");
    for path in [&folder, &device] {
        let out = thingkit().args(["validate", "--format", "json", path]).output().expect("runs");
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
        let report = &json_lines(&out.stdout)[0];
        assert_eq!(report["kind"], "huawei");
        assert_eq!(report["diagnostics"][0]["file"], "service/StreetLight/profile/servicetype-capability.json");
    }
    // Written as a zip in the current key names, it reads back as the same model.
    let zip = std::env::temp_dir().join(format!("thingkit-cli-{}.zip", std::process::id()));
    let out = thingkit().args(["convert", "--to", "huawei", "--zip", &zip.to_string_lossy(), "--keys", "snake", &folder]).output().expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("wrote 3 file(s)"), "{stderr}");
    let before = thingkit().args(["convert", "--to", "huawei", &folder]).output().expect("runs");
    let after = thingkit().args(["convert", "--to", "huawei", &zip.to_string_lossy()]).output().expect("runs");
    assert_eq!(after.status.code(), Some(0), "{}", String::from_utf8_lossy(&after.stderr));
    let doc = |out: &std::process::Output| serde_json::from_slice::<Value>(&out.stdout).expect("a document");
    assert_eq!(doc(&after)["service_capabilities"][0]["properties"][1]["max"], 100);
    assert_eq!(doc(&before)["model"], doc(&after)["model"]);
    // Written again, the console's `"step": 0` placeholders are gone (read as absent).
    let text = thingkit().args(["validate", &zip.to_string_lossy()]).output().expect("runs");
    assert!(String::from_utf8_lossy(&text.stdout).contains("valid huawei (0 error(s), 0 warning(s))"));
    // A text diagnostic shows the file it is in, with an excerpt of that file.
    let text = thingkit().args(["validate", &folder]).output().expect("runs");
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(stdout.contains("streetlight-camel/service/StreetLight/profile/servicetype-capability.json:16:29"), "{stdout}");
    assert!(stdout.contains("\"step\": 0,"), "{stdout}");
    assert!(stdout.contains("valid huawei (0 error(s), 3 warning(s))"), "{stdout}");
    // Any model converts to a package; what the console needs and the source lacks is said.
    let tsl = fixture_path("valid/all-types.tsl.json");
    let out = thingkit().args(["convert", "--to", "huawei", "--zip", &zip.to_string_lossy(), &tsl]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("warning[TK3004]"));
    thingkit().args(["validate", &zip.to_string_lossy()]).assert().code(0);
    thingkit().args(["convert", "--to", "wot", "--zip", &zip.to_string_lossy(), &tsl]).assert().code(2);
    // Not a zip: a coded error, exit 1.
    std::fs::write(&zip, b"not a zip").expect("written");
    let out = thingkit().args(["validate", "--format", "json", &zip.to_string_lossy()]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json_lines(&out.stdout)[0]["diagnostics"][0]["code"], "TK0010");
    std::fs::remove_file(&zip).ok();
}

#[test]
fn test_runs_every_published_vector_layout_and_reports_what_differs() {
    let out = thingkit().args(["test", &fixture_path("vectors")]).output().expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "one example fails on purpose: {stdout}");
    assert!(stdout.contains("FAIL "), "{stdout}");
    assert!(stdout.contains("th-sensor-broken-codec.yaml#/uplinkDecoder/examples/1 Frost and a low battery (wrong expectation) (decodeUplink)"), "{stdout}");
    assert!(stdout.contains("    at /data/temperature: expected -10.5, got -10\n"), "{stdout}");
    assert!(stdout.contains("    at /warnings: expected nothing, got [\"battery low\"]\n"), "{stdout}");
    assert!(stdout.contains("test result: FAILED. 39 passed; 1 failed; 0 errors; 6 file(s)"), "{stdout}");
    // Each layout on its own passes.
    for layout in ["chirpstack", "ts013", "thingkit", "ttn/acme/th-sensor-codec.yaml"] {
        thingkit().args(["test", &fixture_path(&format!("vectors/{layout}"))]).assert().code(0);
    }
    // The shipped examples' vectors pass.
    thingkit().args(["test", &common::root().join("examples").to_string_lossy()]).assert().code(0);
    // --filter picks vectors by description; --format json is one object per file.
    let out = thingkit().args(["test", "--format", "json", "--filter", "wrong expectation", &fixture_path("vectors/ttn")]).output().expect("runs");
    let files = json_lines(&out.stdout);
    assert_eq!(files.len(), 2);
    let broken = files.iter().find(|f| f["file"].as_str().is_some_and(|n| n.ends_with("th-sensor-broken-codec.yaml"))).expect("the broken file");
    assert_eq!((broken["passed"].as_u64(), broken["failed"].as_u64(), broken["layout"].as_str()), (Some(0), Some(1), Some("the-things-network")));
    assert_eq!(broken["vectors"][0]["differences"][0], serde_json::json!({"pointer": "/data/temperature", "expected": -10.5, "actual": -10}));
    assert_eq!(broken["vectors"][0]["status"], "failed");
}

#[test]
fn test_shows_a_thrown_error_at_the_scripts_line_and_writes_junit() {
    let junit = std::env::temp_dir().join(format!("thingkit-junit-{}.xml", std::process::id()));
    let out = thingkit()
        .args(["test", "--junit", &junit.to_string_lossy(), &fixture_path("vectors-broken/throws")])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("ERROR ") && stdout.contains("another port (decodeUplink)"), "{stdout}");
    assert!(stdout.contains("throws/index.js:4:11"), "{stdout}");
    assert!(stdout.contains("throw new RangeError('no decoder for fPort ' + input.fPort);"), "{stdout}");
    let xml = std::fs::read_to_string(&junit).expect("JUnit written");
    std::fs::remove_file(&junit).ok();
    assert!(xml.starts_with("<?xml"), "{xml}");
    assert!(xml.contains("tests=\"2\"") && xml.contains("errors=\"1\""), "{xml}");
    assert!(xml.contains("<error message=\"TK5010: the script threw: RangeError: no decoder for fPort 9"), "{xml}");
    // A script that does not compile: its line and column, exit 1.
    let out = thingkit().args(["test", &fixture_path("vectors-broken/syntax")]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("syntax/index.js:2:44"));
    // A vector file not in its format's shape, a path that is none, nothing found: exit 2.
    let out = thingkit().args(["test", "--format", "json", &fixture_path("vectors-broken/malformed")]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(json_lines(&out.stdout)[0]["error"]["code"], "TK7001");
    thingkit().args(["test", "/nonexistent/vectors"]).assert().code(2);
    thingkit().args(["test", &fixture_path("valid/all-types.tsl.json")]).assert().code(2);
    thingkit().args(["test", &fixture_path("encodings")]).assert().code(2);
}

#[test]
fn test_stays_inside_its_folder_and_reads_yaml_as_the_harness_does() {
    let root = std::env::temp_dir().join(format!("thingkit-test-walk-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("acme")).expect("folder");
    // `off` and `y` are text in YAML 1.2 (js-yaml 4), as the repository's harness reads them.
    std::fs::write(root.join("acme/switch.js"), "function decodeUplink(i) { return {data: {state: 'off', axis: 'y'}}; }").expect("script");
    std::fs::write(
        root.join("acme/switch-codec.yaml"),
        "uplinkDecoder:\n  fileName: switch.js\n  examples:\n    - input: {fPort: 1, bytes: [0]}\n      output: {data: {state: off, axis: y}}\n",
    )
    .expect("yaml");
    // A link back to the root would make the walk endless: it is not followed.
    #[cfg(unix)]
    std::os::unix::fs::symlink(&root, root.join("acme/loop")).expect("link");
    let out = thingkit().args(["test", &root.to_string_lossy()]).output().expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("1 passed; 0 failed; 0 errors; 1 file(s)"), "{stdout}");
    // TS013's own sample has `//` comments: read as JSONC; hex-text bytes are bytes.
    std::fs::create_dir_all(root.join("ts")).expect("folder");
    std::fs::write(root.join("ts/index.js"), "function decodeUplink(i) { return {data: {first: i.bytes[0]}}; }").expect("script");
    std::fs::write(
        root.join("ts/examples.json"),
        "[\n  // one uplink\n  {\"type\": \"uplink\", \"description\": \"hex\", \"input\": {\"bytes\": \"2a\", \"fPort\": 1}, \"output\": {\"data\": {\"first\": 42}}},\n]\n",
    )
    .expect("examples");
    let out = thingkit().args(["test", &root.join("ts").to_string_lossy()]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    // A script named outside the vector file's folder is refused, not read.
    std::fs::write(root.join("acme/escape-codec.yaml"), "uplinkDecoder:\n  fileName: ../../etc/passwd\n").expect("yaml");
    let out = thingkit().args(["test", "--format", "json", &root.join("acme/escape-codec.yaml").to_string_lossy()]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let report = &json_lines(&out.stdout)[0];
    assert_eq!(report["error"]["code"], "TK7001", "{report}");
    std::fs::remove_dir_all(&root).ok();
}

#[test]
fn lint_exit_codes() {
    // Passing scripts, and one whose findings are warnings only: 0.
    thingkit().args(["lint", &fixture_path("lint/pass/lorawan.js"), &fixture_path("lint/pass/alibaba.js")]).assert().code(0);
    thingkit().args(["lint", "--target", "chirpstack", &fixture_path("lint/pass/chirpstack.js")]).assert().code(0);
    thingkit().args(["lint", &fixture_path("lint/findings/builtins.js")]).assert().code(0);
    // An error for a selected target: 1; the same script for a target it suits: 0.
    thingkit().args(["lint", &fixture_path("lint/pass/chirpstack.js")]).assert().code(1);
    thingkit().args(["lint", &fixture_path("lint/pass/lorawan.js"), &fixture_path("lint/findings/huawei-arrow.js")]).assert().code(1);
    thingkit().args(["lint", "--target", "huawei", &fixture_path("lint/pass/huawei.js")]).assert().code(0);
    thingkit().args(["lint", "--target", "alibaba", &fixture_path("lint/pass/huawei.js")]).assert().code(1);
    // Usage and unreadable input: 2.
    thingkit().args(["lint", "/nonexistent/codec.js"]).assert().code(2);
    thingkit().args(["lint"]).assert().code(2);
    thingkit().args(["lint", "--target", "aws", &fixture_path("lint/pass/lorawan.js")]).assert().code(2);
}

#[test]
fn lint_json_is_one_report_per_file_as_validate_prints_it() {
    let out = thingkit()
        .args([
            "lint",
            "--format",
            "json",
            "--target",
            "ts013,tts",
            "--target",
            "alibaba",
            &fixture_path("lint/findings/huawei-arrow.js"),
            "/nonexistent/codec.js",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "an unreadable file wins");
    let reports = json_lines(&out.stdout);
    assert_eq!(reports.len(), 2);
    let report = &reports[0];
    let mut keys: Vec<&str> = report.as_object().expect("object").keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["diagnostics", "file", "targets", "targetsFrom", "valid"]);
    assert!(report["file"].as_str().expect("file").ends_with("huawei-arrow.js"));
    assert_eq!(report["targets"], serde_json::json!(["alibaba", "tts", "ts013"]));
    assert_eq!(report["targetsFrom"], "given");
    assert_eq!(report["valid"], false);
    let arrow = report["diagnostics"].as_array().expect("list").iter().find(|d| d["code"] == "TK8001" && d["line"] == 2 && d["column"] == 15).expect("the arrow function");
    let mut keys: Vec<&str> = arrow.as_object().expect("object").keys().map(String::as_str).collect();
    keys.sort_unstable();
    // validate's one diagnostic shape, and the targets the finding affects.
    assert_eq!(keys, ["code", "column", "help", "line", "message", "pointer", "range", "severity", "targets"]);
    assert_eq!(arrow["targets"], serde_json::json!(["alibaba", "tts", "ts013"]));
    assert_eq!(arrow["severity"], "error");
    assert_eq!(arrow["help"], "write a `function` expression (an arrow function keeps the outer `this`); affects alibaba, tts and ts013 (ECMAScript 5.1)");
    assert_eq!(arrow["range"], serde_json::json!({"start": 70, "end": 83}));
    assert_eq!(reports[1]["error"]["code"], "TK0008");

    // Standard input, and the targets its entry points tell.
    let out = thingkit().args(["lint", "--format", "json", "-"]).write_stdin(common::fixture("lint/findings/misspelt.js")).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let report = &json_lines(&out.stdout)[0];
    assert_eq!(report["file"], "<stdin>");
    assert_eq!(report["targetsFrom"], "entry-points");
    assert_eq!(report["diagnostics"][0]["code"], "TK8007");
}

#[test]
fn lint_text_shows_code_frames_and_which_targets_were_checked() {
    let out = thingkit().args(["lint", &fixture_path("lint/findings/huawei-arrow.js")]).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("error[TK8001]: arrow functions are ES2015 syntax"), "{text}");
    assert!(text.contains("huawei-arrow.js:2:15"), "{text}");
    assert!(text.contains("const scale = (v) => v / 10;"), "{text}");
    assert!(text.contains("^^^^^^^^^^^^^"), "{text}");
    assert!(text.contains("= help: write a `function` expression (an arrow function keeps the outer `this`); affects huawei (ECMAScript 5.1 with only `let` and `const` of ES2015)"), "{text}");
    assert!(text.contains("huawei-arrow.js: fails huawei (the targets of its entry points; `--target` chooses): 1 error(s), 0 warning(s)"), "{text}");
    let out = thingkit().args(["lint", &fixture_path("lint/pass/lorawan.js")]).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.ends_with("lorawan.js: passes tts, chirpstack, ts013 (the targets of its entry points; `--target` chooses): 0 error(s), 0 warning(s)\n"), "{text}");
    let out = thingkit().args(["lint", &fixture_path("lint/findings/syntax-error.js")]).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("error[TK5001]: syntax error: expected one of ',' or '}', got ';' in object literal"), "{text}");
    assert!(text.contains("syntax-error.js:2:34"), "{text}");
    assert!(text.contains("(all: no entry point tells which; `--target` chooses)"), "{text}");
}

#[test]
fn lint_refuses_hostile_scripts_with_a_code() {
    for (script, code) in [
        (format!("var x = {}1;", "!".repeat(200_000)), "TK5001"),
        (format!("var x = {}1{};", "[".repeat(100_000), "]".repeat(100_000)), "TK5001"),
        (format!("function decodeUplink(i) {{ {} {{}} return {{data: {{}}}}; }}", "if (i) {} else ".repeat(3_000)), "TK8011"),
    ] {
        let out = thingkit().args(["lint", "--format", "json", "--target", "ts013", "-"]).write_stdin(script).output().expect("runs");
        assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
        let report = &json_lines(&out.stdout)[0];
        assert!(report["diagnostics"].as_array().expect("list").iter().any(|d| d["code"] == code), "{report}");
    }
}

/// `--hex-lines`: one compiled script for every payload of a file or standard input, in the
/// process and in the sandbox (in batches), with the same JSON Lines.
#[test]
fn decode_reads_one_hex_payload_per_line() {
    let script = example("alink-example.js");
    let model = example("alink-example.tsl.json");
    let lines = "# uplinks\n000000000100320100000000\n\n0x00 00 00 00 01 00 32 02 00 00 00 00\nzz\n00\n";
    let mut outputs = Vec::new();
    for wasm in [false, true] {
        let mut cmd = thingkit();
        cmd.args(["decode", "--script", &script, "--hex-lines", "-", "--model", &model, "--level", "strong"]);
        if wasm {
            cmd.arg("--wasm");
        }
        let out = cmd.write_stdin(lines).assert().code(1);
        let entries = json_lines(&out.get_output().stdout);
        assert_eq!(entries.iter().map(|e| e["line"].as_u64().unwrap_or(0)).collect::<Vec<_>>(), [2, 4, 5, 6], "{entries:?}");
        assert_eq!(entries[0]["result"]["params"]["prop_int16"], 50);
        assert_eq!(entries[0]["check"]["failures"], serde_json::json!([]));
        assert_eq!(entries[1]["check"]["failures"][0]["code"], "TK4008", "prop_bool is 2");
        assert_eq!(entries[2]["error"]["code"], "TK5019", "not hex");
        assert!(entries[3]["error"]["code"].as_str().is_some_and(|c| c.starts_with("TK5")), "{:?}", entries[3]);
        outputs.push(entries);
    }
    assert_eq!(outputs[0], outputs[1], "the sandbox answers as the process does");
    let ok = thingkit().args(["decode", "--script", &script, "--hex-lines", "-", "--wasm"]).write_stdin("000000000100320100000000\n").assert().code(0);
    assert_eq!(json_lines(&ok.get_output().stdout).len(), 1);
}
