//! The numeric rules give the same numbers the same verdict in every format: one number type's
//! `min`, `max` and `step`, written as a TSL, a ThingModelJson, a Tencent data template, a Huawei
//! product model and a WoT Thing Model, get the same error codes (where the format can write
//! the type at all: Huawei has no single-precision float, WoT no 32-bit integer bound text).

use proptest::prelude::*;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use thingkit::{Code, Format, validate};

/// The codes of the numeric rules.
const NUMERIC: [Code; 6] =
    [Code::MinGreaterThanMax, Code::InvalidStep, Code::IntOutOfRange, Code::NotANumber, Code::FloatOutOfRange, Code::DefaultOutOfRange];

fn numeric_errors(text: &str, format: Format) -> BTreeSet<Code> {
    let report = validate(text);
    assert_eq!(report.kind, Some(format), "{text}");
    report.diagnostics.iter().filter(|d| d.is_error() && NUMERIC.contains(&d.code)).map(|d| d.code).collect()
}

/// The bounds as the formats that keep numbers as text write them.
#[derive(Debug, Clone)]
struct Bounds {
    min: String,
    max: String,
    step: String,
}

fn tsl(ty: &str, b: &Bounds) -> String {
    json!({"schema": "https://iotx-tsl.oss-ap-southeast-1.aliyuncs.com/schema.json", "profile": {"productKey": "a1"},
        "properties": [{"identifier": "p", "name": "p", "accessMode": "r", "required": false,
            "dataType": {"type": ty, "specs": {"min": b.min, "max": b.max, "step": b.step}}}]})
    .to_string()
}

fn thing_model_json(ty: &str, b: &Bounds) -> String {
    let ty = ty.to_uppercase();
    json!({"productKey": "a1", "properties": [{"identifier": "p", "name": "p", "rwFlag": "READ_ONLY", "required": false, "custom": true,
        "dataType": ty, "dataSpecs": {"dataType": ty, "min": b.min, "max": b.max, "step": b.step, "custom": true}}],
        "events": [], "services": []})
    .to_string()
}

fn tencent(ty: &str, b: &Bounds) -> String {
    json!({"version": "1.0", "profile": {"ProductId": "P1"},
        "properties": [{"id": "p", "name": "p", "mode": "r", "define": {"type": ty, "min": b.min, "max": b.max, "step": b.step}}],
        "events": [], "actions": []})
    .to_string()
}

fn huawei(ty: &str, b: &Bounds) -> String {
    json!({"product_id": "P1", "service_capabilities": [{"service_id": "s", "service_type": "s", "commands": [], "events": [],
        "properties": [{"property_name": "p", "data_type": ty, "required": true, "method": "R", "min": b.min, "max": b.max, "step": b.step}]}]})
    .to_string()
}

fn wot(b: &Bounds) -> String {
    let number = |t: &str| serde_json::from_str::<Value>(t).expect("a JSON number");
    json!({"@context": "https://www.w3.org/2022/wot/td/v1.1", "@type": "tm:ThingModel", "title": "T",
        "properties": {"p": {"type": "number", "readOnly": true, "minimum": number(&b.min), "maximum": number(&b.max), "multipleOf": number(&b.step)}}})
    .to_string()
}

/// Decimal text, with the edges the rules care about.
fn number_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (-50i32..50).prop_map(|n| n.to_string()),
        3 => (-50i32..50, 1u32..4).prop_map(|(n, d)| format!("{}.{}", n, "5".repeat(d as usize))),
        1 => prop_oneof![
            Just("0".to_string()), Just("0.1".to_string()), Just("0.2".to_string()), Just("0.3".to_string()),
            Just("2147483647".to_string()), Just("2147483648".to_string()), Just("-2147483649".to_string()),
            Just("3.4028235E38".to_string()), Just("-3.4028235E38".to_string()), Just("3.5E38".to_string()),
        ],
    ]
}

