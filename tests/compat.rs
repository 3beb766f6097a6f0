//! JavaScript as real codecs use it, against the referee: each expression's value is what Node
//! (v20, `TZ=UTC`) gives, committed beside it. Scripts run in UTC on every path.

use serde_json::Value;
use thingkit::script::{Codec, CodecOptions, DecodeInput, ScriptError};

/// `(expression, Node's value as JSON)`.
const NODE: &[(&str, &str)] = &[
    ("'abcdef'.substr(1, 3)", "\"bcd\""),
    ("'abcdef'.substr(-2)", "\"ef\""),
    ("escape('a b/ü')", "\"a%20b/%FC\""),
    ("unescape('%u00fc%20x')", "\"ü x\""),
    ("({}).__proto__ === Object.prototype", "true"),
    ("'x'.anchor('y')", "\"<a name=\\\"y\\\">x</a>\""),
    ("'  a '.trimLeft() + '|' + ' a  '.trimRight()", "\"a | a\""),
    ("(25).toExponential(0)", "\"3e+1\""),
    ("(5e-324).toPrecision(1)", "\"5e-324\""),
    ("(1.005).toFixed(2)", "\"1.00\""),
    ("(2.5).toFixed(0)", "\"3\""),
    ("(1.45).toFixed(1)", "\"1.4\""),
    ("(123.456).toExponential(2)", "\"1.23e+2\""),
    ("(0.000001234).toPrecision(2)", "\"0.0000012\""),
    ("(1e21).toFixed(2)", "\"1e+21\""),
    ("(123456789).toPrecision(3)", "\"1.23e+8\""),
    ("(-1.5).toExponential(0)", "\"-2e+0\""),
    ("(0).toExponential(2)", "\"0.00e+0\""),
    ("(1.25).toPrecision(2)", "\"1.3\""),
    ("(1.35).toPrecision(2)", "\"1.4\""),
    ("String(5e-324)", "\"5e-324\""),
    ("String(1.7976931348623157e308)", "\"1.7976931348623157e+308\""),
    ("String(1e21)", "\"1e+21\""),
    ("String(123e-20)", "\"1.23e-18\""),
    ("(255).toString(16)", "\"ff\""),
    ("(0.5).toString(2)", "\"0.1\""),
    ("(-0).toFixed(1)", "\"0.0\""),
    ("(999.995).toFixed(2)", "\"1000.00\""),
    ("(0.1 + 0.2).toPrecision(17)", "\"0.30000000000000004\""),
    ("(4.35).toFixed(1)", "\"4.3\""),
    ("(-0.0001).toFixed(2)", "\"-0.00\""),
    ("[[].indexOf.length, ''.repeat.length, Function.prototype.apply.length, JSON.parse.length, 'a'.split.length, [][Symbol.iterator].length, Array.from.length]", "[1,1,2,2,2,0,1]"),
    ("[].indexOf.name + ('prototype' in [].indexOf)", "\"indexOffalse\""),
    ("Array.from(new Int8Array(Buffer.from('c8ff7f', 'hex')))", "[-56,-1,127]"),
    ("Array.from(new Uint8Array(new Int8Array([-1])))", "[255]"),
    ("Array.from(new Int16Array(new Float64Array([70000.7, -1.5, NaN])))", "[4464,-1,0]"),
    ("Array.from(new Uint32Array(new Float32Array([-1])))", "[4294967295]"),
    ("(1/3*1e-17).toFixed(12)", "\"0.000000000000\""),
    ("(3.033056557178497e-18).toFixed(11)", "\"0.00000000000\""),
    ("(-1.5).toFixed(0)", "\"-2\""),
    ("(123.456).toFixed(10)", "\"123.4560000000\""),
    ("(0.000001).toFixed(7)", "\"0.0000010\""),
    ("(1e20).toFixed(2)", "\"100000000000000000000.00\""),
    ("(5e-324).toFixed(2)", "\"0.00\""),
    ("new Date(0).toISOString()", "\"1970-01-01T00:00:00.000Z\""),
    ("new Date(Date.UTC(2024, 0, 15, 10, 30)).getHours()", "10"),
    ("/(\\d+)-(\\d+)/.test('12-34') && RegExp.$1 + ',' + RegExp.$2", "\"12,34\""),
    ("parseInt('0x1f') + parseFloat('3.5e2')", "381"),
    ("[3, 1, 2].sort().join()", "\"1,2,3\""),
    ("JSON.stringify({a: undefined, b: [undefined]})", "\"{\\\"b\\\":[null]}\""),
    ("Object.keys({b: 1, a: 2, 1: 3}).join()", "\"1,b,a\""),
    ("'abc'.padStart(5, '-')", "\"--abc\""),
    ("Array.from('héllo').length", "5"),
    ("typeof globalThis.console + typeof console.log", "\"objectfunction\""),
];

fn eval(expr: &str) -> Result<Value, ScriptError> {
    let source = format!("function decodeUplink(input) {{ return {{data: {{v: ({expr})}}}}; }}");
    let mut codec = Codec::compile(&source, CodecOptions::default()).expect("compiles");
    codec.decode(&[], &DecodeInput::default()).map(|data| data["v"].clone())
}

#[test]
fn built_ins_give_what_node_gives() {
    let mut wrong = Vec::new();
    for (expr, node) in NODE {
        let expected: Value = serde_json::from_str(node).expect("JSON");
        match eval(expr) {
            Ok(v) if v == expected => {}
            other => wrong.push(format!("{expr}: Node {expected}, thingkit {other:?}")),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Node's message for calling what is not a function, and the line and column its stack trace
/// gives (the called member's name, or the callee).
#[test]
fn calling_a_non_function_names_it() {
    for (body, message, position) in [
        ("var hex = 5;\n  hex.substr(0, 2);", "TypeError: hex.substr is not a function", (3, 7)),
        ("var o = {a: {}};\n  o.a.b();", "TypeError: o.a.b is not a function", (3, 7)),
        ("var f = 1;\n  f();", "TypeError: f is not a function", (3, 3)),
        ("var o = {g: function () { return {}; }};\n  o.g().h();", "TypeError: o.g(...).h is not a function", (3, 9)),
        ("\n  undefinedFn();", "ReferenceError: undefinedFn is not defined", (3, 3)),
    ] {
        let source = format!("function decodeUplink(input) {{\n  {body}\n}}");
        let mut codec = Codec::compile(&source, CodecOptions::default()).expect("compiles");
        match codec.decode(&[], &DecodeInput::default()) {
            Err(ScriptError::Threw { message: m, position: p }) => {
                assert_eq!(m, message, "{body}");
                assert_eq!(p, Some(position), "{body}");
            }
            other => panic!("{body}: {other:?}"),
        }
    }
    // On the first line, columns count from the script's own first character.
    let mut codec = Codec::compile("function decodeUplink(i) { null.x; }", CodecOptions::default()).expect("compiles");
    let e = codec.decode(&[], &DecodeInput::default()).expect_err("throws");
    assert_eq!(e.location().map(|(l, _)| l), Some(1), "{e:?}");
}
