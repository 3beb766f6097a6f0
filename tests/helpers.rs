//! The helpers scripts get from the sandbox: `TextEncoder`/`TextDecoder` and Node's `Buffer`
//! subset, checked against the values Node gives for the same calls.

use serde_json::{Value, json};
use thingkit::script::{Codec, CodecOptions, DecodeInput, EncodeInput, ScriptError};

/// Runs `expr` (with `b` bound to the input bytes as given to `decodeUplink`) and returns its
/// JSON value.
fn eval(expr: &str, input: &[u8]) -> Result<Value, ScriptError> {
    let source = format!("function decodeUplink(input) {{ var b = input.bytes; return {{data: {{v: {expr}}}}}; }}");
    let mut codec = Codec::compile(&source, CodecOptions::default()).expect("compiles");
    codec.decode_uplink(input, &DecodeInput { f_port: Some(1), ..DecodeInput::default() }).map(|out| out["data"]["v"].clone())
}

fn value(expr: &str) -> Value {
    eval(expr, &[]).unwrap_or_else(|e| panic!("{expr}: {e}"))
}

#[test]
fn text_encoder_and_decoder_speak_utf8() {
    assert_eq!(
        value("Array.from(new TextEncoder().encode('温度 25°C 🌡'))"),
        json!([0xe6, 0xb8, 0xa9, 0xe5, 0xba, 0xa6, 0x20, 0x32, 0x35, 0xc2, 0xb0, 0x43, 0x20, 0xf0, 0x9f, 0x8c, 0xa1])
    );
    assert_eq!(value("new TextEncoder().encoding"), "utf-8");
    assert_eq!(value("new TextDecoder().decode(new TextEncoder().encode('温度 25°C 🌡'))"), "温度 25°C 🌡");
    // Bytes as a plain array, an ArrayBuffer or a Uint8Array all decode.
    assert_eq!(value("new TextDecoder('utf-8').decode([0x68, 0x69])"), "hi");
    assert_eq!(value("new TextDecoder().decode(new Uint8Array([0x68, 0x69]).buffer)"), "hi");
    // Malformed input: U+FFFD per maximal subpart, as the Encoding standard (and Node) say.
    assert_eq!(
        value("new TextDecoder().decode([0x61, 0xff, 0x62, 0xe6, 0xb8, 0x63, 0xed, 0xa0, 0x80])"),
        "a\u{fffd}b\u{fffd}c\u{fffd}\u{fffd}\u{fffd}"
    );
    // A lone surrogate encodes as U+FFFD; a byte-order mark is dropped.
    assert_eq!(value("Array.from(new TextEncoder().encode('\\ud800'))"), json!([0xef, 0xbf, 0xbd]));
    assert_eq!(value("new TextDecoder().decode([0xef, 0xbb, 0xbf, 0x41])"), "A");
    // fatal: malformed input throws a TypeError; other encodings are refused.
    let e = eval("new TextDecoder('utf-8', {fatal: true}).decode([0xff])", &[]).expect_err("throws");
    assert!(matches!(&e, ScriptError::Threw { message, .. } if message.contains("TypeError")), "{e:?}");
    let e = eval("new TextDecoder('gbk')", &[]).expect_err("throws");
    assert!(matches!(&e, ScriptError::Threw { message, .. } if message.contains("RangeError")), "{e:?}");
}

#[test]
fn buffer_from_and_to_text() {
    assert_eq!(value("Buffer.from('0102ff', 'hex').toString('hex')"), "0102ff");
    assert_eq!(value("Array.from(Buffer.from('AQL/', 'base64'))"), json!([1, 2, 255]));
    assert_eq!(value("Array.from(Buffer.from('AQL_', 'base64url'))"), json!([1, 2, 255]));
    assert_eq!(value("Buffer.from([1, 2, 255]).toString('base64')"), "AQL/");
    assert_eq!(value("Buffer.from([1, 2]).toString('base64')"), "AQI=");
    assert_eq!(value("Buffer.from([104, 105]).toString()"), "hi");
    assert_eq!(value("Buffer.from('温度').toString('utf8')"), "温度");
    assert_eq!(value("Buffer.from('温度').length"), 6);
    assert_eq!(value("Buffer.from([257, -1]).toString('hex')"), "01ff");
    // As Node: hex decoding stops at the first non-hex pair.
    assert_eq!(value("Buffer.from('01zz02', 'hex').length"), 1);
    assert_eq!(value("Buffer.isBuffer(Buffer.alloc(2)) && !Buffer.isBuffer(new Uint8Array(2))"), true);
    assert_eq!(value("Buffer.concat([Buffer.from([1]), Buffer.from([2, 3])]).toString('hex')"), "010203");
    let e = eval("Buffer.from('x', 'utf16le')", &[]).expect_err("throws");
    assert!(matches!(&e, ScriptError::Threw { message, .. } if message.contains("Unknown encoding")), "{e:?}");
}

