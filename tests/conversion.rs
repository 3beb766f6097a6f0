//! Conversion: canonical output, what is carried and what is reported as not carried, and
//! the TSL → ThingModelJson → TSL round trip (also as a property test over generated models).

mod common;

use proptest::prelude::*;
use serde_json::{Value, json};
use thingkit::{Code, ConvertError, Format, convert, validate};

fn keys_sorted(v: &Value) -> bool {
    match v {
        Value::Object(m) => {
            let keys: Vec<&String> = m.keys().collect();
            keys.windows(2).all(|w| w[0] < w[1]) && m.values().all(keys_sorted)
        }
        Value::Array(a) => a.iter().all(keys_sorted),
        _ => true,
    }
}

#[test]
fn canonical_tsl_is_a_fixed_point() {
    let text = common::fixture("valid/all-types.tsl.json");
    let c = convert(&text, Format::Tsl).expect("converts");
    assert_eq!(c.text.trim_end(), text.trim_end(), "the fixture is canonical TSL");
    assert!(c.diagnostics.is_empty());
}

#[test]
fn tsl_to_thing_model_json_and_back_is_the_identity() {
    for name in ["valid/all-types.tsl.json", "valid/custom-module.tsl.json", "valid/seed-get-thing-model-tsl-published.tsl.json"] {
        let canonical = convert(&common::fixture(name), Format::Tsl).expect("canonical").text;
        let tmj = convert(&canonical, Format::ThingModelJson).expect("to tmj");
        assert!(tmj.diagnostics.is_empty(), "{name}: {}", common::render(&tmj.diagnostics));
        let doc = tmj.document();
        assert!(keys_sorted(&doc), "{name}: ThingModelJson keys are sorted");
        assert!(validate(&tmj.text).valid, "{name}: the ThingModelJson validates");
        let back = convert(&tmj.text, Format::Tsl).expect("back");
        assert!(back.diagnostics.is_empty(), "{name}: {}", common::render(&back.diagnostics));
        assert_eq!(back.text, canonical, "{name}: round trip");
    }
}

#[test]
fn thing_model_json_drops_generated_features_and_numbers_parameters() {
    let tmj = convert(&common::fixture("valid/all-types.tsl.json"), Format::ThingModelJson).expect("converts").document();
    let ids = |list: &str| -> Vec<String> {
        tmj[list].as_array().expect("list").iter().map(|f| f["identifier"].as_str().expect("id").to_string()).collect()
    };
    assert!(!ids("events").contains(&"post".to_string()));
    assert_eq!(ids("services"), ["Reboot", "Upgrade"]);
    let upgrade = &tmj["services"][1];
    assert_eq!(upgrade["serviceName"], "固件升级");
    assert_eq!(upgrade["callType"], "ASYNC");
    let params = upgrade["inputParams"].as_array().expect("params");
    assert_eq!(params.iter().map(|p| p["paraOrder"].as_u64().expect("order")).collect::<Vec<_>>(), [0, 1]);
    assert!(params.iter().all(|p| p["direction"] == "PARAM_INPUT"));
    let mode = tmj["properties"].as_array().expect("props").iter().find(|p| p["identifier"] == "Mode").expect("Mode");
    assert_eq!(mode["dataType"], "ENUM");
    assert!(mode.get("dataSpecs").is_none(), "enums keep their specs in dataSpecsList");
    assert_eq!(
        mode["dataSpecsList"].as_array().expect("list").iter().map(|i| i["value"].as_i64().expect("v")).collect::<Vec<_>>(),
        [0, 1, 2, 10]
    );
    let channels = tmj["properties"].as_array().expect("props").iter().find(|p| p["identifier"] == "Channels").expect("Channels");
    assert_eq!(channels["dataSpecs"]["childDataType"], "STRUCT");
    assert_eq!(channels["dataSpecs"]["dataSpecsList"][0]["identifier"], "Index");
    assert_eq!(tmj["properties"][0]["rwFlag"], "READ_ONLY");
}

