//! The script sandbox: every documented vector of the example protocol, the conventions, exact
//! results, and isolation between messages.

mod common;

use serde_json::{Value, json};
use thingkit::script::{Codec, CodecOptions, DecodeInput, EncodeInput, ScriptError};

fn example() -> Codec {
    let source = std::fs::read_to_string(common::root().join("examples/alink-example.js")).expect("example script");
    Codec::compile(&source, CodecOptions::default()).expect("compiles")
}

fn bytes(hex_text: &str) -> Vec<u8> {
    hex::decode(hex_text).expect("hex")
}

fn compile(source: &str) -> Codec {
    Codec::compile(source, CodecOptions::default()).expect("compiles")
}

#[test]
fn documented_uplink_report() {
    let out = example().raw_data_to_protocol(&bytes("000000000100320100000000")).expect("decodes");
    assert_eq!(
        out,
        json!({"method": "thing.event.property.post", "id": "1", "params": {"prop_float": 0, "prop_int16": 50, "prop_bool": 1}, "version": "1.0"})
    );
    // Integral numbers come out as JSON integers, never 50.0.
    let text = serde_json::to_string(&out).expect("json");
    assert!(text.contains("\"prop_int16\":50") && text.contains("\"prop_float\":0"), "{text}");
}

#[test]
fn documented_set_reply() {
    let out = example().raw_data_to_protocol(&bytes("0300223344c8")).expect("decodes");
    assert_eq!(out, json!({"code": "200", "data": {}, "id": "2241348", "version": "1.0"}));
}

#[test]
fn documented_downlink_set() {
    let message = json!({"method": "thing.service.property.set", "id": "12345", "version": "1.0",
        "params": {"prop_float": 123.452, "prop_int16": 333, "prop_bool": 1}});
    assert_eq!(hex::encode(example().protocol_to_raw_data(&message).expect("encodes")), "0100003039014d0142f6e76d");
}

#[test]
fn documented_report_reply() {
    let message = json!({"method": "thing.event.property.post", "id": "12345", "version": "1.0", "code": 200, "data": {}});
    assert_eq!(hex::encode(example().protocol_to_raw_data(&message).expect("encodes")), "0200003039c8");
}

#[test]
fn documented_custom_topics() {
    let mut codec = example();
    let topic = "/a1Example0/device1/user/update";
    let out = codec.transform_payload(topic, &bytes("000000000100320100000000")).expect("decodes");
    assert_eq!(out, json!({"prop_float": 0, "prop_int16": 50, "prop_bool": 1, "topic": topic}));
    let error_topic = "/a1Example0/device1/user/update/error";
    let out = codec.decode(&bytes("ff"), &DecodeInput { topic: Some(error_topic), ..DecodeInput::default() }).expect("decodes");
    assert_eq!(out, json!({"topic": error_topic, "errorCode": -1}));
    let out = codec.decode(&bytes("000000000100320100000000"), &DecodeInput { topic: Some(error_topic), ..DecodeInput::default() }).expect("decodes");
    assert_eq!(out["errorCode"], 0);
}

#[test]
fn entry_points_are_reported() {
    assert_eq!(example().entry_points(), ["rawDataToProtocol", "protocolToRawData", "transformPayload"]);
    let lorawan = compile("function decodeUplink(input) { return {data: {}}; } function encodeDownlink(i) { return {bytes: [1]}; }");
    assert_eq!(lorawan.entry_points(), ["decodeUplink", "encodeDownlink"]);
}

#[test]
fn alibaba_bytes_are_signed_unless_asked() {
    let src = "function rawDataToProtocol(b) { return {method: 'm', params: {first: b[0], n: b.length}}; }";
    let out = compile(src).raw_data_to_protocol(&[0xff, 0x01]).expect("runs");
    assert_eq!(out["params"], json!({"first": -1, "n": 2}));
    let mut unsigned = Codec::compile(src, CodecOptions::default().unsigned_bytes(true)).expect("compiles");
    assert_eq!(unsigned.raw_data_to_protocol(&[0xff]).expect("runs")["params"]["first"], 255);
}