#[test]
fn buffer_readers() {
    let input = [0x01, 0xfe, 0xff, 0x41, 0xc8, 0x00, 0x00, 0x40, 0x09, 0x21, 0xfb, 0x54, 0x44, 0x2d, 0x18];
    let read = |expr: &str| eval(&format!("(function () {{ var buf = Buffer.from(b); return {expr}; }})()"), &input).expect(expr);
    assert_eq!(read("buf.length"), 15);
    assert_eq!(read("buf.readUInt8(1)"), 0xfe);
    assert_eq!(read("buf.readInt8(1)"), -2);
    assert_eq!(read("buf.readUInt16BE(1)"), 0xfeff);
    assert_eq!(read("buf.readUInt16LE(1)"), 0xfffe);
    assert_eq!(read("buf.readInt16BE(1)"), -257);
    assert_eq!(read("buf.readInt16LE(0)"), -511);
    assert_eq!(read("buf.readUInt32BE(0)"), 0x01feff41u32);
    assert_eq!(read("buf.readUInt32LE(0)"), 0x41fffe01u32);
    assert_eq!(read("buf.readInt32BE(1)"), i32::from_be_bytes([0xfe, 0xff, 0x41, 0xc8]));
    assert_eq!(read("buf.readFloatBE(3)"), f64::from(f32::from_be_bytes([0x41, 0xc8, 0x00, 0x00])));
    assert_eq!(read("buf.readFloatLE(4)"), f64::from(f32::from_le_bytes([0xc8, 0x00, 0x00, 0x40])));
    assert_eq!(read("buf.readDoubleBE(7)"), std::f64::consts::PI);
    assert_eq!(read("buf.readDoubleLE(7)"), f64::from_le_bytes([0x40, 0x09, 0x21, 0xfb, 0x54, 0x44, 0x2d, 0x18]));
    assert_eq!(read("buf.readUint16BE(1)"), 0xfeff);
    // slice is a view, as in Node: writing through it changes the original.
    assert_eq!(
        read("(function () { var s = buf.slice(1, 3); s[0] = 7; return [s.length, buf[1], s.toString('hex')]; })()"),
        json!([2, 7, "07ff"])
    );
    // Reading past the end is a RangeError.
    let e = eval("Buffer.from(b).readUInt32BE(13)", &input).expect_err("throws");
    assert!(matches!(&e, ScriptError::Threw { message, .. } if message.contains("RangeError")), "{e:?}");
    // Writers round-trip.
    assert_eq!(
        value("(function () { var w = Buffer.alloc(6); w.writeUInt16BE(0x1234, 0); w.writeInt32LE(-2, 2); return w.toString('hex'); })()"),
        "1234feffffff"
    );
}

#[test]
fn a_lorawan_codec_written_against_buffer() {
    let source = r#"
        function decodeUplink(input) {
          var buf = Buffer.from(input.bytes);
          return { data: { temperature: buf.readInt16BE(0) / 100, humidity: buf.readUInt8(2), raw: buf.toString('hex') } };
        }
        function encodeDownlink(input) {
          var out = Buffer.alloc(3);
          out.writeUInt8(input.data.mode, 0);
          out.writeUInt16LE(input.data.interval, 1);
          return { bytes: Array.from(out), fPort: 2 };
        }"#;
    let mut codec = Codec::compile(source, CodecOptions::default()).expect("compiles");
    let out = codec.decode_uplink(&[0xf8, 0x30, 0x37], &DecodeInput { f_port: Some(1), ..DecodeInput::default() }).expect("decodes");
    assert_eq!(out["data"], json!({"temperature": -20, "humidity": 55, "raw": "f83037"}));
    let down = codec.encode_downlink(&EncodeInput { message: &json!({"mode": 1, "interval": 600}), whole: false, f_port: None, variables: None }).expect("encodes");
    assert_eq!(down.bytes, [1, 0x58, 0x02]);
    // A typed array (or Buffer) returned as bytes is accepted as a byte list.
    let mut typed =
        Codec::compile("function protocolToRawData(m) { return Buffer.from('0a0b', 'hex'); }", CodecOptions::default()).expect("compiles");
    assert_eq!(typed.protocol_to_raw_data(&json!({})).expect("encodes"), [10, 11]);
}

#[test]
fn helpers_may_be_replaced_within_a_call_and_come_back_for_the_next() {
    // As in Node, a script may patch a helper's prototype; the next message sees the original.
    let source = "function decodeUplink(input) { var before = Buffer.from([5]).readUInt8(0);
        if (input.bytes[0] === 1) Buffer.prototype.readUInt8 = function () { return 99; };
        return {data: {before: before, after: Buffer.from([5]).readUInt8(0), t: typeof TextEncoder}}; }";
    let mut codec = Codec::compile(source, CodecOptions::default()).expect("compiles");
    let input = DecodeInput { f_port: Some(1), ..DecodeInput::default() };
    assert_eq!(codec.decode_uplink(&[1], &input).expect("decodes")["data"], json!({"before": 5, "after": 99, "t": "function"}));
    assert_eq!(codec.decode_uplink(&[0], &input).expect("decodes")["data"], json!({"before": 5, "after": 5, "t": "function"}));
}
