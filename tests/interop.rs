//! The other platforms' formats: the seed's Tencent fire-safety model through TSL and back, each
//! format's validation, the fidelity report, and exact round trips where the formats allow them.

use proptest::prelude::*;
use serde_json::{Value, json};
use thingkit::interop::{FidelityEntry, Outcome};
use thingkit::{Code, Format, convert, validate};
use thingkit_tests::generators::{any_source, huawei_model, tencent_template};

const FIRE_SAFETY: &str = include_str!("../examples/tencent-fire-safety.json");

fn document(target: Format, text: &str) -> (Value, Vec<FidelityEntry>) {
    let c = convert(text, target).unwrap_or_else(|e| panic!("converts to {}: {e:?}", target.as_str()));
    (c.document(), c.fidelity)
}

/// The converted text itself (a JSON value would sort a WoT document's affordances by name).
fn converted(target: Format, text: &str) -> (String, Vec<FidelityEntry>) {
    let c = convert(text, target).unwrap_or_else(|e| panic!("converts to {}: {e:?}", target.as_str()));
    (c.text, c.fidelity)
}

fn not_exact(report: &[FidelityEntry]) -> Vec<(&str, Outcome)> {
    report.iter().filter(|e| e.outcome != Outcome::Exact).map(|e| (e.pointer.as_str(), e.outcome)).collect()
}

#[test]
fn the_fire_safety_data_template_converts_to_tsl_and_back() {
    let report = validate(FIRE_SAFETY);
    assert_eq!((report.kind, report.valid), (Some(Format::Tencent), true), "{:?}", report.diagnostics);

    let (tsl, fidelity) = document(Format::Tsl, FIRE_SAFETY);
    let tsl_text = tsl.to_string();
    assert!(validate(&tsl_text).valid, "{:?}", validate(&tsl_text).diagnostics);
    // The seed's values, carried exactly: voltage 0-6553.5 V step 0.1, temperature -16.0-151.0 ℃.
    let voltage = &tsl["properties"][0]["dataType"]["specs"][0];
    assert_eq!((&voltage["identifier"], &voltage["dataType"]["type"]), (&json!("voltage"), &json!("float")));
    assert_eq!(voltage["dataType"]["specs"], json!({"min": "0", "max": "6553.5", "step": "0.1", "unit": "V"}));
    let temperature = &tsl["properties"][1]["dataType"]["specs"][0]["dataType"]["specs"];
    assert_eq!(temperature, &json!({"min": "-16.0", "max": "151.0", "step": "0.1", "unit": "℃"}));
    let smoke = &tsl["properties"][5];
    assert_eq!((&smoke["identifier"], &smoke["accessMode"]), (&json!("smoke_state"), &json!("r")));
    assert_eq!(smoke["dataType"], json!({"type": "bool", "specs": {"0": "正常", "1": "检测到烟雾"}}));
    // The platform-generated `post` and `get` list the six properties; nothing is settable.
    assert_eq!(tsl["events"][0]["outputData"].as_array().map(Vec::len), Some(6));

    // What TSL cannot hold is reported, and nothing else: the category and each initial value.
    let lost = not_exact(&fidelity);
    assert!(lost.iter().all(|(_, o)| *o == Outcome::Lost), "{lost:?}");
    assert_eq!(lost.len(), 10, "{lost:?}");
    assert!(lost.contains(&("", Outcome::Lost)));
    assert!(lost.contains(&("/properties/0/define/specs/0", Outcome::Lost)));
    assert!(lost.contains(&("/properties/4", Outcome::Lost)));
    assert!(fidelity.iter().any(|e| e.pointer == "/properties/5" && e.outcome == Outcome::Exact), "{fidelity:?}");

    // Back: the same template but for what was reported lost.
    let (back, fidelity) = document(Format::Tencent, &tsl_text);
    assert!(not_exact(&fidelity).is_empty(), "{fidelity:?}");
    let mut expected: Value = serde_json::from_str(FIRE_SAFETY).expect("JSON");
    strip_starts(&mut expected);
    expected["profile"].as_object_mut().expect("profile").remove("CategoryId");
    assert_eq!(back, expected);
}

fn strip_starts(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.remove("start");
            map.values_mut().for_each(strip_starts);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_starts),
        _ => {}
    }
}