#[test]
fn thing_model_json_to_tsl_regenerates_post_set_get() {
    let tsl = convert(&common::fixture("valid/extend-config.thing-model.json"), Format::Tsl).expect("converts");
    let doc = tsl.document();
    assert_eq!(doc["events"][0]["identifier"], "post");
    assert_eq!(doc["events"][0]["outputData"].as_array().expect("list").len(), 4);
    assert_eq!(doc["services"][0]["identifier"], "set");
    let set_inputs: Vec<&str> =
        doc["services"][0]["inputData"].as_array().expect("list").iter().map(|p| p["identifier"].as_str().expect("id")).collect();
    assert_eq!(set_inputs, ["PumpOn"], "set lists the read-write properties");
    assert_eq!(doc["services"][1]["inputData"], json!(["Pressure", "PumpOn", "SerialNo", "FlowRate"]));
    assert_eq!(doc["services"][2]["method"], "thing.service.Calibrate");
    assert_eq!(doc["events"][1]["method"], "thing.event.Leak.post");
    // What TSL cannot hold is reported, once per field, at its first place.
    let lost: Vec<(&str, &str)> = tsl
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::NotCarried)
        .map(|d| (d.pointer.as_str(), d.message.split('`').nth(1).unwrap_or_default()))
        .collect();
    assert_eq!(lost, [("/properties/0/extendConfig", "extendConfig"), ("/properties/0/dataSpecs/precise", "precise")]);
    assert!(tsl.diagnostics.iter().all(|d| d.line > 0));
}

#[test]
fn extend_config_export_collects_every_mapping() {
    let c = convert(&common::fixture("valid/extend-config.thing-model.json"), Format::ExtendConfig).expect("converts");
    let doc = c.document();
    assert_eq!(doc["profile"]["productKey"], "a1GatewayPk");
    assert_eq!(doc["properties"].as_array().expect("list").len(), 4);
    assert_eq!(doc["services"][0]["identifier"], "Calibrate");
    assert_eq!(doc["events"][0]["customize"]["qos"], 1);
    assert!(validate(&c.text).valid, "the export validates as an extendConfig document");
    assert_eq!(validate(&c.text).kind, Some(thingkit::Format::ExtendConfig));
}

#[test]
fn simple_tsl_keeps_identifiers_and_types_only() {
    let c = convert(&common::fixture("valid/all-types.tsl.json"), Format::SimpleTsl).expect("converts");
    let doc = c.document();
    let geo = doc["properties"].as_array().expect("list").iter().find(|p| p["identifier"] == "GeoLocation").expect("geo");
    assert_eq!(
        geo,
        &json!({"identifier": "GeoLocation", "dataType": {"type": "struct", "specs": [
            {"identifier": "Longitude", "dataType": {"type": "double"}},
            {"identifier": "Latitude", "dataType": {"type": "double"}},
            {"identifier": "CoordinateSystem", "dataType": {"type": "enum"}},
            {"identifier": "Fixed", "dataType": {"type": "bool"}},
            {"identifier": "FixTime", "dataType": {"type": "date"}},
            {"identifier": "Source", "dataType": {"type": "text"}}
        ]}})
    );
    assert!(doc["properties"][0].get("name").is_none());
    let report = validate(&c.text);
    assert!(report.valid && report.diagnostics.is_empty(), "{}", common::render(&report.diagnostics));
}

#[test]
fn legacy_thing_model_json_is_written_in_current_form() {
    let legacy = json!({"productKey": "a1", "properties": [{
        "identifier": "Switch", "name": "开关", "rwFlag": "READ_WRITE", "required": false, "custom": true, "std": false, "customFlag": true,
        "dataType": "BOOLEAN", "dataSpecsList": [{"dataType": "BOOLEAN", "name": "关", "value": "0"}, {"dataType": "BOOLEAN", "name": "开", "value": 1}]
    }, {
        "identifier": "Level", "name": "等级", "rwFlag": "READ_ONLY", "required": false, "custom": true,
        "dataType": "FLOAT", "dataSpecs": [{"dataType": "FLOAT", "min": 0, "max": 1, "step": 0.1, "precision": 2}],
        "extendConfig": "{\"identifier\": \"Level\", \"customize\": {\"k\": 1}}"
    }], "services": [], "events": []});
    let c = convert(&legacy.to_string(), Format::ThingModelJson).expect("converts");
    let doc = c.document();
    assert_eq!(doc["properties"][0]["dataType"], "BOOL");
    assert_eq!(doc["properties"][0]["dataSpecsList"][0]["value"], 0);
    assert!(doc["properties"][0].get("std").is_none() && doc["properties"][0].get("customFlag").is_none());
    assert_eq!(doc["properties"][1]["dataSpecs"], json!({"dataType": "FLOAT", "max": "1", "min": "0", "precise": "2", "step": "0.1"}));
    assert_eq!(doc["properties"][1]["extendConfig"], json!({"identifier": "Level", "customize": {"k": 1}}));
    assert!(c.diagnostics.iter().any(|d| d.code == Code::DeprecatedField && d.pointer == "/properties/0/dataType"));
}

