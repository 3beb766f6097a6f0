//! The wasmtime-hosted plugin: the same answers as the core in-process, and the host's own
//! limits (deadline, memory cap) stopping what boa's limits alone cannot, with the codec still
//! working for the next message.

use serde_json::{Value, json};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use thingkit_host::plugin::{CodecOptions, DecodeInput, Direction, EncodeInput, PluginError, Plugins, WasmCodec};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

fn plugins() -> &'static Plugins {
    Plugins::shared().expect("the built-in plugin loads")
}

fn options() -> CodecOptions {
    CodecOptions { unsigned_bytes: false, deterministic_now_ms: None, deterministic_seed: None }
}

fn uplink() -> DecodeInput {
    topic(None)
}

fn topic(topic: Option<&str>) -> DecodeInput {
    DecodeInput { topic: topic.map(String::from), f_port: None, recv_time_ms: None, variables: Vec::new() }
}

/// An uplink decode's result as JSON text.
fn decode(codec: &mut WasmCodec, bytes: &[u8], input: &DecodeInput) -> Result<String, PluginError> {
    codec.decode(bytes, input, Direction::Uplink).map(|d| d.result)
}

/// The bytes for a message.
fn encode(codec: &mut WasmCodec, message: &str) -> Result<Vec<u8>, PluginError> {
    codec.encode(&EncodeInput { message: message.into(), whole: false, f_port: None, variables: Vec::new() }).map(|e| e.bytes)
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).expect("JSON text")
}

#[test]
fn the_example_script_decodes_and_encodes_as_in_process() {
    let source = std::fs::read_to_string(root().join("examples/alink-example.js")).expect("example");
    let mut codec = plugins().compile(&source, options()).expect("compiles");
    assert_eq!(codec.entry_points(), ["rawDataToProtocol", "protocolToRawData", "transformPayload"]);
    let decoded = decode(&mut codec, &hex::decode("000000000100320100000000").expect("hex"), &uplink()).expect("decodes");
    assert_eq!(
        parse(&decoded),
        json!({"method": "thing.event.property.post", "id": "1", "params": {"prop_float": 0, "prop_int16": 50, "prop_bool": 1}, "version": "1.0"})
    );
    let custom = topic(Some("/a1/dev/user/update/error"));
    assert_eq!(parse(&decode(&mut codec, &[0xff], &custom).expect("transforms"))["errorCode"], -1);
    let set = r#"{"method": "thing.service.property.set", "id": "12345", "version": "1.0", "params": {"prop_float": 123.452, "prop_int16": 333, "prop_bool": 1}}"#;
    assert_eq!(hex::encode(encode(&mut codec, set).expect("encodes")), "0100003039014d0142f6e76d");
}