#[test]
fn every_format_of_the_fire_safety_model_validates_as_its_kind() {
    for (target, kind) in
        [(Format::Huawei, Format::Huawei), (Format::Wot, Format::Wot), (Format::ThingModelJson, Format::ThingModelJson)]
    {
        let (doc, fidelity) = document(target, FIRE_SAFETY);
        let report = validate(&serde_json::to_string_pretty(&doc).expect("text"));
        assert_eq!((report.kind, report.valid), (Some(kind), true), "{target:?}: {:?}\n{doc:#}", report.diagnostics);
        assert!(!fidelity.is_empty());
    }
    // WoT keeps the labels on `oneOf` and says the values changed; Huawei says the labels are lost.
    let (wot, fidelity) = document(Format::Wot, FIRE_SAFETY);
    assert_eq!(
        wot["properties"]["smoke_state"]["oneOf"],
        json!([{"const": false, "title": "正常"}, {"const": true, "title": "检测到烟雾"}])
    );
    assert!(
        fidelity
            .iter()
            .any(|e| e.pointer == "/properties/5" && e.outcome == Outcome::Approximated && e.message.contains("`false` and `true`"))
    );
    let (_, fidelity) = document(Format::Huawei, FIRE_SAFETY);
    assert!(
        fidelity
            .iter()
            .any(|e| e.pointer == "/properties/5" && e.outcome == Outcome::Approximated && e.message.contains("labels are lost"))
    );
}

fn codes(text: &str) -> Vec<(Code, String, usize)> {
    validate(text).diagnostics.into_iter().map(|d| (d.code, d.pointer, d.line)).collect()
}

#[test]
fn each_format_is_validated_with_located_diagnostics() {
    let tencent = r#"{"version": "1.0", "profile": {"ProductId": "P1"},
 "properties": [{"id": "t", "name": "T", "mode": "r", "define": {"type": "int", "min": "10", "max": "1"}},
                {"id": "t", "name": "T2", "mode": "rw", "define": {"type": "enum", "mapping": {}}}]}"#;
    let found = codes(tencent);
    assert!(found.contains(&(Code::MinGreaterThanMax, "/properties/0".into(), 2)), "{found:?}");
    assert!(found.contains(&(Code::DuplicateIdentifier, "/properties/1".into(), 3)), "{found:?}");
    assert!(found.contains(&(Code::EmptyEnum, "/properties/1".into(), 3)), "{found:?}");

    let huawei = r#"{"service_capabilities": [{"service_id": "s", "service_type": "s",
 "properties": [{"property_name": "p", "data_type": "float", "method": "RW"}]}]}"#;
    let found = codes(huawei);
    assert!(
        found.iter().any(|(c, p, l)| *c == Code::NotAllowedValue && p == "/service_capabilities/0/properties/0/data_type" && *l == 2),
        "{found:?}"
    );

    let wot = r#"{"@context": "https://www.w3.org/2022/wot/td/v1.1", "@type": "tm:ThingModel", "title": "T",
 "properties": {"t": {"type": "integer", "minimum": 5, "maximum": 1}}}"#;
    let found = codes(wot);
    assert!(found.iter().any(|(c, p, l)| *c == Code::MinGreaterThanMax && p == "/properties/t" && *l == 2), "{found:?}");
    let found = codes(r#"{"@context": "https://www.w3.org/2022/wot/td/v1.1", "properties": {}}"#);
    assert!(found.iter().any(|(c, p, _)| *c == Code::MissingField && p.is_empty()), "no title: {found:?}");
    // A Thing Description (not a Thing Model) needs security and forms; any needs the TD context.
    let found = codes(
        r#"{"@context": "https://example.com/td", "title": "T",
 "properties": {"t": {"type": "integer"}}}"#,
    );
    assert!(found.contains(&(Code::NotAllowedValue, "/@context".into(), 1)), "{found:?}");
    assert_eq!(found.iter().filter(|(c, p, _)| *c == Code::MissingField && p.is_empty()).count(), 2, "{found:?}");
    assert!(found.contains(&(Code::MissingField, "/properties/t".into(), 2)), "{found:?}");
    let td = r#"{"@context": ["https://www.w3.org/2022/wot/td/v1.1", {"saref": "https://w3id.org/saref#"}], "title": "T",
 "securityDefinitions": {"nosec_sc": {"scheme": "nosec"}}, "security": "nosec_sc",
 "properties": {"t": {"type": "integer", "forms": [{"href": "https://lamp.example.com/t"}]}}}"#;
    let report = validate(td);
    assert_eq!((report.kind, report.valid), (Some(Format::Wot), true), "{:?}", report.diagnostics);

    // An `int` bound that is not an integer is an error in every format, as in TSL.
    let found = codes(
        r#"{"version": "1.0", "profile": {"ProductId": "P1"}, "properties": [{"id": "t", "name": "T", "define": {"type": "int", "min": "0.5", "max": "9"}}]}"#,
    );
    assert!(found.iter().any(|(c, p, _)| *c == Code::IntOutOfRange && p == "/properties/0"), "{found:?}");
}

