//! `convert` on arbitrary bytes, from whatever the content tells to every format: no panic; a
//! conversion either fails with the input's errors (the first error's code, never a warning's)
//! or writes a document that validates as its target with no errors.
//!
//! ```sh
//! cargo +nightly fuzz run convert corpus/models -- -max_total_time=600    # from core/
//! ```
#![no_main]

use libfuzzer_sys::fuzz_target;
use thingkit::{ConvertError, Format, convert, validate};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for &to in Format::ALL {
        match convert(text, to) {
            Ok(conversion) => {
                let report = validate::validate_as(&conversion.text, Some(to));
                let errors: Vec<_> = report.errors().collect();
                assert!(errors.is_empty(), "{to}: the converted document has errors: {errors:?}\n{}", conversion.text);
            }
            Err(ConvertError::Invalid { errors }) => {
                assert!(errors.iter().any(|d| d.is_error()), "{to}: refused without an error");
                let json = thingkit::json::ErrorFields::from(&ConvertError::Invalid { errors: errors.clone() });
                assert!(json.code.severity() == thingkit::Severity::Error);
            }
            Err(_) => {}
        }
    }
    let _ = validate(text);
});