#[test]
fn invalid_input_converts_to_nothing() {
    match convert(&common::fixture("invalid/broken.tsl.json"), Format::ThingModelJson) {
        Err(ConvertError::Invalid { errors }) => {
            assert!(errors.iter().any(|d| d.code == Code::ReservedIdentifier))
        }
        other => panic!("expected an invalid-input error, got {other:?}"),
    }
    assert!(matches!(convert(&common::fixture("valid/all-types.tsl.json"), Format::ExtendConfig), Err(ConvertError::Unsupported { .. })));
}

#[test]
fn edited_generated_features_are_reported_as_regenerated() {
    let mut doc: Value = serde_json::from_str(&common::fixture("valid/all-types.tsl.json")).expect("json");
    doc["events"][0]["desc"] = json!("自定义描述");
    let c = convert(&doc.to_string(), Format::Tsl).expect("converts");
    assert!(c.diagnostics.iter().any(|d| d.code == Code::Regenerated && d.pointer == "/events/0"));
    assert_eq!(c.document()["events"][0]["desc"], "属性上报");
}

// ---- Round trip over generated models ------------------------------------------------------

fn number_specs(int: bool) -> impl Strategy<Value = Value> {
    (-1000i32..1000, 1i32..1000, 1i32..100).prop_map(move |(min, span, step)| {
        let step = step.min(span);
        if int {
            json!({"min": min.to_string(), "max": (min + span).to_string(), "step": step.to_string(), "unit": "m"})
        } else {
            json!({"min": format!("{}.5", min), "max": format!("{}.5", min + span), "step": format!("0.{step}")})
        }
    })
}

fn scalar_type() -> impl Strategy<Value = Value> {
    prop_oneof![
        number_specs(true).prop_map(|s| json!({"type": "int", "specs": s})),
        number_specs(false).prop_map(|s| json!({"type": "float", "specs": s})),
        number_specs(false).prop_map(|s| json!({"type": "double", "specs": s})),
        (1u32..=10240).prop_map(|n| json!({"type": "text", "specs": {"length": n.to_string()}})),
        Just(json!({"type": "date", "specs": {}})),
        Just(json!({"type": "bool", "specs": {"0": "关", "1": "开"}})),
        proptest::collection::btree_set(-50i32..50, 1..5).prop_map(|keys| {
            let specs: serde_json::Map<String, Value> =
                keys.into_iter().map(|k| (k.to_string(), json!(format!("值{}", k.unsigned_abs())))).collect();
            json!({"type": "enum", "specs": specs})
        }),
    ]
}

fn members(max: usize) -> impl Strategy<Value = Value> {
    proptest::collection::vec(scalar_type(), 1..max).prop_map(|types| {
        Value::Array(
            types
                .into_iter()
                .enumerate()
                .map(|(i, t)| json!({"identifier": format!("m{i}"), "name": format!("成员{i}"), "dataType": t}))
                .collect(),
        )
    })
}

fn data_type() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => scalar_type(),
        1 => members(4).prop_map(|m| json!({"type": "struct", "specs": m})),
        1 => (1u32..=512, prop_oneof![
            number_specs(true).prop_map(|s| json!({"type": "int", "specs": s})),
            Just(json!({"type": "float"})),
            members(3).prop_map(|m| json!({"type": "struct", "specs": m})),
        ]).prop_map(|(size, item)| json!({"type": "array", "specs": {"size": size.to_string(), "item": item}})),
    ]
}

fn params(prefix: &'static str) -> impl Strategy<Value = Value> {
    proptest::collection::vec(data_type(), 0..3).prop_map(move |types| {
        Value::Array(
            types
                .into_iter()
                .enumerate()
                .map(|(i, t)| json!({"identifier": format!("{prefix}{i}"), "name": format!("参数{i}"), "dataType": t}))
                .collect(),
        )
    })
}

