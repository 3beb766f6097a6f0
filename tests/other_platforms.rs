//! Other platforms' thing models, round 2 (issue 17): what Tencent's console and SDK assets and
//! Huawei's product models write besides the documented form — placeholder numbers, an `int`'s
//! value labels, `unitDesc`, numeric and unset steps, `E` methods, `null` lists, the product's
//! own fields — is read, warned about where it is read as absent, and carried or reported, never
//! silently dropped; every conversion still writes a valid document.

mod common;

use serde_json::{Value, json};
use thingkit::interop::{FidelityEntry, Outcome};
use thingkit::{Code, Format, convert, validate};

const TARGETS: [Format; 5] = [Format::Tsl, Format::ThingModelJson, Format::Tencent, Format::Huawei, Format::Wot];

const FIXTURES: [&str; 7] = [
    "valid/tencent-console-2020-placeholder-numbers.data-template.json",
    "valid/tencent-int-value-labels.data-template.json",
    "valid/tencent-console-unit-desc.data-template.json",
    "valid/huawei-numeric-steps.product-model.json",
    "valid/huawei-event-methods.product-model.json",
    "valid/huawei-null-lists.product-model.json",
    "valid/huawei-create-product-fields.product-model.json",
];

fn document(target: Format, text: &str) -> (Value, Vec<FidelityEntry>) {
    let c = convert(text, target).unwrap_or_else(|e| panic!("converts to {}: {e:?}", target.as_str()));
    (c.document(), c.fidelity)
}

fn pointers(text: &str, code: Code) -> Vec<String> {
    validate(text).diagnostics.into_iter().filter(|d| d.code == code).map(|d| d.pointer).collect()
}

/// The report's entry at `pointer` that is not exact, if any.
fn remark<'a>(fidelity: &'a [FidelityEntry], pointer: &str) -> Option<&'a FidelityEntry> {
    fidelity.iter().find(|e| e.pointer == pointer && e.outcome != Outcome::Exact)
}

fn not_exact(fidelity: &[FidelityEntry]) -> Vec<(&str, Outcome)> {
    fidelity.iter().filter(|e| e.outcome != Outcome::Exact).map(|e| (e.pointer.as_str(), e.outcome)).collect()
}

/// Each fixture validates as its kind, and converts to every format, and on to every format
/// again, each time into a document valid as its target.
#[test]
fn every_fixture_converts_to_valid_documents_in_every_format() {
    for name in FIXTURES {
        let text = common::fixture(name);
        let report = validate(&text);
        assert!(report.valid, "{name}: {}", common::render(&report.diagnostics));
        assert!(!report.diagnostics.iter().any(|d| d.code == Code::UnknownField), "{name}: {}", common::render(&report.diagnostics));
        for first in TARGETS {
            let written = convert(&text, first).unwrap_or_else(|e| panic!("{name} to {first}: {e:?}")).text;
            let again = validate(&written);
            assert!(
                again.valid && again.kind == Some(first.read_as()),
                "{name} to {first}: {}\n{written}",
                common::render(&again.diagnostics)
            );
            for second in TARGETS {
                let twice = convert(&written, second).unwrap_or_else(|e| panic!("{name} to {first} to {second}: {e:?}")).text;
                let report = validate(&twice);
                assert!(report.valid, "{name} to {first} to {second}: {}\n{twice}", common::render(&report.diagnostics));
            }
        }
    }
}

// 1. Tencent: `""` and `"undefined"` numbers.

