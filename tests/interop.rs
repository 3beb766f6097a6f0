//! The other platforms' formats: the seed's Tencent fire-safety model through TSL and back, each
//! format's validation, the fidelity report, and exact round trips where the formats allow them.

use proptest::prelude::*;
use serde_json::{Value, json};
use thingkit::interop::{FidelityEntry, Outcome};
use thingkit::{Code, Format, convert, validate};

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

fn number_text() -> impl Strategy<Value = String> {
    (-1000i32..1000, 0u32..3).prop_map(|(n, scale)| match scale {
        0 => n.to_string(),
        s => format!("{}.{}", n / 10, (n.unsigned_abs() % 10).to_string().repeat(s as usize)),
    })
}

fn ident() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_]{0,8}"
}

/// A Tencent data type TSL can hold exactly: no initial values, strings from length 0.
fn tencent_define(depth: u32) -> BoxedStrategy<Value> {
    let number = (prop_oneof![Just("int"), Just("float")], number_text(), 1u32..100, "[A-Za-z%]{0,3}").prop_map(|(ty, min, span, unit)| {
        let floor = min.parse::<f64>().unwrap_or(0.0).floor() as i64;
        let min = if ty == "int" { floor.to_string() } else { min };
        json!({"type": ty, "min": min, "max": (floor + i64::from(span)).to_string(), "step": "1", "unit": unit})
    });
    let leaf = prop_oneof![
        number,
        ("[a-z]{1,4}", "[a-z]{1,4}").prop_map(|(no, yes)| json!({"type": "bool", "mapping": {"0": no, "1": yes}})),
        (1u32..2048).prop_map(|max| json!({"type": "string", "min": "0", "max": max.to_string()})),
        proptest::collection::btree_map(0i32..50, "[a-z]{1,5}", 1..4).prop_map(
            |m| json!({"type": "enum", "mapping": m.into_iter().map(|(k, v)| (k.to_string(), json!(v))).collect::<serde_json::Map<_, _>>()})
        ),
        Just(json!({"type": "timestamp"})),
    ]
    .boxed();
    if depth == 0 {
        return leaf;
    }
    let members = proptest::collection::btree_map(ident(), (("[a-z]{1,6}"), tencent_define(0)), 1..4)
        .prop_map(|m| json!({"type": "struct", "specs": m.into_iter().map(|(id, (name, t))| json!({"id": id, "name": name, "dataType": t})).collect::<Vec<_>>()}));
    prop_oneof![3 => leaf, 1 => members].boxed()
}

fn tencent_template() -> impl Strategy<Value = Value> {
    let property = (ident(), "[a-z]{1,8}", "[a-z ]{0,10}", prop_oneof![Just("r"), Just("rw")], any::<bool>(), tencent_define(1))
        .prop_map(|(id, name, desc, mode, required, define)| json!({"id": id, "name": name, "desc": desc, "mode": mode, "required": required, "define": define}));
    let param = (ident(), "[a-z]{1,8}", tencent_define(0)).prop_map(|(id, name, define)| json!({"id": id, "name": name, "define": define}));
    let event = (ident(), "[a-z]{1,8}", prop_oneof![Just("info"), Just("alert"), Just("fault")], proptest::collection::vec(param, 0..3))
        .prop_map(|(id, name, ty, params)| json!({"id": id, "name": name, "desc": "", "type": ty, "required": false, "params": params}));
    (proptest::collection::vec(property, 0..5), proptest::collection::vec(event, 0..3)).prop_map(|(properties, events)| {
        json!({"version": "1.0", "profile": {"ProductId": "P1"}, "properties": unique_ids(properties), "events": unique_ids(events), "actions": []})
    })
}

/// Drops the items whose `id` repeats (and every parameter list's repeats).
fn unique_ids(items: Vec<Value>) -> Vec<Value> {
    let mut seen = std::collections::HashSet::new();
    items
        .into_iter()
        .filter(|i| seen.insert(i["id"].clone()))
        .map(|mut i| {
            if let Some(params) = i.get_mut("params") {
                *params = Value::Array(unique_ids(params.as_array().cloned().unwrap_or_default()));
            }
            i
        })
        .collect()
}

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

/// A Huawei data type and its fields, as TSL can hold them: int, decimal, string.
fn huawei_para_fields() -> impl Strategy<Value = Value> {
    prop_oneof![
        (-1000i32..1000, 1i32..1000, "[A-Za-z%]{0,3}").prop_map(|(min, span, unit)| json!({"data_type": "int", "min": min.to_string(), "max": (min + span).to_string(), "step": "1", "unit": unit})),
        (number_text(), 1i32..1000).prop_map(|(min, span)| {
            let max = (min.parse::<f64>().unwrap_or(0.0).floor() as i64 + i64::from(span)).to_string();
            json!({"data_type": "decimal", "min": min, "max": max, "step": "0.5"})
        }),
        (1u64..2048).prop_map(|len| json!({"data_type": "string", "max_length": len})),
    ]
}