#[test]
fn names_a_tsl_cannot_repeat_are_made_unique_and_reported() {
    let template = r#"{"version": "1.0", "profile": {"ProductId": "P1"}, "properties": [
 {"id": "a", "name": "温度", "define": {"type": "timestamp"}}, {"id": "b", "name": "温度", "define": {"type": "timestamp"}}]}"#;
    let (tsl, fidelity) = document(Format::Tsl, template);
    assert_eq!((&tsl["properties"][0]["name"], &tsl["properties"][1]["name"]), (&json!("温度"), &json!("温度_2")));
    assert!(validate(&tsl.to_string()).valid);
    assert_eq!(not_exact(&fidelity), [("/properties/1", Outcome::Approximated)]);
}

#[test]
fn what_a_tsl_cannot_spell_is_made_to_fit_and_reported() {
    let model = r#"{"service_capabilities": [{"service_id": "s", "service_type": "s", "properties": [
 {"property_name": "door-state", "data_type": "int", "min": "0", "method": "R"},
 {"property_name": "door_state", "data_type": "decimal", "method": "R"},
 {"property_name": "time", "data_type": "string list", "method": "R"}]}]}"#;
    let (tsl, fidelity) = document(Format::Tsl, model);
    assert!(validate(&tsl.to_string()).valid, "{:?}", validate(&tsl.to_string()).diagnostics);
    let ids: Vec<&Value> = tsl["properties"].as_array().expect("properties").iter().map(|p| &p["identifier"]).collect();
    // `door_state` is the source's own; the renamed `door-state` does not take it.
    assert_eq!(ids, [&json!("door_state_2"), &json!("door_state"), &json!("time_")]);
    let specs = &tsl["properties"][0]["dataType"]["specs"];
    assert_eq!((&specs["min"], &specs["max"], &specs["step"]), (&json!("0"), &json!("2147483647"), &json!("1")));
    assert_eq!(&tsl["properties"][2]["dataType"]["specs"]["size"], &json!("512"));
    let said = |pointer: &str, words: &str| {
        fidelity.iter().any(|e| e.pointer == pointer && e.outcome == Outcome::Approximated && e.message.contains(words))
    };
    assert!(said("/service_capabilities/0/properties/0", "`door-state` became `door_state_2`"), "{fidelity:?}");
    assert!(said("/service_capabilities/0/properties/0", "`max` 2147483647, `step` 1"), "{fidelity:?}");
    assert!(said("/service_capabilities/0/properties/2", "`time` became `time_`"), "{fidelity:?}");
    assert!(said("/service_capabilities/0/properties/2", "no size became 512"), "{fidelity:?}");
}

#[test]
fn a_range_of_one_value_is_widened_inside_the_int_range() {
    let template = r#"{"version": "1.0", "profile": {"ProductId": "P1"}, "properties": [
 {"id": "top", "name": "top", "define": {"type": "int", "min": "2147483647", "max": "2147483647", "step": "1"}},
 {"id": "one", "name": "one", "define": {"type": "int", "min": "5", "max": "5", "step": "1"}}]}"#;
    let (tsl, fidelity) = document(Format::Tsl, template);
    assert!(validate(&tsl.to_string()).valid, "{:?}", validate(&tsl.to_string()).diagnostics);
    let bounds = |i: usize| {
        let specs = &tsl["properties"][i]["dataType"]["specs"];
        (specs["min"].clone(), specs["max"].clone())
    };
    assert_eq!(bounds(0), (json!("2147483646"), json!("2147483647")));
    assert_eq!(bounds(1), (json!("5"), json!("6")));
    assert!(fidelity.iter().any(|e| e.pointer == "/properties/1" && e.message.contains("the one value 5 became the range 5..6")));
}

#[test]
fn from_names_the_kind_and_unsupported_pairs_say_so() {
    let c = thingkit::convert_as(FIRE_SAFETY, Some(Format::Tencent), Format::Wot).expect("converts");
    assert_eq!(c.document()["@type"], "tm:ThingModel");
    // Read as a TSL, the template is invalid.
    assert!(thingkit::convert_as(FIRE_SAFETY, Some(Format::Tsl), Format::Wot).is_err());
    assert!(matches!(convert(FIRE_SAFETY, Format::ExtendConfig), Err(thingkit::ConvertError::Unsupported { .. })));
}

// Exact round trips, for what each pair of formats can say alike.

