//! Codec test vector files from arbitrary bytes: read as JSON in every layout
//! (`vectors::read_value`), as a ChirpStack JavaScript literal (evaluated in the sandbox), and
//! run on a small codec. No panic, no hang: a file in no layout's shape is a `TK7001` (or the
//! script error of evaluating it), and every vector read gets a verdict.
//!
//! ```sh
//! cargo +nightly fuzz run vectors corpus/vectors -- -max_total_time=600    # from core/
//! ```
#![no_main]

use libfuzzer_sys::fuzz_target;
use thingkit::script::Codec;
use thingkit::codec_tests::{self as vectors, Routine};

const CODEC: &str = "function decodeUplink(i) { return {data: {b: i.bytes, p: i.fPort}}; }\n\
    function encodeDownlink(i) { return {bytes: [1, 2], fPort: 1}; }\n\
    function normalizeUplink(i) { return {data: [i.data]}; }\n\
    function decodeDownlink(i) { return {data: {}}; }\n\
    function rawDataToProtocol(b) { return {method: 'thing.event.property.post', id: '1', version: '1.0', params: {n: b.length}}; }\n\
    function protocolToRawData(m) { return [1]; }";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
        if let Ok(suites) = vectors::read_value(&value) {
            for suite in suites {
                let mut codec = Codec::compile(CODEC, vectors::codec_options(&suite)).expect("the codec compiles");
                let results = vectors::run(&mut codec, &suite, None);
                assert_eq!(results.len(), suite.vectors.len());
            }
        }
    }
    if text.len() < 4096 {
        match vectors::read_chirpstack(text, Routine::DecodeUplink, "codec.js", CODEC) {
            Ok(suite) => assert!(suite.vectors.iter().all(|v| v.input.is_object())),
            Err(d) => assert!(d.is_error()),
        }
    }
});
