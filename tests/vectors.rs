//! Codec test vectors: each published layout read and run as its own harness runs it; the
//! comparison's rules; determinism; what a hostile vector file gets.

use serde_json::{Value, json};
use thingkit::Code;
use thingkit::script::Codec;
use thingkit::codec_tests::{self as vectors, Difference, Layout, Routine, Status, Suite, differences};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/vectors");

fn read(rel: &str) -> String {
    std::fs::read_to_string(format!("{DIR}/{rel}")).expect("fixture")
}

/// Runs a suite on its script (relative to `folder`), every vector.
fn run(folder: &str, suite: &Suite) -> Vec<vectors::VectorResult> {
    let source = read(&format!("{folder}/{}", suite.script));
    let mut codec = Codec::compile(&source, vectors::codec_options(suite)).expect("compiles");
    vectors::run(&mut codec, suite, None)
}

fn statuses(results: &[vectors::VectorResult]) -> Vec<(&str, bool)> {
    results.iter().map(|r| (r.description.as_str(), r.passed())).collect()
}

#[test]
fn a_missing_member_is_not_a_null_one_and_numbers_compare_by_value() {
    assert!(differences(&json!({"a": 21.0, "b": [1, 2]}), &json!({"a": 21, "b": [1, 2]})).is_empty());
    assert_eq!(
        differences(&json!({"data": {"t": 1}}), &json!({"data": {"t": 1}, "warnings": null})),
        [Difference { pointer: "/warnings".into(), expected: None, actual: Some(Value::Null) }]
    );
    assert_eq!(
        differences(&json!({"bytes": [1, 2, 3]}), &json!({"bytes": [1, 2]})),
        [Difference { pointer: "/bytes/2".into(), expected: Some(json!(3)), actual: None }]
    );
    assert_eq!(differences(&json!({"a/b": "x"}), &json!({"a/b": "y"}))[0].pointer, "/a~1b");
}

#[test]
fn the_things_network_codec_file_runs_every_section_and_the_normalized_output() {
    let value = yaml("ttn/acme/th-sensor-codec.yaml");
    let suites = vectors::read_ttn(&value).expect("reads");
    assert_eq!(suites.len(), 1, "one script");
    let suite = &suites[0];
    assert_eq!((suite.layout, suite.script.as_str()), (Layout::TheThingsNetwork, "th-sensor.js"));
    let routines: Vec<Routine> = suite.vectors.iter().map(|v| v.routine).collect();
    assert_eq!(routines.iter().filter(|r| **r == Routine::NormalizeUplink).count(), 3);
    assert_eq!(routines.iter().filter(|r| **r == Routine::EncodeDownlink).count(), 4);
    let results = run("ttn/acme", suite);
    assert!(results.iter().all(vectors::VectorResult::passed), "{results:#?}");
    assert_eq!(results.len(), 15);
}

/// A YAML fixture's value as the CLI reads it (YAML 1.2 booleans, `0x6B` a number).
fn yaml(rel: &str) -> Value {
    serde_saphyr::from_str_with_options(&read(rel), serde_saphyr::options! { strict_booleans: true }).expect("YAML")
}

#[test]
fn a_failing_example_names_every_difference() {
    let value = yaml("ttn/acme/th-sensor-broken-codec.yaml");
    let suite = &vectors::read_ttn(&value).expect("reads")[0];
    let results = run("ttn/acme", suite);
    assert_eq!(statuses(&results), [("Room climate", true), ("Frost and a low battery (wrong expectation)", false)]);
    let Status::Failed { differences, actual, .. } = &results[1].status else { panic!("{:?}", results[1]) };
    assert_eq!(
        differences,
        &[
            Difference { pointer: "/data/temperature".into(), expected: Some(json!(-10.5)), actual: Some(json!(-10)) },
            Difference { pointer: "/warnings".into(), expected: None, actual: Some(json!(["battery low"])) },
        ]
    );
    assert_eq!(actual.as_ref().map(|a| &a["data"]["humidity"]), Some(&json!(50)));
    assert_eq!(results[1].pointer, "/uplinkDecoder/examples/1");
}

