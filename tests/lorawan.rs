//! The conventions beyond Alibaba's: the whole LoRa Alliance TS013 interface (results as The
//! Things Stack gives them), ChirpStack v3, Huawei IoTDA, and what every call carries (console,
//! promise jobs, UTC).

mod common;

use serde_json::json;
use thingkit::script::{Codec, CodecOptions, DecodeInput, EncodeInput, ScriptError, Variables, normalized};

fn compile(source: &str) -> Codec {
    Codec::compile(source, CodecOptions::default()).expect("compiles")
}

fn encode_input(message: &serde_json::Value) -> EncodeInput<'_> {
    EncodeInput { message, whole: false, f_port: None, variables: None }
}

#[test]
fn decode_uplink_gets_recv_time_and_variables_and_returns_the_whole_result() {
    let mut codec = compile(
        "function decodeUplink(input) {
           return {data: {port: input.fPort, at: input.recvTime.toISOString(), unit: input.variables.unit, missing: undefined,
                          list: [undefined]},
                   warnings: ['low battery']};
         }",
    );
    let variables = Variables::from([("unit".to_string(), "celsius".to_string())]);
    let input = DecodeInput { f_port: Some(7), recv_time_ms: Some(1_700_000_000_000), variables: Some(&variables), ..DecodeInput::default() };
    let result = codec.decode_result(&[1], &input).expect("decodes");
    // The Things Stack gives `undefined` members as null (JSON.stringify would drop them).
    assert_eq!(
        result,
        json!({"data": {"port": 7, "at": "2023-11-14T22:13:20.000Z", "unit": "celsius", "missing": null, "list": [null]}, "warnings": ["low battery"]})
    );
    assert!(codec.message_in_data(&input));
    assert_eq!(codec.decode(&[1], &input).expect("decodes"), result["data"]);
}