#[test]
fn placeholder_numbers_are_warnings_read_as_absent() {
    let text = common::fixture("valid/tencent-console-2020-placeholder-numbers.data-template.json");
    let report = validate(&text);
    assert!(report.valid, "{}", common::render(&report.diagnostics));
    assert_eq!(
        pointers(&text, Code::PlaceholderNumber),
        [
            "/properties/1/define/step",
            "/properties/2/define/start",
            "/properties/2/define/step",
            "/properties/3/define/min",
            "/properties/3/define/max",
            "/properties/3/define/start",
            "/properties/3/define/step",
            "/events/0/params/0/define/step",
            "/actions/0/input/0/define/start",
        ]
    );
    let d = report.diagnostics.iter().find(|d| d.code == Code::PlaceholderNumber).expect("a warning");
    assert_eq!(d.severity, thingkit::Severity::Warning);
    assert_eq!(d.message, "`step` is `\"undefined\"`, which older console exports write for no value; read as absent");
    assert!(!report.diagnostics.iter().any(|d| d.code == Code::NotANumber || d.code == Code::InvalidStep));

    // Tencent → Tencent is the document itself: the placeholders stay as the console wrote them.
    let (back, fidelity) = document(Format::Tencent, &text);
    assert_eq!(back, serde_json::from_str::<Value>(&text).expect("JSON"));
    assert!(not_exact(&fidelity).is_empty(), "{fidelity:?}");
    // Read as absent: WoT, which can leave them out, has none of them, the rest as it was.
    let (wot, _) = document(Format::Wot, &text);
    let pm = &wot["properties"]["pm25_value"];
    assert_eq!((&pm["minimum"], &pm["maximum"], pm.get("multipleOf")), (&json!(0), &json!(500), None), "{wot:#}");
    // A TSL, which needs them, gets the type's own limits and a unit step, and says so.
    let (tsl, fidelity) = document(Format::Tsl, &text);
    assert_eq!(tsl["properties"][1]["dataType"]["specs"]["step"], json!("1"));
    assert!(remark(&fidelity, "/properties/1").is_some(), "{fidelity:?}");
}

#[test]
fn an_empty_or_undefined_step_alone_is_a_warning_not_an_error() {
    for placeholder in ["", "undefined", " undefined "] {
        let text = json!({"version": "1.0", "profile": {"ProductId": "P1"}, "properties": [
            {"id": "level", "name": "档位", "mode": "rw", "define": {"type": "int", "min": "0", "max": "3", "step": placeholder}}]})
        .to_string();
        let report = validate(&text);
        assert!(report.valid, "{placeholder:?}: {}", common::render(&report.diagnostics));
        assert_eq!(pointers(&text, Code::PlaceholderNumber), ["/properties/0/define/step"]);
    }
    // Other text is still not a number.
    let text = r#"{"version": "1.0", "profile": {"ProductId": "P1"}, "properties": [
        {"id": "level", "name": "档位", "define": {"type": "int", "min": "0", "max": "3", "step": "null"}}]}"#;
    assert_eq!(pointers(text, Code::NotANumber).len(), 1);
}

// 2. Tencent: an `int` with value labels.

#[test]
fn int_value_labels_are_carried_to_a_data_template_and_reported_lost_elsewhere() {
    let text = common::fixture("valid/tencent-int-value-labels.data-template.json");
    assert!(validate(&text).valid);
    let labelled = ["/properties/1/define/mapping", "/properties/2/define/specs/0/dataType/mapping", "/events/0/params/0/define/mapping"];

    // Tencent → Tencent: exact, labels and all.
    let (back, fidelity) = document(Format::Tencent, &text);
    assert!(not_exact(&fidelity).is_empty(), "{fidelity:?}");
    let original: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(back, original);

    // Every other format reports each label set lost, at its pointer: never silently.
    for target in [Format::Tsl, Format::ThingModelJson, Format::Huawei, Format::Wot] {
        let (_, fidelity) = document(target, &text);
        for pointer in labelled {
            let entry = remark(&fidelity, pointer).unwrap_or_else(|| panic!("{target}: nothing said of {pointer}: {fidelity:?}"));
            assert_eq!(entry.outcome, Outcome::Lost, "{target}: {entry:?}");
        }
    }
    let (_, fidelity) = document(Format::Tsl, &text);
    assert_eq!(
        remark(&fidelity, labelled[0]).map(|e| e.message.as_str()),
        Some("the value labels of an `int` (0 `关闭`, 1 `低速`, 2 `中速`, 3 `高速`): a TSL has no labels on an integer")
    );
    // The integer itself, range and all, is carried.
    let (tsl, _) = document(Format::Tsl, &text);
    assert_eq!(tsl["properties"][1]["dataType"], json!({"type": "int", "specs": {"min": "0", "max": "3", "step": "1", "unit": ""}}));
}

