//! `Codec::compile` + `decode` on an arbitrary script and arbitrary bytes: no panic, no hang
//! past the limits, every failure a `ScriptError` with a code.
//!
//! ```sh
//! cargo +nightly fuzz run codec -- -max_total_time=600    # from core/
//! ```
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::time::{Duration, Instant};
use thingkit::script::{Codec, CodecOptions, DecodeInput};

fuzz_target!(|data: &[u8]| {
    // The first line is the script, the rest the device bytes.
    let split = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
    let Ok(source) = std::str::from_utf8(&data[..split]) else { return };
    let bytes = data.get(split + 1..).unwrap_or_default();
    let limit = Duration::from_millis(50);
    let options = CodecOptions::default().time_limit(limit);
    let Ok(mut codec) = Codec::compile(source, options) else { return };
    for input in [DecodeInput::default(), DecodeInput { topic: Some("/a1/dev/user/update"), f_port: Some(2), ..DecodeInput::default() }] {
        let start = Instant::now();
        if let Err(e) = codec.decode(bytes, &input) {
            assert!(e.code().as_str().starts_with("TK5"), "{e:?}");
        }
        assert!(start.elapsed() < limit + Duration::from_millis(500), "a call ran {:?}", start.elapsed());
    }
});