#[test]
fn script_errors_keep_their_codes_and_positions() {
    match plugins().compile("function rawDataToProtocol(b) {\n  return {;\n}", options()) {
        Err(PluginError::Guest { code, line, .. }) => assert_eq!((code.as_str(), line), ("TK5001", Some(2))),
        other => panic!("{other:?}"),
    }
    let mut codec = plugins().compile("function rawDataToProtocol(b) { return {params: {}}; }", options()).expect("compiles");
    match decode(&mut codec, &[1], &uplink()) {
        Err(e @ PluginError::Guest { .. }) => {
            assert_eq!(e.code(), "TK5014");
            assert_eq!(e.to_json()["platformCode"], 6450);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn models_validate_convert_and_check_data() {
    let report = parse(&plugins().validate(r#"{"profile": {}, "properties": [{"identifier": "time"}]}"#).expect("validates"));
    assert_eq!((report["kind"].as_str(), report["valid"].as_bool()), (Some("tsl"), Some(false)));
    assert!(report["diagnostics"].as_array().expect("list").iter().any(|d| d["code"] == "TK2002"), "{report}");

    let converted =
        parse(&plugins().convert(r#"{"profile": {"productKey": "a1"}, "properties": []}"#, "thing-model-json").expect("converts"));
    assert_eq!(converted["document"]["productKey"], "a1");
    match plugins().convert("{", "tsl") {
        Err(e) => assert_eq!(e.code(), "TK0001"),
        Ok(text) => panic!("{text}"),
    }
    match plugins().convert("{}", "yaml") {
        Err(e) => assert_eq!(e.code(), "TK0008"),
        Ok(text) => panic!("{text}"),
    }

    let tsl = std::fs::read_to_string(root().join("examples/alink-example.tsl.json")).expect("example TSL");
    let message = r#"{"id": "1", "version": "1.0", "method": "thing.event.property.post", "params": {"prop_int16": "fifty"}}"#;
    let check = parse(&plugins().check_data(&[tsl], message, "strong").expect("checks"));
    assert_eq!(check["level"], "strong");
    assert_eq!(check["failures"][0]["identifier"], "prop_int16");
}

/// A loop inside a getter that a native built-in calls: the engine's own interrupt (in every
/// frame) or, as the backstop, the host's epoch deadline stops it at the time limit.
#[test]
fn the_deadline_stops_a_loop_reentered_from_native_code() {
    let source = r#"
        function rawDataToProtocol(b) {
            if (b[0] === 1) return {method: 'm', params: {v: 1}};
            var o = {};
            Object.defineProperty(o, 'x', { get: function () { for (;;) { for (var i = 0; i < 1000; i++) {} } }, enumerable: true });
            JSON.stringify(o);
        }"#;
    let mut codec = plugins().compile(source, options()).expect("compiles");
    let start = Instant::now();
    let error = decode(&mut codec, &[0], &uplink()).expect_err("stopped");
    let elapsed = start.elapsed();
    assert_eq!(error.code(), "TK5005", "{error:?}");
    assert!(elapsed < plugins().limits().call_time + Duration::from_millis(400), "took {elapsed:?}");
    // The trapped store is gone; the script is compiled again for the next message.
    assert_eq!(parse(&decode(&mut codec, &[1], &uplink()).expect("works again"))["params"]["v"], 1);
}

#[test]
fn the_memory_cap_stops_a_memory_bomb() {
    let source = r#"
        function rawDataToProtocol(b) {
            if (b[0] === 1) return {method: 'm', params: {v: 1}};
            var chunks = [];
            for (;;) chunks.push(new Uint8Array(1 << 20));
        }"#;
    let mut codec = plugins().compile(source, options()).expect("compiles");
    let error = decode(&mut codec, &[0], &uplink()).expect_err("stopped");
    assert_eq!(error.code(), "TK5009", "{error:?}");
    assert_eq!(parse(&decode(&mut codec, &[1], &uplink()).expect("works again"))["params"]["v"], 1);
}

/// A third party's codec, written in Rust and loaded by path, answers as the script does.
#[test]
fn a_third_party_codec_plugin_loads_by_path() {
    let path = thingkit_host::plugin::EXAMPLE_CODEC_PATH;
    let mut native = plugins().load_codec(std::path::Path::new(path), "", options()).expect("loads");
    let source = std::fs::read_to_string(root().join("examples/alink-example.js")).expect("example");
    let mut script = plugins().compile(&source, options()).expect("compiles");
    assert_eq!(native.entry_points(), script.entry_points());
    for (hex_text, topic) in [
        ("000000000100320100000000", None),
        ("0300223344c8", None),
        ("0000000001ff9c0042f6e76d", None),
        ("0000000001ff9c0042f6e76d", Some("/a1/dev/user/update")),
        ("9c", Some("/a1/dev/user/update/error")),
    ] {
        let input = self::topic(topic);
        let bytes = hex::decode(hex_text).expect("hex");
        assert_eq!(
            parse(&decode(&mut native, &bytes, &input).expect("native decodes")),
            parse(&decode(&mut script, &bytes, &input).expect("script decodes")),
            "{hex_text} {topic:?}"
        );
    }
    for message in [
        r#"{"method": "thing.service.property.set", "id": "12345", "version": "1.0", "params": {"prop_float": 123.452, "prop_int16": 333, "prop_bool": 1}}"#,
        r#"{"method": "thing.event.property.post", "id": "12345", "version": "1.0", "code": 200, "data": {}}"#,
    ] {
        assert_eq!(encode(&mut native, message).expect("native encodes"), encode(&mut script, message).expect("script encodes"));
    }
    assert_eq!(decode(&mut native, &[0], &uplink()).expect_err("short frame").code(), "TK5010");
}

/// With the pooling allocator, stores past the pool's size fail with TK5020 and the pool's
/// places come back when stores are dropped.
#[test]
fn the_pooling_allocator_bounds_live_stores() {
    let pooled = Plugins::pooled(thingkit_host::plugin::PluginLimits::default(), 2).expect("loads pooled");
    let source = "function rawDataToProtocol(b) { return {method: 'm', params: {v: b[0]}}; }";
    let mut first = pooled.compile(source, options()).expect("compiles");
    let second = pooled.compile(source, options()).expect("compiles");
    match pooled.compile(source, options()) {
        Err(e) => assert_eq!(e.code(), "TK5020", "{e:?}"),
        Ok(codec) => panic!("a third store fit in a pool of two: {codec:?}"),
    }
    drop(second);
    let mut third = pooled.compile(source, options()).expect("a place came back");
    assert_eq!(parse(&decode(&mut first, &[7], &uplink()).expect("decodes"))["params"]["v"], 7);
    assert_eq!(parse(&decode(&mut third, &[9], &uplink()).expect("decodes"))["params"]["v"], 9);
}

/// The leak suite (`tests/fixtures/isolation`) in the plugin: one instance and one compiled
/// codec for every message, and no message sees what an earlier one planted.
#[test]
fn a_reused_instance_keeps_nothing_between_messages() {
    let dir = root().join("tests/fixtures/isolation");
    let mut scripts: Vec<_> = std::fs::read_dir(&dir).expect("fixtures").map(|e| e.expect("entry").path()).collect();
    scripts.sort();
    assert!(scripts.len() >= 15);
    for path in scripts {
        let mut codec = plugins().compile(&std::fs::read_to_string(&path).expect("script"), options()).expect("compiles");
        for _ in 0..4 {
            let result = parse(&decode(&mut codec, &[1], &uplink()).unwrap_or_else(|e| panic!("{}: {e:?}", path.display())));
            assert_eq!(result, json!({"data": {"seen": 0}}), "{}", path.display());
            assert!(codec.is_live(), "the same instance serves every message");
        }
    }
}

/// The limits suite (`tests/fixtures/limits/hostile.json`) in the plugin: the engine's own
/// interrupt (or, as the backstop, the epoch deadline) stops each call at the time limit, and
/// the codec answers the next message.
#[test]
fn the_limits_suite_is_stopped_in_the_plugin() {
    let cases: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(root().join("tests/fixtures/limits/hostile.json")).expect("fixture")).expect("JSON");
    for case in &cases {
        let (name, script) = (case["name"].as_str().expect("name"), case["script"].as_str().expect("script"));
        let mut codec = plugins().compile(script, options()).expect("compiles");
        let start = Instant::now();
        let error = decode(&mut codec, &[0], &uplink()).expect_err("stopped");
        let elapsed = start.elapsed();
        assert!(matches!(error.code(), "TK5005" | "TK5006" | "TK5007" | "TK5008" | "TK5009"), "{name}: {error:?}");
        assert!(elapsed < plugins().limits().call_time + Duration::from_millis(400), "{name}: took {elapsed:?}");
        assert_eq!(parse(&decode(&mut codec, &[1], &uplink()).expect("works again"))["params"]["v"], 1, "{name}");
    }
}