#[test]
fn reported_errors_are_all_listed() {
    let mut codec = compile("function decodeUplink(input) { return {errors: ['bad length', 'bad port'], warnings: ['w']}; }");
    match codec.decode_result(&[1], &DecodeInput::default()) {
        Err(e @ ScriptError::Reported { .. }) => {
            assert_eq!(e.code().as_str(), "TK5017");
            assert!(e.to_string().contains("\"bad length\", \"bad port\""), "{e}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn encode_downlink_takes_the_whole_input_and_allows_no_bytes() {
    let mut codec = compile(
        "function encodeDownlink(input) {
           if (input.command === 'reset') return {bytes: [], fPort: 3, warnings: ['nothing to send']};
           return {bytes: [input.data.level, input.fPort], fPort: 2};
         }",
    );
    let data = json!({"level": 7});
    let out = codec.encode_result(&EncodeInput { f_port: Some(9), ..encode_input(&data) }).expect("encodes");
    assert_eq!((out.bytes, out.f_port, out.warnings.len()), (vec![7, 9], Some(2), 0));
    let whole = json!({"command": "reset", "data": {}});
    let out = codec.encode_result(&EncodeInput { whole: true, ..encode_input(&whole) }).expect("an empty downlink is valid");
    assert_eq!((out.bytes, out.f_port, out.warnings), (vec![], Some(3), vec![json!("nothing to send")]));
    // Alibaba's functions keep the platform's "empty result" (6201).
    let mut alibaba = compile("function protocolToRawData(m) { return []; }");
    assert_eq!(alibaba.encode(&json!({}), None).expect_err("empty").platform_code(), Some(6201));
}

#[test]
fn decode_downlink_and_normalize_uplink() {
    let mut codec = compile(
        "function decodeDownlink(input) { return {data: {level: input.bytes[0]}}; }
         function decodeUplink(input) { return {data: {t: input.bytes[0] - 40}}; }
         function normalizeUplink(input) { return {data: {air: {temperature: input.data.t}}}; }",
    );
    let down = codec.decode_downlink(&[9], &DecodeInput::default()).expect("decodes");
    assert_eq!(down, json!({"data": {"level": 9}}));
    let data = codec.decode(&[61], &DecodeInput::default()).expect("decodes");
    let mut normalized = codec.normalize_uplink(&data).expect("normalizes");
    assert_eq!(normalized, json!({"data": {"air": {"temperature": 21}}}));
    normalized::add_warnings(&mut normalized);
    assert_eq!(normalized["warnings"], json!(null), "in range: no warnings");
    let mut cold = codec.normalize_uplink(&json!({"t": -300})).expect("normalizes");
    normalized::add_warnings(&mut cold);
    assert_eq!(cold["warnings"], json!(["measurement 0: field air.temperature: -300 °C is below the minimum of -273.15"]));
}

#[test]
fn chirpstack_v3_and_ttn_v2_conventions() {
    let mut codec = compile(
        "function Decode(fPort, bytes, variables) { return {port: fPort, first: bytes[0], unit: variables.unit || null}; }
         function Encode(fPort, obj, variables) { return [obj.level, fPort]; }",
    );
    let variables = Variables::from([("unit".to_string(), "mm".to_string())]);
    let input = DecodeInput { f_port: Some(5), variables: Some(&variables), ..DecodeInput::default() };
    assert_eq!(codec.decode(&[200], &input).expect("decodes"), json!({"port": 5, "first": 200, "unit": "mm"}));
    assert_eq!(codec.encode(&json!({"level": 4}), Some(6)).expect("encodes"), [4, 6]);
}

#[test]
fn huawei_smoke_detector_codec() {
    let source = std::fs::read_to_string(common::root().join("examples/huawei-smoke-detector.js")).expect("example");
    let mut codec = compile(&source);
    assert_eq!(codec.entry_points(), ["decode", "encode"]);
    // A report: smoke level 3, -12.5 °C (0xff83 = -125).
    let report = codec.decode(&[0x00, 0x03, 0xff, 0x83], &DecodeInput { topic: Some("$oc/devices/d1/sys/messages/up"), ..DecodeInput::default() });
    assert_eq!(
        report.expect("decodes"),
        json!({"msg_type": "properties_report", "services": [{"service_id": "smokeDetector", "properties": {"smokeLevel": 3, "temperature": -12.5}}]})
    );
    let command = json!({"msg_type": "commands", "command_name": "SET_ALARM", "service_id": "smokeDetector", "mid": 2016, "paras": {"value": 1}});
    assert_eq!(codec.encode(&command, None).expect("encodes"), [0x01, 0x07, 0xe0, 0x01]);
    let answer = codec.decode(&[0x02, 0x07, 0xe0, 0x00], &DecodeInput::default()).expect("decodes");
    assert_eq!(answer["msg_type"], "command_response");
    assert_eq!((answer["request_id"].as_str(), answer["result_code"].as_i64()), (Some("2016"), Some(0)));
    // Huawei allows scripts up to 1 MB; the other conventions keep the 128 KB limit.
    let padding = format!("\n// {}\n", "x".repeat(300 * 1024));
    let large = Codec::compile(&format!("{source}{padding}"), CodecOptions::default()).expect("a 300 KB Huawei codec compiles");
    assert_eq!(large.entry_points(), ["decode", "encode"]);
    let e = Codec::compile(&format!("function decodeUplink(i) {{ return {{data: {{}}}}; }}{padding}"), CodecOptions::default()).expect_err("too large");
    assert_eq!(e.code().as_str(), "TK5002");
    let unknown = codec.decode(&[0x09], &DecodeInput::default()).expect_err("unknown frame");
    assert!(matches!(&unknown, ScriptError::Threw { message, position: Some(_) } if message == "Error: unknown frame 0x9"), "{unknown:?}");
}

#[test]
fn console_lines_are_kept_per_call_and_bounded() {
    let mut codec = compile(
        "function decodeUplink(input) {
           console.log('frame', input.bytes.length, {a: 1}, [2]); console.warn('w', new Date(0)); console.error(); console.debug(null);
           if (input.bytes[0] === 1) { var s = 'x'.repeat(1000); for (var i = 0; i < 200; i++) console.info(s); }
           return {data: {}};
         }",
    );
    codec.decode(&[0], &DecodeInput::default()).expect("decodes");
    let lines: Vec<_> = codec.logs().iter().map(|l| format!("{}: {}", l.level, l.message)).collect();
    assert_eq!(lines, ["log: frame 1 {\"a\":1} [2]", "warn: w 1970-01-01T00:00:00.000Z", "error: ", "debug: null"]);
    codec.decode(&[1], &DecodeInput::default()).expect("logging past the limit never fails");
    let bytes: usize = codec.logs().iter().map(|l| l.message.len()).sum();
    assert!(bytes <= 64 * 1024 && codec.logs().len() > 10, "{bytes} bytes in {} lines", codec.logs().len());
}

#[test]
fn promise_jobs_run_inside_the_call_and_under_its_limits() {
    let mut codec = compile(
        "var out;
         function decodeUplink(input) {
           var seen = [];
           Promise.resolve(1).then(function (v) { seen.push(v); });
           if (input.bytes[0] === 1) { var spin = function () { return Promise.resolve().then(spin); }; spin(); }
           return {data: {seen: seen}};
         }",
    );
    // The result is read after the call's jobs ran.
    assert_eq!(codec.decode(&[0], &DecodeInput::default()).expect("decodes"), json!({"seen": [1]}));
    let e = codec.decode(&[1], &DecodeInput::default()).expect_err("an endless chain of jobs is stopped");
    assert!(matches!(e.code().as_str(), "TK5005" | "TK5006"), "{e:?}");
    assert_eq!(codec.decode(&[0], &DecodeInput::default()).expect("works again"), json!({"seen": [1]}));
}

#[test]
fn scripts_run_in_utc() {
    let mut codec = compile(
        "function decodeUplink(input) { var d = new Date(Date.UTC(2024, 0, 15, 10, 30));
           return {data: {hours: d.getHours(), offset: d.getTimezoneOffset(), text: d.toString()}}; }",
    );
    let out = codec.decode(&[], &DecodeInput::default()).expect("decodes");
    assert_eq!((out["hours"].as_i64(), out["offset"].as_i64()), (Some(10), Some(0)));
    assert!(out["text"].as_str().is_some_and(|t| t.contains("10:30:00 GMT+0000")), "{out}");
}

#[test]
fn deep_nesting_is_a_syntax_error_not_a_crash() {
    let deep = format!("function decodeUplink(i) {{ return {{data: {}1{}}}; }}", "(".repeat(5000), ")".repeat(5000));
    let e = Codec::compile(&deep, CodecOptions::default()).expect_err("too deep");
    assert_eq!((e.code().as_str(), e.location()), ("TK5001", Some((1, 1040))), "{e:?}");
    // Brackets in strings, templates and comments do not count.
    let quoted = format!("// {open}\n/* {open} */\nvar s = '{open}', t = \"{open}\", u = `{open}`;\nfunction decodeUplink(i) {{ return {{data: {{n: s.length}}}}; }}", open = "(".repeat(5000));
    assert!(Codec::compile(&quoted, CodecOptions::default()).is_ok());
}