// 3. Tencent: `unitDesc`.

#[test]
fn unit_desc_is_known_and_carried_as_a_tsl_unit_name() {
    let text = common::fixture("valid/tencent-console-unit-desc.data-template.json");
    let report = validate(&text);
    assert!(report.valid && report.diagnostics.is_empty(), "{}", common::render(&report.diagnostics));

    let (tsl, fidelity) = document(Format::Tsl, &text);
    assert_eq!(tsl["properties"][0]["dataType"]["specs"]["unitName"], json!("摄氏度"));
    assert_eq!(tsl["properties"][2]["dataType"]["specs"]["unitName"], json!("千瓦时"));
    assert!(!fidelity.iter().any(|e| e.message.contains("unit's name")), "{fidelity:?}");

    // TSL → Tencent brings it back as `unitDesc`.
    let (back, _) = document(Format::Tencent, &tsl.to_string());
    assert_eq!(back["properties"][0]["define"]["unitDesc"], json!("摄氏度"));
    let (same, fidelity) = document(Format::Tencent, &text);
    assert_eq!(same["properties"][1]["define"]["unitDesc"], json!("摄氏度"));
    assert!(not_exact(&fidelity).is_empty(), "{fidelity:?}");

    // Formats with only a unit report the name lost, at the property.
    for target in [Format::Huawei, Format::Wot] {
        let (_, fidelity) = document(target, &text);
        for i in 0..3 {
            let pointer = format!("/properties/{i}");
            let entry = fidelity.iter().find(|e| e.pointer == pointer && e.message.contains("unit's name"));
            assert_eq!(entry.map(|e| e.outcome), Some(Outcome::Lost), "{target}: {fidelity:?}");
        }
    }
}

// 4. Huawei: numeric steps, and 0 for none.

#[test]
fn huawei_steps_written_as_numbers_are_read_and_zero_is_unset() {
    let text = common::fixture("valid/huawei-numeric-steps.product-model.json");
    let report = validate(&text);
    assert!(report.valid, "{}", common::render(&report.diagnostics));
    assert!(!report.diagnostics.iter().any(|d| d.code == Code::WrongType || d.code == Code::InvalidStep));
    assert_eq!(
        pointers(&text, Code::UnsetStep),
        [
            "/service_capabilities/0/properties/2/step",
            "/service_capabilities/0/properties/3/step",
            "/service_capabilities/0/commands/0/responses/0/paras/0/step",
        ]
    );
    let (tsl, _) = document(Format::Tsl, &text);
    assert_eq!(tsl["properties"][0]["dataType"]["specs"]["step"], json!("0.01"));
    assert_eq!(tsl["properties"][1]["dataType"]["specs"]["step"], json!("1"));
    // Huawei → Huawei is the document itself; a data template, written from the model read,
    // has the steps given and none where 0 said "unset".
    let (back, _) = document(Format::Huawei, &text);
    assert_eq!(back, serde_json::from_str::<Value>(&text).expect("JSON"));
    let (template, _) = document(Format::Tencent, &text);
    let properties = &template["properties"];
    assert_eq!(properties[0]["define"]["step"], json!("0.01"));
    assert!(properties[2]["define"].get("step").is_none(), "{template:#}");

    // A step of 0 written as text is still a step of 0: an error, as in every other format.
    let zero_text = r#"{"service_capabilities": [{"service_id": "s", "properties": [
        {"property_name": "p", "data_type": "int", "min": "0", "max": "10", "step": "0", "method": "R"}]}]}"#;
    assert_eq!(pointers(zero_text, Code::InvalidStep).len(), 1);
    assert!(pointers(zero_text, Code::UnsetStep).is_empty());
    // And a negative number stays an error.
    let negative = zero_text.replace(r#""step": "0""#, r#""step": -1"#);
    assert_eq!(pointers(&negative, Code::InvalidStep).len(), 1);
}