fn huawei_model() -> impl Strategy<Value = Value> {
    let property = (ident(), huawei_para_fields(), any::<bool>(), prop_oneof![Just("R"), Just("RW")], "[a-z ]{0,10}").prop_map(
        |(name, fields, required, method, description)| {
            let mut p = json!({"property_name": name, "required": required, "method": method});
            p.as_object_mut().expect("object").extend(fields.as_object().cloned().unwrap_or_default());
            if !description.is_empty() {
                p["description"] = json!(description);
            }
            p
        },
    );
    let para = (ident(), huawei_para_fields()).prop_map(|(name, fields)| {
        let mut p = json!({"para_name": name, "required": true});
        p.as_object_mut().expect("object").extend(fields.as_object().cloned().unwrap_or_default());
        p
    });
    let command = (ident(), proptest::collection::vec(para, 0..3))
        .prop_map(|(name, paras)| json!({"command_name": name, "paras": paras, "responses": []}));
    (proptest::collection::vec(property, 0..5), proptest::collection::vec(command, 0..3)).prop_map(|(properties, commands)| {
        let distinct = |items: Vec<Value>, key: &str| {
            let mut seen = std::collections::HashSet::new();
            items.into_iter().filter(|i| seen.insert(i[key].clone())).collect::<Vec<_>>()
        };
        let commands: Vec<Value> = distinct(commands, "command_name")
            .into_iter()
            .map(|mut c| {
                c["paras"] = Value::Array(distinct(c["paras"].as_array().cloned().unwrap_or_default(), "para_name"));
                c
            })
            .collect();
        json!({"product_id": "P1", "service_capabilities": [{"service_id": "default", "service_type": "default", "properties": distinct(properties, "property_name"), "commands": commands, "events": []}]})
    })
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

/// Takes out the optional bounds (`min`, `max`, `step`, `unit`, `start`, `max_length`) of a
/// template's or product model's data types, each where the next bit of `mask` says so.
fn drop_bounds(value: &mut Value, mask: &mut u64) {
    match value {
        Value::Object(map) => {
            if map.contains_key("type") || map.contains_key("data_type") {
                for key in ["min", "max", "step", "unit", "start", "max_length"] {
                    if map.contains_key(key) && *mask & 1 == 1 {
                        map.remove(key);
                    }
                    *mask = mask.rotate_right(1);
                }
            }
            map.values_mut().for_each(|v| drop_bounds(v, mask));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| drop_bounds(v, mask)),
        _ => {}
    }
}

/// A template whose data types may leave out their bounds, hold arrays, or start from a value.
fn sparse_tencent_template() -> impl Strategy<Value = Value> {
    let array = tencent_define(0).prop_map(|item| json!({"type": "array", "arrayInfo": item}));
    (tencent_template(), proptest::collection::vec(array, 0..2), any::<u64>(), -5i32..5).prop_map(
        |(mut template, arrays, mut mask, start)| {
            if let Some(properties) = template["properties"].as_array_mut() {
                for (i, define) in arrays.into_iter().enumerate() {
                    properties.push(json!({"id": format!("list_{i}"), "name": format!("list {i}"), "mode": "rw", "define": define}));
                }
                if let Some(first) = properties.first_mut().filter(|p| p["define"]["type"] == "int") {
                    first["define"]["start"] = json!(first["define"]["min"].as_str().map_or(start.to_string(), str::to_string));
                }
            }
            drop_bounds(&mut template, &mut mask);
            template
        },
    )
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

/// A product model with names Huawei allows and TSL does not, other types, and bounds left out.
fn sparse_huawei_model() -> impl Strategy<Value = Value> {
    let other = prop_oneof![
        Just(json!({"data_type": "long", "min": "-9007199254740991", "max": "9007199254740991", "step": "1"})),
        Just(json!({"data_type": "DateTime"})),
        Just(json!({"data_type": "jsonObject"})),
        (1u64..100).prop_map(|n| json!({"data_type": "string list", "max_length": n})),
        proptest::collection::btree_set("[a-z]{1,3}", 1..4).prop_map(|v| json!({"data_type": "string", "enum_list": v})),
    ];
    let property =
        ("[a-z][a-z0-9_-]{0,8}", other, prop_oneof![Just("R"), Just("W"), Just("RW"), Just("E")]).prop_map(|(name, fields, method)| {
            let mut p = json!({"property_name": name, "method": method, "default_value": 1});
            p.as_object_mut().expect("object").extend(fields.as_object().cloned().unwrap_or_default());
            p
        });
    (huawei_model(), proptest::collection::vec(property, 0..3), any::<u64>()).prop_map(|(mut model, extra, mut mask)| {
        if let Some(properties) = model["service_capabilities"][0]["properties"].as_array_mut() {
            let taken: Vec<Value> = properties.iter().map(|p| p["property_name"].clone()).collect();
            properties.extend(extra.into_iter().filter(|p| !taken.contains(&p["property_name"])));
        }
        drop_bounds(&mut model, &mut mask);
        model
    })
}

/// A WoT data schema of any type, with or without bounds, titles or labels.
fn wot_schema(depth: u32) -> BoxedStrategy<Value> {
    let bound = || proptest::option::of(-1000i64..1000);
    let leaf = prop_oneof![
        Just(json!({"type": "boolean"})),
        Just(json!({"type": "boolean", "oneOf": [{"const": false, "title": "off state"}, {"const": true, "title": "on"}]})),
        (prop_oneof![Just("integer"), Just("number")], bound(), proptest::option::of(1i64..50), proptest::option::of("[a-z%]{1,3}"))
            .prop_map(|(ty, min, span, unit)| {
                let mut s = json!({"type": ty});
                if let Some(min) = min {
                    s["minimum"] = json!(min);
                    if let Some(span) = span {
                        s["maximum"] = json!(min + span);
                    }
                }
                if let Some(unit) = unit {
                    s["unit"] = json!(unit);
                }
                s
            }),
        proptest::option::of(0u64..20000).prop_map(|n| n.map_or(json!({"type": "string"}), |n| json!({"type": "string", "maxLength": n}))),
        Just(json!({"type": "string", "format": "date-time"})),
        proptest::collection::btree_set("[a-z ]{1,4}", 1..4).prop_map(|v| json!({"type": "string", "enum": v})),
        proptest::collection::btree_set(-3i64..40, 1..4).prop_map(|v| json!({"type": "integer", "enum": v})),
    ]
    .boxed();
    if depth == 0 {
        return leaf;
    }
    let inner = wot_schema(depth - 1);
    prop_oneof![
        3 => leaf,
        1 => proptest::collection::btree_map("[a-zA-Z][a-zA-Z0-9_-]{0,6}", inner.clone(), 1..4).prop_map(|p| json!({"type": "object", "properties": p})),
        1 => (inner, proptest::option::of(0u64..1000)).prop_map(|(items, max)| {
            let mut s = json!({"type": "array", "items": items});
            if let Some(max) = max {
                s["maxItems"] = json!(max);
            }
            s
        }),
    ]
    .boxed()
}

/// A WoT Thing Model whose affordance keys and titles go beyond what the other formats allow.
fn wot_model() -> impl Strategy<Value = Value> {
    let key = || "[a-zA-Z_][a-zA-Z0-9_-]{0,10}|time|value|set";
    let title = || proptest::option::of("[a-zA-Z温度 .]{1,40}");
    let affordance = |schema: BoxedStrategy<Value>| {
        (schema, title()).prop_map(|(mut s, title)| {
            if let Some(title) = title {
                s["title"] = json!(title);
            }
            s
        })
    };
    let properties = proptest::collection::btree_map(key(), affordance(wot_schema(2)), 0..4);
    let actions = proptest::collection::btree_map(key(), (proptest::option::of(wot_schema(1)), proptest::option::of(wot_schema(1))), 0..3)
        .prop_map(|m| {
            m.into_iter()
                .map(|(k, (input, output))| {
                    let mut a = json!({});
                    if let Some(input) = input {
                        a["input"] = input;
                    }
                    if let Some(output) = output {
                        a["output"] = output;
                    }
                    (k, a)
                })
                .collect::<serde_json::Map<_, _>>()
        });
    let events = proptest::collection::btree_map(key(), wot_schema(1).prop_map(|data| json!({"data": data})), 0..3);
    (properties, actions, events).prop_map(|(properties, actions, events)| {
        json!({"@context": "https://www.w3.org/2022/wot/td/v1.1", "@type": "tm:ThingModel", "title": "T",
               "properties": properties, "actions": actions, "events": events})
    })
}

/// A source document of any format, with what its format allows and the others may not.
fn any_source() -> impl Strategy<Value = Value> {
    prop_oneof![sparse_tencent_template(), sparse_huawei_model(), wot_model()]
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