fn model() -> impl Strategy<Value = Value> {
    (
        proptest::collection::vec((data_type(), any::<bool>(), any::<bool>()), 0..6),
        proptest::collection::vec((params("o"), 0usize..3), 0..3),
        proptest::collection::vec((params("i"), params("o"), any::<bool>()), 0..3),
        proptest::option::of("[A-Za-z0-9_]{1,30}"),
    )
        .prop_map(|(props, events, services, block)| {
            let properties: Vec<Value> = props
                .into_iter()
                .enumerate()
                .map(|(i, (t, rw, required))| json!({"identifier": format!("p{i}"), "name": format!("属性{i}"),
                    "accessMode": if rw { "rw" } else { "r" }, "required": required, "dataType": t}))
                .collect();
            let events: Vec<Value> = events
                .into_iter()
                .enumerate()
                .map(|(i, (out, ty))| json!({"identifier": format!("e{i}"), "name": format!("事件{i}"), "type": (["info", "alert", "error"][ty]),
                    "required": false, "desc": "d", "method": format!("thing.event.e{i}.post"), "outputData": out}))
                .collect();
            let services: Vec<Value> = services
                .into_iter()
                .enumerate()
                .map(|(i, (input, output, sync))| json!({"identifier": format!("s{i}"), "name": format!("服务{i}"), "required": false,
                    "callType": if sync { "sync" } else { "async" }, "method": format!("thing.service.s{i}"), "inputData": input, "outputData": output}))
                .collect();
            let mut doc = json!({"schema": "https://iotx-tsl.oss-ap-southeast-1.aliyuncs.com/schema.json",
                "profile": {"version": "1.0", "productKey": "a1Prop"}, "properties": properties, "events": events, "services": services});
            if let Some(id) = block {
                doc["functionBlockId"] = json!(id);
                doc["functionBlockName"] = json!("生成的模块");
            }
            doc
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    /// TSL → ThingModelJson → TSL is the identity on canonical TSL, with nothing reported lost.
    #[test]
    fn round_trip_is_the_identity(doc in model()) {
        let text = doc.to_string();
        let report = validate(&text);
        prop_assert!(report.valid, "generated model invalid:\n{}", common::render(&report.diagnostics));
        let canonical = convert(&text, Format::Tsl).expect("canonical");
        let tmj = convert(&canonical.text, Format::ThingModelJson).expect("to ThingModelJson");
        prop_assert!(tmj.diagnostics.is_empty(), "{}", common::render(&tmj.diagnostics));
        let back = convert(&tmj.text, Format::Tsl).expect("back to TSL");
        prop_assert!(back.diagnostics.is_empty(), "{}", common::render(&back.diagnostics));
        prop_assert_eq!(back.text, canonical.text);
    }
}

/// Real exports (the 2018 SDK samples without `step`, console exports with `/` and kana in names,
/// Java's FLT_MAX, a default module with `functionBlocks` at version 1.5, synchronous `set`/`get`
/// with another region's schema URL): each is valid, TSL → TSL keeps every value, and TSL →
/// ThingModelJson → TSL is exact — except what ThingModelJson cannot hold, which the conversion
/// reports at its place.
#[test]
fn real_exports_convert_and_round_trip() {
    let exports: Vec<(String, String)> =
        common::fixtures("valid").into_iter().filter(|(name, _)| name.starts_with("export-") && name.ends_with(".tsl.json")).collect();
    assert_eq!(exports.len(), 5);
    for (name, text) in exports {
        let report = validate(&text);
        assert!(report.valid, "{name}: {}", common::render(&report.diagnostics));
        let canonical = convert(&text, Format::Tsl).expect("canonical");
        let mut input: Value = serde_json::from_str(&text).expect("json");
        if input["profile"]["version"].is_null() {
            // The canonical form fills in what the platform writes.
            input["profile"]["version"] = json!("1.0");
        }
        assert_eq!(canonical.document(), input, "{name}: TSL → TSL keeps every value (version, schema URL, callType)");
        let tmj = convert(&canonical.text, Format::ThingModelJson).expect("to ThingModelJson");
        assert!(validate(&tmj.text).valid, "{name}: the ThingModelJson validates");
        let back = convert(&tmj.text, Format::Tsl).expect("back to TSL");
        let not_carried: Vec<&str> = tmj.diagnostics.iter().filter(|d| d.code == Code::NotCarried).map(|d| d.pointer.as_str()).collect();
        if name == "export-sync-set-get.tsl.json" {
            assert_eq!(not_carried, ["/schema", "/services/0/callType", "/services/1/callType"], "{name}: {}", common::render(&tmj.diagnostics));
            assert!(tmj.diagnostics.iter().any(|d| d.message.contains("`get` comes back asynchronous")), "{}", common::render(&tmj.diagnostics));
            let mut expected = input.clone();
            expected["schema"] = json!("https://iotx-tsl.oss-ap-southeast-1.aliyuncs.com/schema.json");
            expected["services"][0]["callType"] = json!("async");
            expected["services"][1]["callType"] = json!("async");
            assert_eq!(back.document(), expected, "{name}: only what was reported changed");
        } else {
            assert!(not_carried.is_empty(), "{name}: {}", common::render(&tmj.diagnostics));
            assert_eq!(back.text, canonical.text, "{name}: round trip");
        }
    }
}

/// What the platform writes that means nothing where it stands is read, warned about and
/// converted: OPC UA's `"outputData": ""` is an empty list with no Modbus diagnostics.
#[test]
fn neutral_extend_config_values_are_warnings() {
    let text = common::fixture("valid/export-modbus-opc-ua.thing-model.json");
    let report = validate(&text);
    let found: Vec<(Code, &str)> = report.diagnostics.iter().map(|d| (d.code, d.pointer.as_str())).collect();
    assert_eq!(
        found,
        [
            (Code::NeutralValue, "/properties/0/extendConfig/scaling"),
            (Code::NeutralValue, "/properties/0/extendConfig/originalDataType/specs/registerCount"),
            (Code::NeutralValue, "/properties/1/extendConfig/outputData"),
        ]
    );
    let export = convert(&text, Format::ExtendConfig).expect("converts").document();
    assert_eq!(export["properties"][1], json!({"identifier": "Speed", "displayName": "Speed"}));
    // Not neutral: a scaling of 2 on a bool is still an error.
    let scaled = text.replacen("\"scaling\": 1", "\"scaling\": 2", 1);
    assert!(validate(&scaled).errors().any(|d| d.code == Code::Scaling));
}

/// Found by the `convert` fuzz target: a bool property mapped to a bit of an `int16` register
/// (`bitMask`) is valid, and so is the extendConfig export made from it, which no longer says
/// the property is a bool.
#[test]
fn a_bool_read_from_a_register_bit_exports_valid() {
    let text = r#"{"productKey": "a1", "events": [], "services": [], "properties": [{"productKey": "a1", "identifier": "PumpOn",
        "name": "水泵开关", "rwFlag": "READ_WRITE", "required": false, "custom": true, "dataType": "BOOL",
        "dataSpecsList": [{"custom": true, "dataType": "BOOL", "name": "关", "value": 0}, {"custom": true, "dataType": "BOOL", "name": "开", "value": 1}],
        "extendConfig": {"identifier": "PumpOn", "registerAddress": "0x20", "operateType": "holdingRegister", "writeFunctionCode": 6,
            "writeOnly": 0, "bitMask": 4, "pollingTime": 1000, "trigger": 2, "originalDataType": {"type": "int16", "specs": {"swap": 0, "reverseRegister": 0}}}}]}"#;
    assert!(validate(text).valid, "{}", common::render(&validate(text).diagnostics));
    let export = convert(text, Format::ExtendConfig).expect("converts");
    assert!(validate(&export.text).valid, "{}", common::render(&validate(&export.text).diagnostics));
    // On an int property the feature's type says it: still an error.
    let int = text.replace(r#""dataType": "BOOL","#, r#""dataType": "INT","#).replace(
        r#""dataSpecsList": [{"custom": true, "dataType": "BOOL", "name": "关", "value": 0}, {"custom": true, "dataType": "BOOL", "name": "开", "value": 1}]"#,
        r#""dataSpecs": {"dataType": "INT", "min": "0", "max": "1", "step": "1", "custom": true}"#,
    );
    assert_ne!(int, text);
    assert!(validate(&int).errors().any(|d| d.code == Code::BitMask), "{}", common::render(&validate(&int).diagnostics));
}