// 5. Huawei: `RE`, `WE`, `RWE`.

#[test]
fn event_methods_map_to_access_and_their_e_is_kept_or_reported() {
    let text = common::fixture("valid/huawei-event-methods.product-model.json");
    let report = validate(&text);
    assert!(report.valid && report.diagnostics.is_empty(), "{}", common::render(&report.diagnostics));
    let methods = |doc: &Value| -> Vec<Value> {
        doc["service_capabilities"][0]["properties"].as_array().expect("properties").iter().map(|p| p["method"].clone()).collect()
    };

    // Huawei → Huawei says them again, exactly.
    let (back, fidelity) = document(Format::Huawei, &text);
    assert_eq!(methods(&back), [json!("RE"), json!("RWE"), json!("WE"), json!("R")]);
    assert!(not_exact(&fidelity).is_empty(), "{fidelity:?}");

    // Elsewhere: R, RW, W, and the `E` reported lost at each method.
    let (tsl, fidelity) = document(Format::Tsl, &text);
    let access: Vec<&Value> = (0..4).map(|i| &tsl["properties"][i]["accessMode"]).collect();
    assert_eq!(access, [&json!("r"), &json!("rw"), &json!("rw"), &json!("r")]);
    assert!(remark(&fidelity, "/service_capabilities/0/properties/2").is_some(), "write-only became rw: {fidelity:?}");
    let (wot, _) = document(Format::Wot, &text);
    assert_eq!(wot["properties"]["lockState"]["readOnly"], json!(true));
    assert_eq!(wot["properties"]["tempPassword"]["writeOnly"], json!(true));
    for target in [Format::Tsl, Format::Tencent, Format::Wot] {
        let (_, fidelity) = document(target, &text);
        for i in 0..3 {
            let entry = remark(&fidelity, &format!("/service_capabilities/0/properties/{i}/method"));
            assert_eq!(entry.map(|e| e.outcome), Some(Outcome::Lost), "{target}: {fidelity:?}");
        }
        assert!(remark(&fidelity, "/service_capabilities/0/properties/3/method").is_none());
    }
    let (_, fidelity) = document(Format::Tencent, &text);
    assert_eq!(
        remark(&fidelity, "/service_capabilities/0/properties/1/method").map(|e| e.message.as_str()),
        Some("the `E` of method `RWE` (the property is reported in events too): a data template cannot say it")
    );
}

// 6. Huawei: lists written `null`.

#[test]
fn null_lists_are_read_as_empty() {
    let text = common::fixture("valid/huawei-null-lists.product-model.json");
    let report = validate(&text);
    assert!(report.valid && report.diagnostics.is_empty(), "{}", common::render(&report.diagnostics));
    let (tsl, _) = document(Format::Tsl, &text);
    let services: Vec<&str> = tsl["services"].as_array().expect("services").iter().filter_map(|s| s["identifier"].as_str()).collect();
    assert!(services.contains(&"TOGGLE") && services.contains(&"SET_STATE"), "{services:?}");
    let toggle = tsl["services"].as_array().expect("services").iter().find(|s| s["identifier"] == "TOGGLE").expect("TOGGLE");
    assert_eq!((&toggle["inputData"], &toggle["outputData"]), (&json!([]), &json!([])));
    // `enum_list: null` is no enum: a plain string.
    assert_eq!(tsl["properties"][1]["dataType"], json!({"type": "text", "specs": {"length": "32"}}));
    // Huawei → Huawei is the document itself, `null` and all.
    let (back, _) = document(Format::Huawei, &text);
    assert_eq!(back, serde_json::from_str::<Value>(&text).expect("JSON"));
}

// 7. Huawei: CreateProduct's fields.

