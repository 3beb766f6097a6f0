//! Whatever the input, validation returns located diagnostics and never panics or hangs; a
//! document is valid exactly when it has no errors; whatever converts, converts to a document
//! that is valid as its target format (warnings allowed).

mod common;

use proptest::prelude::*;
use serde_json::Value;
use thingkit::validate::validate_as;
use thingkit::{ConvertError, Format, convert, validate};

/// The properties every input has: located diagnostics, `valid` exactly when there are no
/// errors, and every conversion either refused with an error or valid as its target.
fn holds(text: &str) -> Result<(), TestCaseError> {
    let report = validate(text);
    prop_assert!(report.diagnostics.iter().all(|d| d.line >= 1 && d.column >= 1));
    prop_assert_eq!(report.valid, !report.diagnostics.iter().any(|d| d.is_error()));
    for &to in Format::ALL {
        match convert(text, to) {
            Ok(c) => {
                prop_assert!(report.valid, "an invalid document converted to {}", to);
                let written = validate_as(&c.text, Some(to));
                let errors: Vec<String> = written.errors().map(|d| format!("{} {} {}", d.code, d.pointer, d.message)).collect();
                prop_assert!(errors.is_empty(), "{} from {}: {:?}\n{}", to, text, errors, c.text);
            }
            Err(ConvertError::Invalid { errors }) => prop_assert!(errors.iter().any(|d| d.is_error()), "refused without an error"),
            Err(_) => {}
        }
    }
    Ok(())
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        prop_oneof![Just("int".to_string()), Just("STRUCT".to_string()), Just("0x10".to_string()), "[a-z0-9_]{0,8}", "\\PC{0,6}"]
            .prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        let keys = prop_oneof![
            Just("identifier".to_string()),
            Just("name".to_string()),
            Just("dataType".to_string()),
            Just("specs".to_string()),
            Just("type".to_string()),
            Just("properties".to_string()),
            Just("dataSpecs".to_string()),
            Just("dataSpecsList".to_string()),
            Just("extendConfig".to_string()),
            Just("item".to_string()),
            Just("min".to_string()),
            Just("max".to_string()),
            "[a-zA-Z]{1,6}",
        ];
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map(keys, inner, 0..5).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_json_gets_located_diagnostics(value in json_value()) {
        let mut doc = value;
        if let Value::Object(m) = &mut doc {
            m.insert("profile".into(), serde_json::json!({}));
        }
        let text = serde_json::to_string_pretty(&doc).expect("serializes");
        holds(&text)?;
    }

    /// Every valid fixture (TSL, ThingModelJson, the exports) with one character replaced.
    #[test]
    fn damaged_fixtures_never_panic(which in any::<prop::sample::Index>(), cut in 0usize..8000, insert in "[\\[\\]{}\",:0-9a-z]{0,3}") {
        let fixtures = common::fixtures("valid");
        let text = fixtures[which.index(fixtures.len())].1.clone();
        let mut at = cut.min(text.len());
        while !text.is_char_boundary(at) { at -= 1; }
        let mut next = (at + 1).min(text.len());
        while !text.is_char_boundary(next) { next += 1; }
        let damaged = format!("{}{}{}", &text[..at], insert, &text[next..]);
        holds(&damaged)?;
    }
}

#[test]
fn large_numbers_and_odd_unicode() {
    for text in [
        r#"{"profile": {}, "properties": [{"identifier": "a", "name": "甲", "accessMode": "r", "required": false, "dataType": {"type": "int", "specs": {"min": 18446744073709551616, "max": "1", "step": "1"}}}]}"#,
        r#"{"profile": {}, "properties": [{"identifier": "\u0000", "name": "\ud83d\ude00", "accessMode": "r", "required": false, "dataType": {"type": "text", "specs": {"length": "99999999999999999999"}}}]}"#,
    ] {
        let report = validate(text);
        assert!(!report.valid);
        assert!(report.diagnostics.iter().all(|d| d.line >= 1));
    }
}
