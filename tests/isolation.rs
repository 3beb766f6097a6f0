//! The leak suite: each script in `fixtures/isolation/` tries one route to carry a value from one
//! message to the next and reports, as `data.seen`, what it found planted (0: nothing). Every
//! message must see what the first saw. The host's tests run the same scripts in the wasmtime
//! plugin and through `thingkit serve`, and the npm package's through its `Codec`.

mod common;

use serde_json::json;
use thingkit::script::{Codec, CodecOptions, DecodeInput};

#[test]
fn no_route_carries_a_value_into_the_next_message() {
    let dir = common::root().join("tests/fixtures/isolation");
    let mut scripts: Vec<_> = std::fs::read_dir(&dir).expect("fixtures").map(|e| e.expect("entry").path()).collect();
    scripts.sort();
    assert!(scripts.len() >= 15, "{scripts:?}");
    for path in scripts {
        let source = std::fs::read_to_string(&path).expect("script");
        let mut codec = Codec::compile(&source, CodecOptions::default()).expect("compiles");
        for message in 1..=4 {
            let out = codec.decode(&[message], &DecodeInput::default()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(out, json!({"seen": 0}), "{} message {message}", path.display());
        }
    }
}

#[test]
fn deterministic_time_has_no_other_route_to_the_clock() {
    let source = "function decodeUplink(input) { return {data: {a: new Date().constructor.now(), b: Date.now(), c: new Date().getTime(),
        d: Object.getPrototypeOf(new Date()).constructor.now(), r: [Math.random(), Math.random()]}}; }";
    let options = CodecOptions::default().deterministic(1_700_000_000_000, 7);
    let mut codec = Codec::compile(source, options).expect("compiles");
    let first = codec.decode(&[], &DecodeInput::default()).expect("runs");
    for key in ["a", "b", "c", "d"] {
        assert_eq!(first[key], 1_700_000_000_000i64, "{key}");
    }
    assert_eq!(first, codec.decode(&[], &DecodeInput::default()).expect("runs"), "the random sequence restarts every call");
}