fn bounds() -> impl Strategy<Value = Bounds> {
    (number_text(), number_text(), prop_oneof![number_text(), Just("0".to_string()), Just("-1".to_string())])
        .prop_map(|(min, max, step)| Bounds { min, max, step })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn int_bounds_get_one_verdict(b in bounds()) {
        let expected = numeric_errors(&tsl("int", &b), Format::Tsl);
        prop_assert_eq!(&numeric_errors(&thing_model_json("int", &b), Format::ThingModelJson), &expected, "ThingModelJson {:?}", b);
        prop_assert_eq!(&numeric_errors(&tencent("int", &b), Format::Tencent), &expected, "Tencent {:?}", b);
        prop_assert_eq!(&numeric_errors(&huawei("int", &b), Format::Huawei), &expected, "Huawei {:?}", b);
    }

    #[test]
    fn float_bounds_get_one_verdict(b in bounds()) {
        let expected = numeric_errors(&tsl("float", &b), Format::Tsl);
        prop_assert_eq!(&numeric_errors(&thing_model_json("float", &b), Format::ThingModelJson), &expected, "ThingModelJson {:?}", b);
        prop_assert_eq!(&numeric_errors(&tencent("float", &b), Format::Tencent), &expected, "Tencent {:?}", b);
    }

    #[test]
    fn double_bounds_get_one_verdict(b in bounds()) {
        let expected = numeric_errors(&tsl("double", &b), Format::Tsl);
        prop_assert_eq!(&numeric_errors(&thing_model_json("double", &b), Format::ThingModelJson), &expected, "ThingModelJson {:?}", b);
        prop_assert_eq!(&numeric_errors(&huawei("decimal", &b), Format::Huawei), &expected, "Huawei {:?}", b);
        prop_assert_eq!(&numeric_errors(&wot(&b), Format::Wot), &expected, "WoT {:?}", b);
    }
}

/// The case that once split the verdicts: min 0.1, max 0.3, step 0.2 (0.3 − 0.1 is a hair under
/// 0.2 in binary) is valid in every format.
#[test]
fn a_step_equal_to_the_decimal_span_is_valid_everywhere() {
    let b = Bounds { min: "0.1".into(), max: "0.3".into(), step: "0.2".into() };
    for (text, format) in [
        (tsl("float", &b), Format::Tsl),
        (thing_model_json("float", &b), Format::ThingModelJson),
        (tencent("float", &b), Format::Tencent),
        (huawei("decimal", &b), Format::Huawei),
        (wot(&b), Format::Wot),
    ] {
        assert!(numeric_errors(&text, format).is_empty(), "{format}: {text}");
    }
    let wide = Bounds { step: "0.3".into(), ..b };
    for (text, format) in [(tsl("float", &wide), Format::Tsl), (tencent("float", &wide), Format::Tencent), (wot(&wide), Format::Wot)] {
        assert_eq!(numeric_errors(&text, format), BTreeSet::from([Code::InvalidStep]), "{format}");
    }
}

/// The property tests are not vacuous: each rule fires in every format that can write the case.
#[test]
fn each_rule_fires_in_every_format() {
    let b = |min: &str, max: &str, step: &str| Bounds { min: min.into(), max: max.into(), step: step.into() };
    let int_cases = [
        (b("10", "1", "1"), Code::MinGreaterThanMax),
        (b("0", "10", "0"), Code::InvalidStep),
        (b("0", "2147483648", "1"), Code::IntOutOfRange),
        (b("0.5", "10", "1"), Code::IntOutOfRange),
    ];
    for (bounds, code) in int_cases {
        for (text, format) in [
            (tsl("int", &bounds), Format::Tsl),
            (thing_model_json("int", &bounds), Format::ThingModelJson),
            (tencent("int", &bounds), Format::Tencent),
            (huawei("int", &bounds), Format::Huawei),
        ] {
            assert_eq!(numeric_errors(&text, format), BTreeSet::from([code]), "{format}: {bounds:?}");
        }
    }
    let float = b("0", "3.5E38", "1");
    for (text, format) in [(tsl("float", &float), Format::Tsl), (tencent("float", &float), Format::Tencent)] {
        assert_eq!(numeric_errors(&text, format), BTreeSet::from([Code::FloatOutOfRange]), "{format}");
    }
}

/// Found by the `convert` fuzz target: a ThingModelJson `dataSpecs` without `min` was valid and
/// converted to a TSL without it, which is not. Both Alibaba formats now require the bounds.
#[test]
fn both_alibaba_formats_require_a_numbers_bounds() {
    let tmj = r#"{"productKey": "a1", "properties": [{"identifier": "p", "name": "p", "rwFlag": "READ_ONLY", "required": false,
        "custom": true, "dataType": "INT", "dataSpecs": {"dataType": "INT", "max": "1", "step": "1", "custom": true}}],
        "events": [], "services": []}"#;
    let tsl = r#"{"profile": {"productKey": "a1"}, "properties": [{"identifier": "p", "name": "p", "accessMode": "r", "required": false,
        "dataType": {"type": "int", "specs": {"max": "1", "step": "1"}}}]}"#;
    for (text, pointer) in [(tmj, "/properties/0/dataSpecs"), (tsl, "/properties/0/dataType/specs")] {
        let report = validate(text);
        let errors: Vec<(Code, &str, &str)> = report.errors().map(|d| (d.code, d.pointer.as_str(), d.message.as_str())).collect();
        assert_eq!(errors, [(Code::MissingField, pointer, "missing field `min`")], "{text}");
        assert!(thingkit::convert(text, Format::Tsl).is_err());
    }
}

