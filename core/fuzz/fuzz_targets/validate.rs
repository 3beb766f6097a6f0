//! `validate` on arbitrary bytes, read as each format and as whatever the content tells: no
//! panic, every diagnostic coded and located inside the text, and `valid` exactly when no
//! diagnostic is an error.
//!
//! ```sh
//! cargo +nightly fuzz run validate corpus/models -- -max_total_time=600    # from core/
//! ```
#![no_main]

use libfuzzer_sys::fuzz_target;
use thingkit::Format;
use thingkit::source::text_from_bytes;
use thingkit::validate::validate_as;

fuzz_target!(|data: &[u8]| {
    let text = match text_from_bytes(data.to_vec()) {
        Ok(text) => text,
        Err(d) => {
            assert_eq!(d.code, thingkit::Code::InvalidUtf8);
            assert!(d.line >= 1 && d.column >= 1);
            return;
        }
    };
    for format in std::iter::once(None).chain(Format::ALL.iter().copied().map(Some)) {
        let report = validate_as(&text, format);
        assert_eq!(report.valid, !report.diagnostics.iter().any(|d| d.is_error()), "{format:?}");
        for d in &report.diagnostics {
            assert!(d.line >= 1 && d.column >= 1, "{format:?}: {d:?} is located");
            if let Some((start, end)) = d.span {
                assert!(start <= end && end <= text.len() && text.is_char_boundary(start), "{format:?}: {d:?} spans the text");
            }
        }
    }
});