#[test]
fn lorawan_and_tencent_conventions() {
    let mut codec = compile(
        "function decodeUplink(input) { return {data: {temp: (input.bytes[0] << 8 | input.bytes[1]) / 10, port: input.fPort}, warnings: []}; }
         function encodeDownlink(input) { return {bytes: new Uint8Array([input.data.level, 255]), fPort: 2}; }
         function decodeDownlink(input) { return {data: {level: input.bytes[0]}}; }",
    );
    let up = codec.decode_uplink(&[0x00, 0xff], &DecodeInput { f_port: Some(10), ..DecodeInput::default() }).expect("decodes");
    assert_eq!(up["data"], json!({"temp": 25.5, "port": 10}));
    let down = codec.encode_downlink(&EncodeInput { message: &json!({"level": 7}), whole: false, f_port: None, variables: None }).expect("encodes");
    assert_eq!(down.bytes, [7, 255], "typed arrays come out as byte lists");
    assert_eq!(down.f_port, Some(2));
    assert_eq!(codec.decode_downlink(&[9], &DecodeInput { f_port: Some(2), ..DecodeInput::default() }).expect("decodes")["data"], json!({"level": 9}));
    assert_eq!(codec.decode(&[0x01, 0x00], &DecodeInput::default()).expect("decodes"), json!({"temp": 25.6, "port": 1}));

    let mut errors = compile("function decodeUplink(input) { return {errors: ['unknown port ' + input.fPort]}; }");
    match errors.decode_uplink(&[1], &DecodeInput { f_port: Some(99), ..DecodeInput::default() }) {
        Err(ScriptError::Reported { errors, .. }) => assert_eq!(errors, [json!("unknown port 99")]),
        other => panic!("{other:?}"),
    }

    let mut old =
        compile("function Decoder(bytes, port) { return {b: bytes[0], port: port}; } function Encoder(o, port) { return [o.b, port]; }");
    assert_eq!(old.decoder(&[200], 3).expect("decodes"), json!({"b": 200, "port": 3}));
    assert_eq!(old.encoder(&json!({"b": 4}), 3).expect("encodes"), [4, 3]);

    let mut tencent = compile(
        "function RawToProtocol(fPort, bytes) { return {method: 'report', clientToken: 't', params: {v: bytes[0], port: fPort}}; }
        function ProtocolToRaw(json) { return [json.params.v]; }",
    );
    assert_eq!(tencent.raw_to_protocol(5, &[0xfe]).expect("decodes")["params"], json!({"v": 254, "port": 5}));
    assert_eq!(tencent.protocol_to_raw(&json!({"params": {"v": 6}})).expect("encodes"), [6]);
}

fn error_of(source: &str, input: &[u8]) -> ScriptError {
    compile(source).raw_data_to_protocol(input).expect_err("fails")
}

#[test]
fn result_shapes_have_the_platform_codes() {
    let cases: [(&str, &str, Option<u16>); 8] = [
        ("function rawDataToProtocol(b) { return null; }", "TK5012", Some(6201)),
        ("function rawDataToProtocol(b) { }", "TK5012", Some(6201)),
        ("function rawDataToProtocol(b) { return {}; }", "TK5012", Some(6201)),
        ("function rawDataToProtocol(b) { return [1, 2]; }", "TK5013", Some(6207)),
        ("function rawDataToProtocol(b) { return 'text'; }", "TK5013", Some(6207)),
        ("function rawDataToProtocol(b) { return {params: {}}; }", "TK5014", Some(6450)),
        ("function rawDataToProtocol(b) { return {code: 200}; }", "TK5013", Some(6207)),
        ("function protocolToRawData(j) { return [1]; }", "TK5011", None),
    ];
    for (source, code, platform) in cases {
        let e = error_of(source, &[1]);
        assert_eq!((e.code().as_str(), e.platform_code()), (code, platform), "{source}: {e}");
    }
}

#[test]
fn values_json_cannot_hold_are_errors() {
    for (expr, what) in
        [("0/0", "NaN"), ("1/0", "Infinity"), ("function () {}", "a function"), ("Symbol('s')", "a symbol"), ("BigInt(1)", "a BigInt")]
    {
        let e = error_of(&format!("function rawDataToProtocol(b) {{ return {{method: 'm', params: {{v: {expr}}}}}; }}"), &[1]);
        match e {
            ScriptError::NotJson { what: found, key } => {
                assert_eq!(found, what);
                assert_eq!(key.as_deref(), Some("v"));
            }
            other => panic!("{expr}: {other:?}"),
        }
    }
    let e = error_of("function rawDataToProtocol(b) { var o = {method: 'm'}; o.self = o; return o; }", &[1]);
    assert!(matches!(e, ScriptError::NotJson { .. }), "{e:?}");
    assert_eq!(e.platform_code(), Some(6207));
}