#[test]
fn ts013_examples_run_on_the_package_main() {
    let value: Value = serde_json::from_str(&read("ts013/th-sensor/examples.json")).expect("JSON");
    let suite = vectors::read_ts013(&value, "index.js").expect("reads");
    let results = run("ts013/th-sensor", &suite);
    assert_eq!(results.len(), 12);
    assert!(results.iter().all(vectors::VectorResult::passed), "{results:#?}");
    // Hex text for bytes, in the input and in an encoder's output, is the bytes.
    let hex = json!([{"type": "downlink-encode", "input": {"bytes": "0a0B", "fPort": 1}, "output": {"bytes": "ff", "fPort": 2}}]);
    let suite = vectors::read_ts013(&hex, "index.js").expect("reads");
    assert_eq!((&suite.vectors[0].input["bytes"], suite.vectors[0].expected.clone()), (&json!([10, 11]), vectors::Expected::Result(json!({"bytes": [255], "fPort": 2}))));
    let bad = json!([{"type": "uplinks", "input": {}, "output": {}}]);
    let e = vectors::read_ts013(&bad, "index.js").expect_err("refused");
    assert_eq!((e.code, e.pointer.as_str()), (Code::BadVectorFile, "/0/type"));
}

#[test]
fn chirpstack_tests_are_read_as_javascript_literals() {
    for (file, routine) in [("test_decode_th_sensor.json", Routine::DecodeUplink), ("test_encode_th_sensor.json", Routine::EncodeDownlink)] {
        let text = read(&format!("chirpstack/{file}"));
        assert!(serde_json::from_str::<Value>(&text).is_err(), "{file}: comments, hex and trailing commas are not JSON");
        let suite = vectors::read_chirpstack(&text, routine, "th_sensor.js", &read("chirpstack/th_sensor.js")).expect("reads");
        assert_eq!(suite.vectors.len(), 4);
        let results = run("chirpstack", &suite);
        assert!(results.iter().all(vectors::VectorResult::passed), "{file}: {results:#?}");
    }
    // Where the literal stops being JavaScript, on its own lines.
    let e = vectors::read_chirpstack("[\n  {name: 'a',\n   input: {bytes: [1,, }]\n", Routine::DecodeUplink, "x.js", "").expect_err("refused");
    assert_eq!((e.code, e.line), (Code::ScriptSyntax, 3));
    // After a codec of several lines, still the test file's own line.
    let codec = "function hex(t) {\n  return [parseInt(t, 16)];\n}\n";
    let e = vectors::read_chirpstack("[\n  {name: 'a',\n   input: {bytes: [1,, }]\n", Routine::DecodeUplink, "x.js", codec).expect_err("refused");
    assert_eq!((e.code, e.line), (Code::ScriptSyntax, 3));
    // The codec's helpers are in scope, as in ChirpStack's runner.
    let suite = vectors::read_chirpstack("[{name: 'h', input: {bytes: hex('ff'), fPort: 1}, expected: {}}]", Routine::DecodeUplink, "x.js", codec).expect("reads");
    assert_eq!(suite.vectors[0].input["bytes"], json!([255]));
    let e = vectors::read_chirpstack("[1, 2]", Routine::DecodeUplink, "x.js", "").expect_err("not tests");
    assert_eq!((e.code, e.pointer.as_str()), (Code::BadVectorFile, "/0/input"));
    // A literal that never ends its work is stopped by the sandbox's limits.
    let e = vectors::read_chirpstack("(function () { for (;;) {} })()", Routine::DecodeUplink, "x.js", "").expect_err("stopped");
    assert!(matches!(e.code, Code::Timeout | Code::StepBudget | Code::LoopLimit), "{e:?}");
}

#[test]
fn undefined_members_follow_each_harness() {
    let script = "function decodeUplink(input) { return {data: {a: 1, b: undefined}}; }";
    let suite = |layout, expected: Value| Suite {
        layout,
        script: "x.js".into(),
        unsigned: false,
        vectors: vec![vectors::Vector {
            description: "v".into(),
            routine: Routine::DecodeUplink,
            input: json!({"bytes": [], "fPort": 1}),
            expected: vectors::Expected::Result(expected),
            pointer: "/0".into(),
        }],
    };
    for (layout, expected) in [
        (Layout::TheThingsNetwork, json!({"data": {"a": 1, "b": null}})),
        (Layout::Ts013, json!({"data": {"a": 1, "b": null}})),
        (Layout::ChirpStack, json!({"data": {"a": 1}})),
    ] {
        let suite = suite(layout, expected);
        let mut codec = Codec::compile(script, vectors::codec_options(&suite)).expect("compiles");
        let results = vectors::run(&mut codec, &suite, None);
        assert!(results[0].passed(), "{layout:?}: {results:?}");
    }
}

