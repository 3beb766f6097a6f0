//! The other platforms' formats: the seed's Tencent fire-safety model through TSL and back, each
//! format's validation, the fidelity report, and exact round trips where the formats allow them.

use proptest::prelude::*;
use serde_json::{Value, json};
use thingkit::interop::{FidelityEntry, Outcome};
use thingkit::{Code, DocumentKind, Target, convert, validate};

const FIRE_SAFETY: &str = include_str!("../examples/tencent-fire-safety.json");

fn document(target: Target, text: &str) -> (Value, Vec<FidelityEntry>) {
    let c = convert(text, target).unwrap_or_else(|e| panic!("converts to {}: {e:?}", target.as_str()));
    (c.document(), c.fidelity)
}

/// The converted text itself (a JSON value would sort a WoT document's affordances by name).
fn converted(target: Target, text: &str) -> (String, Vec<FidelityEntry>) {
    let c = convert(text, target).unwrap_or_else(|e| panic!("converts to {}: {e:?}", target.as_str()));
    (c.text, c.fidelity)
}

fn not_exact(report: &[FidelityEntry]) -> Vec<(&str, Outcome)> {
    report.iter().filter(|e| e.outcome != Outcome::Exact).map(|e| (e.pointer.as_str(), e.outcome)).collect()
}

#[test]
fn the_fire_safety_data_template_converts_to_tsl_and_back() {
    let report = validate(FIRE_SAFETY);
    assert_eq!((report.kind, report.valid), (Some(DocumentKind::Tencent), true), "{:?}", report.diagnostics);

    let (tsl, fidelity) = document(Target::Tsl, FIRE_SAFETY);
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
    let (back, fidelity) = document(Target::Tencent, &tsl_text);
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
        [(Target::Huawei, DocumentKind::Huawei), (Target::Wot, DocumentKind::Wot), (Target::ThingModelJson, DocumentKind::ThingModelJson)]
    {
        let (doc, fidelity) = document(target, FIRE_SAFETY);
        let report = validate(&serde_json::to_string_pretty(&doc).expect("text"));
        assert_eq!((report.kind, report.valid), (Some(kind), true), "{target:?}: {:?}\n{doc:#}", report.diagnostics);
        assert!(!fidelity.is_empty());
    }
    // WoT keeps the labels on `oneOf` and says the values changed; Huawei says the labels are lost.
    let (wot, fidelity) = document(Target::Wot, FIRE_SAFETY);
    assert_eq!(
        wot["properties"]["smoke_state"]["oneOf"],
        json!([{"const": false, "title": "正常"}, {"const": true, "title": "检测到烟雾"}])
    );
    assert!(
        fidelity
            .iter()
            .any(|e| e.pointer == "/properties/5" && e.outcome == Outcome::Approximated && e.message.contains("`false` and `true`"))
    );
    let (_, fidelity) = document(Target::Huawei, FIRE_SAFETY);
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
    assert_eq!((report.kind, report.valid), (Some(DocumentKind::Wot), true), "{:?}", report.diagnostics);

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
    let (tsl, fidelity) = document(Target::Tsl, template);
    assert_eq!((&tsl["properties"][0]["name"], &tsl["properties"][1]["name"]), (&json!("温度"), &json!("温度_2")));
    assert!(validate(&tsl.to_string()).valid);
    assert_eq!(not_exact(&fidelity), [("/properties/1", Outcome::Approximated)]);
}

#[test]
fn from_names_the_kind_and_unsupported_pairs_say_so() {
    let c = thingkit::convert_as(FIRE_SAFETY, Some(DocumentKind::Tencent), Target::Wot).expect("converts");
    assert_eq!(c.document()["@type"], "tm:ThingModel");
    // Read as a TSL, the template is invalid.
    assert!(thingkit::convert_as(FIRE_SAFETY, Some(DocumentKind::Tsl), Target::Wot).is_err());
    assert!(matches!(convert(FIRE_SAFETY, Target::ExtendConfig), Err(thingkit::ConvertError::Unsupported { .. })));
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
        let (tsl, there) = document(Target::Tsl, &text);
        prop_assert!(not_exact(&there).is_empty(), "{:?}", there);
        let (back, again) = document(Target::Tencent, &tsl.to_string());
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
        let (tsl, made) = document(Target::Tsl, &template.to_string());
        // (Names a TSL had to make unique are tested elsewhere; here the TSL is the source.)
        prop_assume!(not_exact(&made).is_empty());
        let (wot, there) = converted(Target::Wot, &tsl.to_string());
        prop_assert!(not_exact(&there).is_empty(), "{:?}", there);
        let (back, again) = document(Target::Tsl, &wot);
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
        let (tsl, there) = converted(Target::Tsl, &text);
        // TSL has no services: the one service is reported lost; a command's call type, which
        // Huawei does not say, is TSL's default (approximated); everything else is exact.
        for (pointer, outcome) in not_exact(&there) {
            let command = pointer.starts_with("/service_capabilities/0/commands/") && outcome == Outcome::Approximated;
            prop_assert!(command || (pointer, outcome) == ("/service_capabilities/0", Outcome::Lost), "{:?}", there);
        }
        let (back, again) = document(Target::Huawei, &tsl);
        // Coming back, only the call types are lost again; the service comes back as `default`.
        prop_assert!(again.iter().all(|e| e.outcome == Outcome::Exact || e.message.contains("call type")), "{:?}", again);
        prop_assert_eq!(back, model);
    }

    #[test]
    fn each_format_reads_what_it_writes(template in tencent_template()) {
        prop_assume!(validate(&template.to_string()).valid);
        for target in [Target::Huawei, Target::Wot, Target::Tencent] {
            let (first, _) = converted(target, &template.to_string());
            let (second, report) = converted(target, &first);
            prop_assert_eq!(&second, &first, "{:?}: {:?}", target, report);
        }
    }
}