/// Found by the `convert` fuzz target: a simple TSL (no names, no specs) converted to a full
/// TSL made an invalid document. It converts to a simple TSL only, and says why otherwise.
#[test]
fn a_simple_tsl_converts_to_simple_tsl_only() {
    let simple = r#"{"schema": "https://iotx-tsl.oss-ap-southeast-1.aliyuncs.com/schema.json", "profile": {"productKey": "a1"},
        "properties": [{"identifier": "level", "dataType": {"type": "int"}}],
        "events": [{"identifier": "LowBattery", "type": "alert", "method": "thing.event.LowBattery.post", "outputData": []}],
        "services": []}"#;
    assert!(validate(simple).valid, "{}", common::render(&validate(simple).diagnostics));
    for to in [Format::Tsl, Format::ThingModelJson, Format::Tencent, Format::Huawei, Format::Wot] {
        match convert(simple, to) {
            Err(e @ ConvertError::Unsupported { from: Format::SimpleTsl, .. }) => {
                assert!(e.to_string().contains("no names or specs"), "{e}");
                assert_eq!(thingkit::json::ErrorFields::from(&e).code, Code::UnsupportedConversion);
            }
            other => panic!("{to}: {other:?}"),
        }
    }
    let again = convert(simple, Format::SimpleTsl).expect("converts");
    assert!(validate(&again.text).valid);
}