#[test]
fn runs_are_deterministic_at_the_vectors_recv_time() {
    let script = "function decodeUplink(input) { return {data: {now: new Date().toISOString(), r: Math.random(), tz: new Date(0).getHours()}}; }";
    let examples = json!([
        {"type": "uplink", "description": "with recvTime", "input": {"bytes": [], "fPort": 1, "recvTime": "2024-05-01T10:00:00.000+02:00"}, "output": {}},
        {"type": "uplink", "description": "without", "input": {"bytes": [], "fPort": 1}, "output": {}},
    ]);
    let suite = vectors::read_ts013(&examples, "x.js").expect("reads");
    let outputs = |suite: &Suite| -> Vec<Value> {
        let mut codec = Codec::compile(script, vectors::codec_options(suite)).expect("compiles");
        vectors::run(&mut codec, suite, None)
            .into_iter()
            .map(|r| match r.status {
                Status::Failed { actual, .. } => actual.expect("a result"),
                other => panic!("{other:?}"),
            })
            .collect()
    };
    let first = outputs(&suite);
    assert_eq!(first[0]["data"]["now"], "2024-05-01T08:00:00.000Z");
    assert_eq!(first[1]["data"]["now"], "2024-01-01T00:00:00.000Z");
    assert_eq!(first[0]["data"]["tz"], 0, "UTC");
    assert_eq!(first, outputs(&suite), "the same vectors give the same results");
}

#[test]
fn a_thingkit_vector_file_checks_messages_bytes_and_codes() {
    let value: Value = serde_json::from_str(&read("thingkit/tencent-meter.vectors.json")).expect("JSON");
    let suite = vectors::read_thingkit(&value).expect("reads");
    assert_eq!(suite.vectors.iter().map(|v| v.routine).collect::<Vec<_>>(), [Routine::Decode, Routine::Encode, Routine::Decode]);
    assert!(run("thingkit", &suite).iter().all(vectors::VectorResult::passed));
    for (bad, pointer) in [
        (json!({"script": "a.js", "vectors": [{"description": "x", "uplink": "zz", "expect": {}}]}), "/vectors/0/uplink"),
        (json!({"script": "a.js", "vectors": [{"description": "x", "uplink": "00", "downlink": {}, "expect": {}}]}), "/vectors/0"),
        (json!({"script": "a.js", "vectors": [{"description": "x", "uplink": "00", "expectError": "TK9999"}]}), "/vectors/0/expectError"),
        (json!({"script": "a.js", "vectors": [{"description": "x", "downlink": {}, "expect": {"no": "bytes"}}]}), "/vectors/0/expect"),
        (json!({"script": "a.js", "cases": []}), ""),
    ] {
        let e = vectors::read_thingkit(&bad).expect_err("refused");
        assert_eq!((e.code, e.pointer.as_str()), (Code::BadVectorFile, pointer), "{bad}");
    }
    // An expected code that does not come is a failure that says which came.
    let suite = vectors::read_thingkit(&json!({"script": "x.js", "vectors": [
        {"description": "wrong code", "uplink": "01", "expectError": "TK5013"},
        {"description": "no error", "uplink": "0100012d6a00e6", "expectError": "TK5010"}]}))
    .expect("reads");
    let results = run("thingkit", &Suite { script: "tencent-meter.js".into(), ..suite });
    let Status::Failed { differences, error, .. } = &results[0].status else { panic!("{results:?}") };
    assert_eq!(differences[0].actual, Some(json!({"error": "TK5010"})));
    assert_eq!(error.as_ref().map(|e| e.code), Some(Code::ScriptThrew));
    assert!(matches!(&results[1].status, Status::Failed { actual: Some(_), .. }));
}
