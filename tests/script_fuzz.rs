//! Seeded property tests of the sandbox: random regular expressions against random strings,
//! and random scripts made of the constructs hostile and careless codecs use, on random bytes.
//! Whatever they do, a call ends — with a result or an error that has a code — within its time
//! limit plus a margin, never panics, and leaves the codec answering the next message as a
//! fresh one would. (`core/fuzz` drives the same entry points with libFuzzer.)

use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use std::time::{Duration, Instant};
use thingkit::script::{Codec, CodecOptions, DecodeInput};

const LIMIT: Duration = Duration::from_millis(50);
/// Loose on purpose: debug builds on a busy machine (release builds stop within milliseconds).
const MARGIN: Duration = Duration::from_millis(400);

fn config(cases: u32, seed: u64) -> ProptestConfig {
    ProptestConfig { cases, rng_seed: RngSeed::Fixed(seed), failure_persistence: None, ..ProptestConfig::default() }
}

/// Pieces of patterns that backtrack badly when nested.
fn pattern() -> impl Strategy<Value = String> {
    let atom = prop::sample::select(vec!["a", "b", "\\w", ".", "[ab]", "(?:a|aa)", "\\s?", "x"]).prop_map(String::from);
    atom.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            (inner.clone(), prop::sample::select(vec!["+", "*", "?", "{1,3}", "+?"])).prop_map(|(p, q)| format!("({p}){q}")),
            prop::collection::vec(inner.clone(), 1..4).prop_map(|v| v.concat()),
            (inner.clone(), inner).prop_map(|(a, b)| format!("(?:{a}|{b})")),
        ]
    })
    .prop_map(|p| format!("^{p}$"))
}

/// The constructs of codecs, careless and hostile, as statements over `b` (the input bytes).
fn statement() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "var s = b.map(function (x) { return ('0' + x.toString(16)).substr(-2); }).join('');",
        "for (var i = 0; i < b.length; i++) out.push(b[i] & 0xff);",
        "while (b.length) {}",
        "out.sort(function (x, y) { return y - x; });",
        "JSON.parse(JSON.stringify({a: b, s: String(b)}));",
        "Object.prototype.polluted = b[0];",
        "Array.prototype.map = function () { return []; };",
        "delete Math.max;",
        "globalThis.leak = (globalThis.leak || 0) + 1;",
        "Promise.resolve(b[0]).then(function (v) { out.push(v); });",
        "new RegExp('(a+)+$').test('aaaaaaaaaaaaaaaaaaaaaaaaaaaa!');",
        "throw new Error('frame ' + b.length);",
        "throw b[0];",
        "out = out.concat(out, out);",
        "var str = 'x'; for (var k = 0; k < 30; k++) str += str;",
        "(function f(n) { return f(n + 1); })(0);",
        "var o = {}; Object.defineProperty(o, 'x', {get: function () { return this.x; }, enumerable: true}); JSON.stringify(o);",
        "console.log('frame', b.length, out);",
        "out.push(Date.now() > 0 ? 1 : 0, Math.random() < 2 ? 1 : 0);",
        "out.push(undefined, null, NaN);",
        "return {data: {out: out}};",
        "return {data: out, errors: b.length > 2 ? ['too long'] : []};",
        "return {};",
        "return null;",
    ])
    .prop_map(String::from)
}

fn script() -> impl Strategy<Value = String> {
    prop::collection::vec(statement(), 0..6).prop_map(|body| {
        format!(
            "var state = [];\nfunction decodeUplink(input) {{\n  var b = input.bytes, out = [];\n  {}\n  return {{data: {{n: out.length}}}};\n}}\n",
            body.join("\n  ")
        )
    })
}

proptest! {
    #![proptest_config(config(48, 0x7468_696e_676b_6974))]

    #[test]
    fn regular_expressions_stop_at_the_limit(pattern in pattern(), text in "[ab!x ]{0,40}") {
        let source = format!(
            "function decodeUplink(input) {{ return {{data: {{m: new RegExp({}).test({})}}}}; }}",
            serde_json::to_string(&pattern).expect("JSON"),
            serde_json::to_string(&text).expect("JSON"),
        );
        let mut codec = Codec::compile(&source, CodecOptions::default().time_limit(LIMIT)).expect("compiles");
        let start = Instant::now();
        let outcome = codec.decode(&[], &DecodeInput::default());
        let elapsed = start.elapsed();
        prop_assert!(elapsed < LIMIT + MARGIN, "{pattern} on {text:?}: {elapsed:?}");
        if let Err(e) = outcome {
            prop_assert!(matches!(e.code().as_str(), "TK5005" | "TK5006"), "{pattern}: {e:?}");
        }
    }

    #[test]
    fn random_scripts_end_with_a_result_or_a_coded_error(source in script(), bytes in prop::collection::vec(any::<u8>(), 0..8)) {
        let options = CodecOptions::default().time_limit(LIMIT).deterministic(0, 1);
        let Ok(mut codec) = Codec::compile(&source, options.clone()) else { return Ok(()) };
        let mut fresh = Codec::compile(&source, options).expect("compiles twice");
        let start = Instant::now();
        let first = codec.decode(&bytes, &DecodeInput::default());
        prop_assert!(start.elapsed() < LIMIT + MARGIN, "{source}: {:?}", start.elapsed());
        if let Err(e) = &first {
            prop_assert!(e.code().as_str().starts_with("TK5"), "{e:?}");
        }
        // Whatever the first message did, the second answers as a fresh codec's first.
        let second = codec.decode(&bytes, &DecodeInput::default()).map_err(|e| e.code());
        let expected = fresh.decode(&bytes, &DecodeInput::default()).map_err(|e| e.code());
        prop_assert_eq!(second, expected, "{}", source);
    }
}