/// Results are read as `JSON.stringify` would: `toJSON` wherever it is found, dates as ISO text,
/// any string's text exactly, typed arrays as byte lists.
#[test]
fn results_read_as_json_stringify_would() {
    let mut codec = compile(
        r#"
        function Reading(v) { this.v = v; }
        Reading.prototype.toJSON = function (key) { return { reading: this.v, key: key }; };
        class Level { constructor(n) { this.n = n; } toJSON() { return 'level ' + this.n; } }
        function rawDataToProtocol(b) {
            return { method: 'm', params: {
                own: { toJSON: function () { return 7; } },
                proto: new Reading(3),
                cls: new Level(2),
                nullProto: Object.assign(Object.create(null), { a: 1 }),
                date: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
                latin1: 'caf\u00e9 \u00b0C',
                wide: '\u6e29\u5ea6 \ud83d\ude00',
                lone: '\ud800',
                bytes: new Uint8Array([1, 255]),
                list: [undefined, function () {}.name, { toJSON: function () { return 'x'; } }]
            } };
        }"#,
    );
    let out = codec.raw_data_to_protocol(&[1]).expect("decodes");
    assert_eq!(
        out["params"],
        json!({
            "own": 7,
            "proto": {"reading": 3, "key": "proto"},
            "cls": "level 2",
            "nullProto": {"a": 1},
            "date": "2026-01-02T03:04:05.000Z",
            "latin1": "café °C",
            "wide": "温度 😀",
            "lone": "\\uD800",
            "bytes": [1, 255],
            "list": [null, "", "x"]
        })
    );
}

/// The bounded iterators (see the hostile tests) behave as the built-ins on ordinary data.
#[test]
fn spread_and_iteration_work_as_usual() {
    let mut codec = compile(
        r#"
        function rawDataToProtocol(b) {
            var u = new Uint8Array(b.length), sum = 0;
            for (var i = 0; i < b.length; i++) u[i] = b[i] & 0xff;
            for (var x of u) sum += x;
            var pairs = [];
            for (var [k, v] of ['a', 'b'].entries()) pairs.push(k + v);
            return { method: 'm', params: {
                max: Math.max(...b), copy: [...u], sum: sum, chars: [...'h\u00e9\ud83d\ude00'],
                set: Array.from(new Set([1, 1, 2])), keys: [...[7, 8].keys()], pairs: pairs,
                iteratorIsValues: [][Symbol.iterator] === [].values && u[Symbol.iterator] === u.values
            } };
        }"#,
    );
    let out = codec.raw_data_to_protocol(&[1, 0xff, 3]).expect("decodes");
    assert_eq!(
        out["params"],
        json!({"max": 3, "copy": [1, 255, 3], "sum": 259, "chars": ["h", "é", "😀"], "set": [1, 2], "keys": [0, 1], "pairs": ["0a", "1b"], "iteratorIsValues": true})
    );
}

#[test]
fn output_bytes_must_be_integers_from_0_to_255() {
    for (list, index) in [("[1, 256]", 1), ("[-1]", 0), ("[1.5]", 0), ("['1']", 0)] {
        let e =
            compile(&format!("function protocolToRawData(j) {{ return {list}; }}")).protocol_to_raw_data(&json!({})).expect_err("fails");
        assert!(matches!(e, ScriptError::ByteOutOfRange { index: i, .. } if i == index), "{list}: {e:?}");
    }
    let mut view = compile("function protocolToRawData(j) { var d = new DataView(new ArrayBuffer(2)); d.setUint16(0, 258); return d; }");
    assert_eq!(view.protocol_to_raw_data(&json!({})).expect("a DataView is bytes too"), [1, 2]);
}

#[test]
fn nothing_leaks_from_one_message_into_the_next() {
    let mut codec = compile(
        "var count = 0;
         var table = {seen: []};
         function rawDataToProtocol(b) {
           count++;
           table.seen.push(b[0]);
           leaked = (typeof leaked === 'undefined') ? 1 : leaked + 1;
           try { Array.prototype.push = function () { return 'hijacked'; }; } catch (e) {}
           try { Object.prototype.injected = 1; } catch (e) {}
           try { JSON.stringify = null; } catch (e) {}
           try { Math.PI = 3; } catch (e) {}
           return {method: 'm', params: {count: count, seen: table.seen.length, leaked: leaked,
             injected: ({}).injected === undefined ? 0 : 1, pi: Math.PI > 3.14 ? 1 : 0}};
         }",
    );
    // Within a call the changes hold, as in Node (`injected` is 1 there too; `Math.PI` is
    // read-only everywhere); every later message sees exactly what the first one saw.
    for _ in 0..3 {
        let out = codec.raw_data_to_protocol(&[7]).expect("runs");
        assert_eq!(out["params"], json!({"count": 1, "seen": 1, "leaked": 1, "injected": 1, "pi": 1}));
    }
    // Globals defined rather than assigned: symbols, non-enumerable and non-configurable ones.
    let mut codec = compile(
        "var key = Symbol.for('k');
         function rawDataToProtocol(b) {
           var before = [globalThis[key], globalThis.hidden, globalThis.fixed].map(function (v) { return v === undefined ? 0 : v; });
           globalThis[key] = 1;
           Object.defineProperty(globalThis, 'hidden', {value: 2, enumerable: false, configurable: true});
           Object.defineProperty(globalThis, 'fixed', {value: 3});
           return {method: 'm', params: {before: before}};
         }",
    );
    for _ in 0..3 {
        assert_eq!(codec.raw_data_to_protocol(&[1]).expect("runs")["params"]["before"], json!([0, 0, 0]));
    }
}