/// Found by the `convert` fuzz target and the damaged-fixture property: a ThingModelJson text
/// without `length`, an array without `size`, a struct member without `identifier` or `name`
/// was valid and converted to an invalid TSL. Each is now the same error in both formats.
#[test]
fn thing_model_json_specs_are_as_complete_as_tsls() {
    let tmj = |data_type: &str, specs: &str| {
        format!(
            r#"{{"productKey": "a1", "events": [], "services": [], "properties": [{{"identifier": "p", "name": "p", "rwFlag": "READ_ONLY",
            "required": false, "custom": true, "dataType": "{data_type}", {specs}}}]}}"#
        )
    };
    let cases = [
        (tmj("TEXT", r#""dataSpecs": {"dataType": "TEXT", "custom": true}"#), "/properties/0/dataSpecs", "missing field `length`"),
        (
            tmj("ARRAY", r#""dataSpecs": {"dataType": "ARRAY", "childDataType": "INT", "custom": true, "dataSpecs": {"dataType": "INT", "min": "0", "max": "1", "step": "1", "custom": true}}"#),
            "/properties/0/dataSpecs",
            "missing field `size`",
        ),
        (
            tmj("STRUCT", r#""dataSpecsList": [{"dataType": "STRUCT", "name": "m", "childName": "m", "childDataType": "TEXT", "custom": true, "dataSpecs": {"dataType": "TEXT", "length": 8, "custom": true}}]"#),
            "/properties/0/dataSpecsList/0",
            "missing field `identifier`",
        ),
    ];
    for (text, pointer, message) in cases {
        let report = validate(&text);
        let errors: Vec<(Code, &str, &str)> = report.errors().map(|d| (d.code, d.pointer.as_str(), d.message.as_str())).collect();
        assert_eq!(errors, [(Code::MissingField, pointer, message)], "{text}");
    }
    let tsl = r#"{"profile": {"productKey": "a1"}, "properties": [{"identifier": "p", "name": "p", "accessMode": "r", "required": false,
        "dataType": {"type": "text", "specs": {}}}]}"#;
    let errors: Vec<(Code, String)> = validate(tsl).errors().map(|d| (d.code, d.message.clone())).collect();
    assert_eq!(errors, [(Code::MissingField, "missing field `length`".to_string())]);
}

/// Found by the `convert` fuzz target: a ThingModelJson bool or enum item without `name` (or
/// `value`) converted to a TSL label that is empty.
#[test]
fn thing_model_json_labels_need_a_name_and_a_value() {
    let text = r#"{"productKey": "a1", "events": [], "services": [], "properties": [{"identifier": "p", "name": "p", "rwFlag": "READ_ONLY",
        "required": false, "custom": true, "dataType": "ENUM", "dataSpecsList": [
            {"dataType": "ENUM", "name": "off", "value": 0, "custom": true},
            {"dataType": "ENUM", "value": 1, "custom": true},
            {"dataType": "ENUM", "name": "auto", "custom": true}]}]}"#;
    let report = validate(text);
    let errors: Vec<(Code, &str, &str)> = report.errors().map(|d| (d.code, d.pointer.as_str(), d.message.as_str())).collect();
    assert_eq!(
        errors,
        [
            (Code::MissingField, "/properties/0/dataSpecsList/1", "missing field `name`"),
            (Code::MissingField, "/properties/0/dataSpecsList/2", "missing field `value`"),
        ]
    );
}

/// A value listed twice is the same code in ThingModelJson as in WoT (`TK2065`), not "not an
/// integer".
#[test]
fn a_repeated_enum_value_is_one_code_everywhere() {
    let tmj = r#"{"productKey": "a1", "events": [], "services": [], "properties": [{"identifier": "p", "name": "p", "rwFlag": "READ_ONLY",
        "required": false, "custom": true, "dataType": "ENUM", "dataSpecsList": [
            {"dataType": "ENUM", "name": "off", "value": 0, "custom": true},
            {"dataType": "ENUM", "name": "on", "value": 0, "custom": true}]}]}"#;
    let codes: Vec<(Code, String)> = validate(tmj).errors().map(|d| (d.code, d.pointer.clone())).collect();
    assert_eq!(codes, [(Code::RepeatedEnumValue, "/properties/0/dataSpecsList/1/value".to_string())]);
}
