//! Huawei product model packages from arbitrary bytes: read as a zip archive, and split at NUL
//! bytes into `devicetype-capability.json` and `servicetype-capability.json` files. No panic; a
//! package that validates converts to every format (or is refused with an error), and written
//! again in either key style it still validates.
//!
//! ```sh
//! cargo +nightly fuzz run package corpus/packages -- -max_total_time=600    # from core/
//! ```
#![no_main]

use libfuzzer_sys::fuzz_target;
use thingkit::huawei_package::{self, KeyStyle, Package, PackageFile};
use thingkit::{ConvertError, Format};

fuzz_target!(|data: &[u8]| {
    if let Ok(package) = Package::from_zip(data) {
        check(&package);
    }
    let Ok(text) = std::str::from_utf8(data) else { return };
    let files = text
        .split('\0')
        .enumerate()
        .map(|(i, text)| PackageFile {
            path: if i == 0 { "profile/devicetype-capability.json".into() } else { format!("service/S{i}/profile/servicetype-capability.json") },
            text: text.into(),
        })
        .collect();
    check(&Package { files });
});

fn check(package: &Package) {
    let report = huawei_package::validate(package);
    assert_eq!(report.valid, !report.diagnostics.iter().any(|d| d.is_error()));
    if !report.valid {
        assert!(matches!(huawei_package::convert(package, Format::Tsl), Err(ConvertError::Invalid { .. })));
        return;
    }
    for &to in Format::ALL {
        if let Ok(conversion) = huawei_package::convert(package, to) {
            let errors: Vec<_> = thingkit::validate::validate_as(&conversion.text, Some(to)).diagnostics.into_iter().filter(|d| d.is_error()).collect();
            assert!(errors.is_empty(), "{to}: {errors:?}\n{}", conversion.text);
        }
    }
    for style in [KeyStyle::Snake, KeyStyle::Camel] {
        let written = huawei_package::rewrite(package, style).expect("a valid package is written again");
        let again = huawei_package::validate(&written.package);
        assert!(again.valid, "{style:?}: {:?}", again.diagnostics);
        assert_eq!(Package::from_zip(&written.package.to_zip().expect("zips")).expect("reads back"), written.package);
    }
}