#[test]
fn strict_scripts_extend_built_ins_as_in_node_for_one_call() {
    let mut codec = compile(
        "'use strict'; function rawDataToProtocol(b) { var before = [].x; if (b[0] === 1) Array.prototype.x = 1;
         return {method: 'm', params: {before: before === undefined ? 0 : before, after: [].x === undefined ? 0 : [].x}}; }",
    );
    assert_eq!(codec.raw_data_to_protocol(&[1]).expect("runs")["params"], json!({"before": 0, "after": 1}));
    assert_eq!(codec.raw_data_to_protocol(&[0]).expect("runs")["params"], json!({"before": 0, "after": 0}));
}

#[test]
fn deterministic_clock_and_random() {
    let src = "function rawDataToProtocol(b) { return {method: 'm', params: {now: Date.now(), iso: new Date().toISOString(), r: Math.random()}}; }";
    let options = CodecOptions::default().deterministic(1_700_000_000_000, 42);
    let mut a = Codec::compile(src, options.clone()).expect("compiles");
    let mut b = Codec::compile(src, options).expect("compiles");
    let first = a.raw_data_to_protocol(&[1]).expect("runs");
    assert_eq!(first["params"]["now"], 1_700_000_000_000i64);
    assert_eq!(first["params"]["iso"], "2023-11-14T22:13:20.000Z");
    assert_eq!(first, a.raw_data_to_protocol(&[1]).expect("runs"), "the same call repeats");
    assert_eq!(first, b.raw_data_to_protocol(&[1]).expect("runs"), "so does another codec");
}

#[test]
fn sandbox_has_no_host_access() {
    let out = compile("function rawDataToProtocol(b) { return {method: 'm', params: {r: typeof require + typeof process + typeof fetch + typeof XMLHttpRequest}}; }")
        .raw_data_to_protocol(&[1])
        .expect("runs");
    assert_eq!(out["params"]["r"], "undefinedundefinedundefinedundefined");
    let e = Codec::compile("import x from 'fs'; function rawDataToProtocol(b) {}", CodecOptions::default()).expect_err("no modules");
    assert_eq!(e.code().as_str(), "TK5001");
    assert_eq!(e.location(), Some((1, 8)));
}

#[test]
fn input_checks_before_running() {
    let mut codec = example();
    let big = vec![0u8; 64 * 1024 + 1];
    assert!(matches!(codec.raw_data_to_protocol(&big), Err(ScriptError::InputTooLarge { .. })));
    assert!(matches!(codec.decode_uplink(&[1], &DecodeInput { f_port: Some(1), ..DecodeInput::default() }), Err(ScriptError::MissingEntryPoint { .. })));
    let value: Value = codec.raw_data_to_protocol(&bytes("000000000100320100000000")).expect("still works");
    assert_eq!(value["id"], "1");
}

/// `Buffer`, `TextEncoder` and `TextDecoder` are defined for scripts whose text names them
/// (anywhere, as a whole word); the others compile without them.
#[test]
fn helper_globals_are_there_for_scripts_that_name_them() {
    let probe = "function decodeUplink(i) { var g = globalThis; return {data: {buffer: typeof g['Buf' + 'fer'], encoder: typeof g['Text' + 'Encoder']}}; }";
    let data = |source: &str| {
        let mut codec = compile(source);
        codec.decode_result(&[1], &DecodeInput::default()).expect("decodes")["data"].clone()
    };
    assert_eq!(data(probe), json!({"buffer": "undefined", "encoder": "undefined"}), "ArrayBuffer-free, name-free");
    let named = format!("{probe}\n// uses Buffer");
    assert_eq!(data(&named), json!({"buffer": "function", "encoder": "function"}));
    let array_buffer = format!("{probe}\nvar b = new ArrayBuffer(1); var t = 'MyTextEncoder';");
    assert_eq!(data(&array_buffer), json!({"buffer": "undefined", "encoder": "undefined"}), "not a whole word");
    let mut utf8 = compile("function decodeUplink(i) { return {data: {text: new TextDecoder().decode(new Uint8Array(i.bytes)), hex: Buffer.from(i.bytes).toString('hex')}}; }");
    let decoded = utf8.decode_result(&[0xe4, 0xbd, 0xa0], &DecodeInput::default()).expect("decodes");
    assert_eq!(decoded["data"], json!({"text": "你", "hex": "e4bda0"}));
}