#[test]
fn create_product_fields_are_known_carried_by_a_product_model_and_reported_lost_elsewhere() {
    let text = common::fixture("valid/huawei-create-product-fields.product-model.json");
    let report = validate(&text);
    assert!(report.valid && report.diagnostics.is_empty(), "{}", common::render(&report.diagnostics));
    let own = ["app_id", "protocol_type", "data_format", "manufacturer_name", "manufacturer_id", "industry"];

    let (back, fidelity) = document(Format::Huawei, &text);
    let original: Value = serde_json::from_str(&text).expect("JSON");
    for key in own.iter().chain(&["product_id", "name", "device_type", "description"]) {
        assert_eq!(back[key], original[key], "{key}");
        assert!(remark(&fidelity, &format!("/{key}")).is_none(), "{key}: {fidelity:?}");
    }
    // Huawei → Huawei is the document itself: nothing changes.
    assert_eq!(back, original);
    assert!(not_exact(&fidelity).is_empty(), "{fidelity:?}");

    // WoT holds the name and the description; each of the product's own fields is lost.
    let (wot, fidelity) = document(Format::Wot, &text);
    assert_eq!((&wot["title"], &wot["description"]), (&json!("Thermometer"), &json!("this is a thermometer produced by ABC")));
    for target in [Format::Tsl, Format::Tencent, Format::Wot] {
        let (_, fidelity) = document(target, &text);
        for key in own {
            let entry = remark(&fidelity, &format!("/{key}"));
            assert_eq!(entry.map(|e| e.outcome), Some(Outcome::Lost), "{target} {key}: {fidelity:?}");
        }
    }
    assert_eq!(
        remark(&fidelity, "/manufacturer_name").map(|e| e.message.as_str()),
        Some("the product's `manufacturer_name` `ABC`: a Thing Model has no place for it")
    );
}

/// Odd values where the new readers look never panic: each is an error or a warning.
#[test]
fn odd_values_are_diagnosed_not_panicked_on() {
    let documents = [
        r#"{"service_capabilities": [{"service_id": "s", "properties": [{"property_name": "p", "data_type": "int", "step": true, "method": "RWE"}]}]}"#,
        r#"{"service_capabilities": [{"service_id": "s", "properties": [{"property_name": "p", "data_type": "int", "step": [0], "method": "EW"}]}]}"#,
        r#"{"manufacturer_id": 7, "industry": null, "service_capabilities": null}"#,
        r#"{"service_capabilities": [{"service_id": "s", "commands": [{"command_name": "c", "responses": [{"response_name": "r", "paras": {}}]}]}]}"#,
        r#"{"service_capabilities": [{"service_id": "s", "properties": [{"property_name": "p", "data_type": "decimal", "step": -0.0, "method": "RE"}]}]}"#,
        r#"{"version": "1.0", "profile": {"ProductId": "P"}, "properties": [{"id": "p", "define": {"type": "int", "mapping": {"x": "y"}, "unitDesc": 3}}]}"#,
        r#"{"version": "1.0", "profile": {"ProductId": "P"}, "properties": [{"id": "p", "define": {"type": "array", "arrayInfo": {"type": "int", "step": "undefined", "mapping": {"1": "a"}}}}]}"#,
        r#"{"version": "1.0", "profile": {"ProductId": "P"}, "properties": [{"id": "p", "define": {"type": "int", "min": {}, "step": "undefined"}}]}"#,
        r#"{"version": "1.0", "profile": {"ProductId": "P"}, "events": [{"id": "e", "params": "undefined"}], "actions": [{"id": "a", "input": [{"id": "i"}]}]}"#,
    ];
    for text in documents {
        let report = validate(text);
        assert!(report.diagnostics.iter().all(|d| d.line >= 1), "{text}");
        for target in TARGETS {
            if let Ok(c) = convert(text, target) {
                assert!(report.valid, "{text} converted while invalid");
                assert!(validate(&c.text).valid, "{text} to {target}: {}", c.text);
            }
        }
    }
    // An array of labelled ints keeps its labels through a data template.
    let (back, fidelity) = document(Format::Tencent, documents[6]);
    assert_eq!(back["properties"][0]["define"]["arrayInfo"]["mapping"], json!({"1": "a"}));
    assert!(not_exact(&fidelity).is_empty(), "{fidelity:?}");
}
