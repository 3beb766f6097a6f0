//! The wasmtime-hosted plugin: the same answers as the core in-process, and the host's own
//! limits (deadline, memory cap) stopping what boa's limits alone cannot, with the codec still
//! working for the next message.

use serde_json::{Value, json};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use thingkit::data::Level;
use thingkit::{Format, Severity};
use thingkit_host::plugin::{CodecOptions, DecodeInput, Direction, EncodeInput, PluginError, PluginLimits, Plugins, WasmCodec};

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
    let report = plugins().validate(r#"{"profile": {}, "properties": [{"identifier": "time"}]}"#, None).expect("validates");
    assert_eq!((report.kind, report.valid), (Some(Format::Tsl), false));
    assert!(report.diagnostics.iter().any(|d| d.code.as_str() == "TK2002"), "{report:?}");

    let converted =
        plugins().convert(r#"{"profile": {"productKey": "a1"}, "properties": []}"#, None, Format::ThingModelJson).expect("converts");
    assert_eq!(parse(&converted.document)["productKey"], "a1");
    match plugins().convert("{", None, Format::Tsl) {
        Err(e) => assert_eq!(e.code(), "TK0001"),
        Ok(c) => panic!("{c:?}"),
    }
    // An extendConfig export converts to nothing but itself.
    let tsl = std::fs::read_to_string(root().join("examples/alink-example.tsl.json")).expect("example TSL");
    match plugins().convert(&tsl, None, Format::ExtendConfig) {
        Err(e) => assert_eq!((e.code(), e.diagnostics().len()), ("TK3003", 0), "{e:?}"),
        Ok(c) => panic!("{c:?}"),
    }

    let message = r#"{"id": "1", "version": "1.0", "method": "thing.event.property.post", "params": {"prop_int16": "fifty"}}"#;
    let check = parse(&plugins().check_data(std::slice::from_ref(&tsl), message, Level::Strong).expect("checks"));
    assert_eq!(check["level"], "strong");
    assert_eq!(check["failures"][0]["identifier"], "prop_int16");
}

/// Every format and level crosses the WIT boundary as an enum and comes back as itself: the
/// example TSL converted to each format the plugin can write from it validates as that format,
/// `as` is honoured, and each level is the one the check reports.
#[test]
fn formats_and_levels_round_trip_through_the_wit_enums() {
    let tsl = std::fs::read_to_string(root().join("examples/alink-example.tsl.json")).expect("example TSL");
    let thing_model_json = plugins().convert(&tsl, Some(Format::Tsl), Format::ThingModelJson).expect("to ThingModelJson").document;
    for &format in Format::ALL {
        let source = if format == Format::ExtendConfig { &thing_model_json } else { &tsl };
        let converted = plugins().convert(source, None, format).unwrap_or_else(|e| panic!("{format}: {e:?}"));
        // Read as what it was converted to, it is a valid document of that format.
        let report = plugins().validate(&converted.document, Some(format)).expect("validates");
        assert_eq!((report.kind, report.valid), (Some(format.read_as()), true), "{format}: {report:?}");
        // Told by its content alike (an extendConfig export of a model without extendConfig
        // has nothing that tells it).
        if format != Format::ExtendConfig {
            assert_eq!(plugins().validate(&converted.document, None).expect("validates").kind, Some(format.read_as()), "{format}");
        }
    }
    // Read as another format than its own, the TSL is not valid.
    let as_wot = plugins().validate(&tsl, Some(Format::Wot)).expect("validates");
    assert_eq!((as_wot.kind, as_wot.valid), (Some(Format::Wot), false), "{as_wot:?}");
    let message = r#"{"id": "1", "version": "1.0", "method": "thing.event.property.post", "params": {"prop_int16": 1}}"#;
    for &level in Level::ALL {
        let check = parse(&plugins().check_data(std::slice::from_ref(&tsl), message, level).expect("checks"));
        assert_eq!(check["level"], level.as_str());
    }
}

/// A document with errors: the error record carries every diagnostic (warnings too), each with
/// its help and range, the first error's code and place; nothing needs a second call.
#[test]
fn an_invalid_document_is_an_error_with_all_its_diagnostics() {
    let broken = std::fs::read_to_string(root().join("tests/fixtures/invalid/broken.tsl.json")).expect("fixture");
    let report = plugins().validate(&broken, None).expect("validates");
    let mut expected = thingkit::validate(&broken);
    // Byte spans are for terminal excerpts and never cross a boundary; `range` does.
    expected.diagnostics.iter_mut().for_each(|d| d.span = None);
    assert_eq!(report, expected, "the plugin's report is the core's, field for field");
    let error = plugins().convert(&broken, None, Format::ThingModelJson).expect_err("invalid");
    let PluginError::Guest { code, line, column, diagnostics, model, .. } = &error else { panic!("{error:?}") };
    assert_eq!(diagnostics, &expected.diagnostics);
    assert!(diagnostics.len() >= 4, "{diagnostics:?}");
    let first = diagnostics.iter().find(|d| d.severity == Severity::Error).expect("an error");
    assert_eq!((code.as_str(), *line, *column, *model), (first.code.as_str(), Some(1), Some(first.column as u32), None));
    assert!(diagnostics.iter().any(|d| d.help.is_some() && d.range.is_some()), "{diagnostics:?}");
    let json = error.to_json();
    assert_eq!(json["diagnostics"][0]["help"], "set, get, post, property, event, time and value are kept by the platform", "{json}");
    assert_eq!(json["diagnostics"].as_array().map(Vec::len), Some(diagnostics.len()));

    // A data model of several texts names the one with errors.
    let tsl = std::fs::read_to_string(root().join("examples/alink-example.tsl.json")).expect("example TSL");
    let error = plugins().data_model(vec![tsl.clone(), broken.clone()]).expect_err("invalid module");
    assert!(matches!(&error, PluginError::Guest { model: Some(1), diagnostics, .. } if !diagnostics.is_empty()), "{error:?}");
    assert_eq!(error.to_json()["model"], 1);
    let error = plugins().check_data(&[broken, tsl], "{}", Level::Weak).expect_err("invalid model");
    assert_eq!(error.to_json()["model"], 0);
}

/// A model compiled once into a data-model resource checks many messages in the same store;
/// model calls reuse kept instances instead of instantiating per call.
#[test]
fn a_data_model_checks_many_messages_and_model_calls_reuse_instances() {
    let plugins = Plugins::new(PluginLimits::default()).expect("loads");
    let tsl = std::fs::read_to_string(root().join("examples/alink-example.tsl.json")).expect("example TSL");
    let mut model = plugins.data_model(vec![tsl.clone()]).expect("compiles");
    assert_eq!(model.texts().len(), 1);
    for i in 0..200 {
        let value = if i % 2 == 0 { json!(i) } else { json!("not a number") };
        let message =
            json!({"id": i.to_string(), "version": "1.0", "method": "thing.event.property.post", "params": {"prop_int16": value}});
        let check = parse(&model.check(&message.to_string(), Level::Strong).expect("checks"));
        assert_eq!(check["failures"].as_array().map(Vec::len), Some(i % 2), "{i}: {check}");
        assert!(model.is_live());
    }
    match model.check("{\"id\": ", Level::Weak) {
        Err(e) => assert_eq!((e.code(), e.to_json()["line"].as_u64()), ("TK0001", Some(1))),
        Ok(text) => panic!("{text}"),
    }
    assert!(model.is_live(), "a message that is not JSON is an answer, not a trap");

    let before = plugins.model_instances_made();
    for _ in 0..20 {
        assert!(plugins.validate(&tsl, None).expect("validates").valid);
        plugins.convert(&tsl, None, Format::Wot).expect("converts");
        plugins.check_data(std::slice::from_ref(&tsl), "{}", Level::Weak).expect("checks");
    }
    assert!(plugins.model_instances_made() <= before + 1, "made {} instances for 60 calls", plugins.model_instances_made() - before);
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

/// A batch answers what one call per payload answers, in order; a payload that throws, and one
/// that makes the whole crossing trap, fail alone.
#[test]
fn a_batch_decodes_as_one_call_per_payload() {
    let source = std::fs::read_to_string(root().join("examples/alink-example.js")).expect("example");
    let mut batched = plugins().compile(&source, options()).expect("compiles");
    let mut single = plugins().compile(&source, options()).expect("compiles");
    let payloads: Vec<(Vec<u8>, DecodeInput)> = [
        ("000000000100320100000000", None),
        ("0300223344c8", None),
        ("00", None),
        ("0000000001ff9c0042f6e76d", Some("/a1/dev/user/update")),
        ("9c", Some("/a1/dev/user/update/error")),
    ]
    .into_iter()
    .map(|(h, t)| (hex::decode(h).expect("hex"), topic(t)))
    .collect();
    let items: Vec<(&[u8], &DecodeInput)> = payloads.iter().map(|(b, i)| (b.as_slice(), i)).collect();
    let results = batched.decode_batch(&items, Direction::Uplink);
    assert_eq!(results.len(), items.len());
    for ((bytes, input), batch) in items.iter().zip(&results) {
        match (decode(&mut single, bytes, input), batch) {
            (Ok(one), Ok(b)) => assert_eq!(parse(&one), parse(&b.result)),
            (Err(one), Err(b)) => assert_eq!(one.code(), b.code()),
            (one, b) => panic!("{one:?} against {b:?}"),
        }
    }
    assert!(results[2].is_err(), "a short frame fails alone: {:?}", results[2]);

    // A payload that loops inside native code traps the crossing: the batch is retried one call
    // per payload, so only that payload fails, with the deadline's code.
    let looping = r#"
        function rawDataToProtocol(b) {
            if (b[0] === 1) return {method: 'm', params: {v: b[1]}};
            var o = {};
            Object.defineProperty(o, 'x', { get: function () { for (;;) { for (var i = 0; i < 1000; i++) {} } }, enumerable: true });
            JSON.stringify(o);
        }"#;
    let mut codec = plugins().compile(looping, options()).expect("compiles");
    let input = uplink();
    let items: Vec<(&[u8], &DecodeInput)> = vec![(&[1, 7], &input), (&[0], &input), (&[1, 9], &input)];
    let results = codec.decode_batch(&items, Direction::Uplink);
    assert_eq!(parse(&results[0].as_ref().expect("first").result)["params"]["v"], 7);
    assert_eq!(results[1].as_ref().expect_err("the loop").code(), "TK5005");
    assert_eq!(parse(&results[2].as_ref().expect("third").result)["params"]["v"], 9);

    // A third party's codec has no batches: one call each, the same answers.
    let path = thingkit_host::plugin::EXAMPLE_CODEC_PATH;
    let mut native = plugins().load_codec(std::path::Path::new(path), "", options()).expect("loads");
    let items: Vec<(&[u8], &DecodeInput)> = payloads.iter().map(|(b, i)| (b.as_slice(), i)).collect();
    let theirs = native.decode_batch(&items, Direction::Uplink);
    let ours = batched.decode_batch(&items, Direction::Uplink);
    for (a, b) in theirs.iter().zip(&ours) {
        match (a, b) {
            (Ok(a), Ok(b)) => assert_eq!(parse(&a.result), parse(&b.result)),
            (Err(a), Err(b)) => assert_eq!(a.code(), b.code()),
            (a, b) => panic!("{a:?} against {b:?}"),
        }
    }
}

/// A batch ends within its overall budget: payloads it did not reach fail with the budget's
/// deadline, and the call returns one result per payload all the same.
#[test]
fn a_batch_of_slow_payloads_ends_within_its_budget() {
    use thingkit_host::plugin::MAX_BATCH_TIME;
    // Each payload spins until the script's own 100 ms limit stops it.
    let mut codec = plugins().compile("function rawDataToProtocol(b) { for (;;) {} }", options()).expect("compiles");
    let input = uplink();
    let count = (MAX_BATCH_TIME.as_millis() / 100 + 10) as usize;
    let items: Vec<(&[u8], &DecodeInput)> = (0..count).map(|_| (&[0u8][..], &input)).collect();
    let started = Instant::now();
    let results = codec.decode_batch(&items, Direction::Uplink);
    let elapsed = started.elapsed();
    assert_eq!(results.len(), count);
    assert!(elapsed < MAX_BATCH_TIME + Duration::from_secs(2), "took {elapsed:?}");
    assert!(results.iter().all(|r| r.as_ref().is_err_and(|e| e.code() == "TK5005")), "{results:?}");
    let unreached = results.iter().filter(|r| matches!(r, Err(PluginError::Timeout { limit }) if *limit == MAX_BATCH_TIME)).count();
    assert!(unreached > 0 && unreached < count, "{unreached} of {count} past the budget");
}