/// Whether no two features share a name (a TSL's names are unique; the test above covers that).
fn names_differ(template: &Value) -> bool {
    let features = ["properties", "events"].iter().filter_map(|k| template[k].as_array()).flatten();
    let names: Vec<&Value> = features.map(|f| &f["name"]).collect();
    names.iter().collect::<std::collections::HashSet<_>>().len() == names.len()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn tencent_through_tsl_and_back_is_exact(template in tencent_template()) {
        let text = template.to_string();
        let report = validate(&text);
        prop_assume!(report.valid && names_differ(&template));
        let (tsl, there) = document(Format::Tsl, &text);
        prop_assert!(not_exact(&there).is_empty(), "{:?}", there);
        let (back, again) = document(Format::Tencent, &tsl.to_string());
        prop_assert!(not_exact(&again).is_empty(), "{:?}", again);
        prop_assert_eq!(back, template);
    }

    #[test]
    fn tsl_through_wot_and_back_is_exact(template in tencent_template()) {
        // A TSL made from the template, without the types WoT approximates (bool values, float
        // precision, timestamps) or the event types it cannot hold.
        let text = template.to_string().replace("\"float\"", "\"int\"");
        prop_assume!(!text.contains("\"bool\"") && !text.contains("\"timestamp\"") && validate(&text).valid);
        let mut template: Value = serde_json::from_str(&text).expect("JSON");
        template["events"] = json!([]);
        let (tsl, made) = document(Format::Tsl, &template.to_string());
        // (Names a TSL had to make unique are tested elsewhere; here the TSL is the source.)
        prop_assume!(not_exact(&made).is_empty());
        let (wot, there) = converted(Format::Wot, &tsl.to_string());
        prop_assert!(not_exact(&there).is_empty(), "{:?}", there);
        let (back, again) = document(Format::Tsl, &wot);
        prop_assert!(not_exact(&again).is_empty(), "{:?}", again);
        prop_assert_eq!(back, tsl);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn huawei_through_tsl_and_back_keeps_everything_but_the_service(model in huawei_model()) {
        let text = model.to_string();
        prop_assume!(validate(&text).valid);
        let (tsl, there) = converted(Format::Tsl, &text);
        // TSL has no services: the one service is reported lost; a command's call type, which
        // Huawei does not say, is TSL's default (approximated); everything else is exact.
        for (pointer, outcome) in not_exact(&there) {
            let command = pointer.starts_with("/service_capabilities/0/commands/") && outcome == Outcome::Approximated;
            prop_assert!(command || (pointer, outcome) == ("/service_capabilities/0", Outcome::Lost), "{:?}", there);
        }
        let (back, again) = document(Format::Huawei, &tsl);
        // Coming back, only the call types are lost again; the service comes back as `default`.
        prop_assert!(again.iter().all(|e| e.outcome == Outcome::Exact || e.message.contains("call type")), "{:?}", again);
        prop_assert_eq!(back, model);
    }

    #[test]
    fn each_format_reads_what_it_writes(template in tencent_template()) {
        prop_assume!(validate(&template.to_string()).valid);
        for target in [Format::Huawei, Format::Wot, Format::Tencent] {
            let (first, _) = converted(target, &template.to_string());
            let (second, report) = converted(target, &first);
            prop_assert_eq!(&second, &first, "{:?}: {:?}", target, report);
        }
    }
}

const EVERY_TARGET: [Format; 5] = [Format::Tsl, Format::ThingModelJson, Format::Tencent, Format::Huawei, Format::Wot];

/// The errors of a converted document when validated as what it claims to be.
fn errors_in(target: Format, text: &str) -> Vec<String> {
    let report = validate(text);
    let mut errors: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == thingkit::Severity::Error)
        .map(|d| format!("{:?} {} {}", d.code, d.pointer, d.message))
        .collect();
    if report.kind.map(|k| k.as_str()) != Some(target.as_str()) {
        errors.push(format!("read back as {:?}", report.kind));
    }
    errors
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever a conversion loses, what it writes is a valid document of its target format, and
    /// so is what any further conversion of that writes.
    #[test]
    fn every_conversion_writes_a_valid_document(source in any_source()) {
        let text = source.to_string();
        prop_assume!(validate(&text).valid);
        for first in EVERY_TARGET {
            let (written, _) = converted(first, &text);
            prop_assert!(errors_in(first, &written).is_empty(), "{} from {}: {:?}", first.as_str(), text, errors_in(first, &written));
            for second in EVERY_TARGET {
                let (again, _) = converted(second, &written);
                prop_assert!(
                    errors_in(second, &again).is_empty(),
                    "{} from {} from {}: {:?}", second.as_str(), first.as_str(), text, errors_in(second, &again)
                );
            }
        }
    }
}

/// Found by the `convert` fuzz target: an `int` bound written `-0` became the WoT bound `-0.0`,
/// which an `integer` schema cannot hold.
#[test]
fn negative_zero_bounds_stay_integers() {
    let tsl = r#"{"profile": {"productKey": "a1"}, "properties": [{"identifier": "rssi", "name": "rssi", "accessMode": "r", "required": false,
        "dataType": {"type": "int", "specs": {"min": "-127", "max": "-0", "step": "1"}}}]}"#;
    let (wot, _) = document(Format::Wot, tsl);
    assert_eq!(wot["properties"]["rssi"]["maximum"], json!(0));
    assert!(validate(&wot.to_string()).valid, "{:?}", validate(&wot.to_string()).diagnostics);
}
