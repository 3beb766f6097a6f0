//! Alink messages against a thing model at the three levels of `ValidateType`.

mod common;

use serde_json::{Value, json};
use thingkit::Code;
use thingkit::data::{DataCheck, DataModel, Level, check};
use thingkit::model::Tsl;

fn model() -> DataModel {
    let default: Tsl = serde_json::from_str(&common::fixture("valid/all-types.tsl.json")).expect("tsl");
    let battery: Tsl = serde_json::from_str(&common::fixture("valid/custom-module.tsl.json")).expect("tsl");
    DataModel::new([&default, &battery])
}

fn post(params: Value) -> Value {
    json!({"id": "123", "version": "1.0", "method": "thing.event.property.post", "params": params})
}

fn codes(c: &DataCheck) -> Vec<(&str, &str)> {
    c.failures.iter().map(|f| (f.code.as_str(), f.pointer.as_str())).collect()
}

#[test]
fn a_valid_property_post_passes_whole() {
    let m = post(json!({
        "Temperature": 21.5, "Brightness": 80, "Energy": {"value": 12.25, "time": 1524448722000u64}, "Label": "客厅",
        "LastSeen": "1524448722000", "PowerSwitch": 1, "Mode": 10,
        "GeoLocation": {"Longitude": 120.1, "Latitude": 30.2, "CoordinateSystem": 1, "Fixed": 1, "FixTime": 1524448722000u64, "Source": "gps"},
        "Readings": [1, 2, 3], "Channels": [{"Index": 0, "Enabled": 1}], "Tags": ["a"], "Calibration": [1.5, 2.0]
    }));
    for level in [Level::Strong, Level::Weak, Level::None] {
        let c = check(&model(), &m, level);
        assert!(c.failures.is_empty(), "{level:?}: {:?}", c.failures);
        assert_eq!(c.passed.as_ref(), Some(&m));
    }
}

#[test]
fn weak_checks_identifiers_and_kinds_and_lets_everything_through() {
    let m = post(json!({"Temperature": "hot", "Nope": 1, "Brightness": 1000}));
    let c = check(&model(), &m, Level::Weak);
    assert_eq!(codes(&c), [("TK4003", "/params/Nope"), ("TK4004", "/params/Temperature")]);
    assert_eq!(c.passed.as_ref(), Some(&m), "weak: everything goes on");
    assert_eq!(c.failures[1].identifier, "Temperature");
}

#[test]
fn strong_checks_everything_and_keeps_only_what_passed() {
    let m = post(json!({"Temperature": 200, "Brightness": 50, "Label": "x".repeat(10241), "Mode": 3, "PowerSwitch": 2,
        "Readings": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], "GeoLocation": {"Altitude": 1}, "LastSeen": "yesterday"}));
    let c = check(&model(), &m, Level::Strong);
    let mut found = codes(&c);
    found.sort_unstable();
    assert_eq!(
        found,
        [
            ("TK4005", "/params/Temperature"),
            ("TK4006", "/params/Label"),
            ("TK4007", "/params/Mode"),
            ("TK4008", "/params/PowerSwitch"),
            ("TK4009", "/params/Readings"),
            ("TK4010", "/params/GeoLocation/Altitude"),
            ("TK4013", "/params/LastSeen"),
        ]
    );
    assert_eq!(c.passed, Some(post(json!({"Brightness": 50}))));
}

#[test]
fn nested_values_are_checked_in_strong_mode() {
    let m = post(json!({"Channels": [{"Index": 7, "Enabled": 1}], "GeoLocation": {"Latitude": 91}}));
    let c = check(&model(), &m, Level::Strong);
    assert_eq!(codes(&c), [("TK4005", "/params/Channels/0/Index"), ("TK4005", "/params/GeoLocation/Latitude")]);
    assert_eq!(c.passed, None, "nothing passed");
    assert!(check(&model(), &m, Level::Weak).failures.is_empty(), "weak looks at the top-level kind only");
}

#[test]
fn set_and_get() {
    let set = json!({"id": "1", "version": "1.0", "method": "thing.service.property.set", "params": {"Temperature": 20, "Brightness": 10}});
    let c = check(&model(), &set, Level::Strong);
    assert_eq!(codes(&c), [("TK4011", "/params/Temperature")]);
    assert_eq!(c.passed.expect("passed")["params"], json!({"Brightness": 10}));
    let get = json!({"id": "2", "version": "1.0", "method": "thing.service.property.get", "params": ["Temperature", "Nope", 3]});
    let c = check(&model(), &get, Level::Strong);
    assert_eq!(codes(&c), [("TK4003", "/params/1"), ("TK4004", "/params/2")]);
    assert_eq!(c.passed.expect("passed")["params"], json!(["Temperature"]));
}

#[test]
fn events_services_and_replies() {
    let event = json!({"id": "3", "version": "1.0", "method": "thing.event.Overheat.post",
        "params": {"value": {"Temperature": 90.5, "Threshold": 80}, "time": 1524448722000u64}});
    assert!(check(&model(), &event, Level::Strong).failures.is_empty());
    let bad = json!({"id": "3", "version": "1.0", "method": "thing.event.Overheat.post",
        "params": {"value": {"Temperature": 90.5, "Extra": 1}, "time": "soon"}});
    let c = check(&model(), &bad, Level::Strong);
    assert_eq!(codes(&c), [("TK4013", "/params/time"), ("TK4003", "/params/value/Extra")]);
    assert_eq!(c.passed, None, "an event passes whole or not at all");
    let unknown = json!({"id": "3", "version": "1.0", "method": "thing.event.Nope.post", "params": {"value": {}}});
    assert_eq!(codes(&check(&model(), &unknown, Level::Weak)), [("TK4002", "/method")]);

    let call = json!({"id": "4", "version": "1.0", "method": "thing.service.Reboot", "params": {"Delay": 5}});
    assert!(check(&model(), &call, Level::Strong).failures.is_empty());
    let call = json!({"id": "4", "version": "1.0", "method": "thing.service.Reboot", "params": {"Delay": 4000}});
    assert_eq!(codes(&check(&model(), &call, Level::Strong)), [("TK4005", "/params/Delay")]);
    let reply = json!({"id": "4", "code": 200, "method": "thing.service.Reboot", "data": {"Result": 3}});
    assert_eq!(codes(&check(&model(), &reply, Level::Strong)), [("TK4008", "/data/Result")]);
    let get_reply = json!({"id": "2", "code": 200, "method": "thing.service.property.get", "data": {"Brightness": 5}});
    assert!(check(&model(), &get_reply, Level::Strong).failures.is_empty());
}

#[test]
fn batch_post_keeps_the_entries_that_passed() {
    let m = json!({"id": "5", "version": "1.0", "method": "thing.event.property.batch.post", "params": {
        "properties": {"Brightness": [{"value": 10, "time": 1524448722000u64}, {"value": 101, "time": 1524448722001u64}], "Nope": [{"value": 1}]},
        "events": {"Overheat": [{"value": {"Threshold": 80}, "time": 1524448722000u64}, {"value": {"Threshold": "x"}}]}
    }});
    let c = check(&model(), &m, Level::Strong);
    assert_eq!(
        codes(&c),
        [
            ("TK4005", "/params/properties/Brightness/1/value"),
            ("TK4003", "/params/properties/Nope"),
            ("TK4004", "/params/events/Overheat/1/value/Threshold"),
        ]
    );
    let passed = c.passed.expect("passed");
    assert_eq!(passed["params"]["properties"], json!({"Brightness": [{"value": 10, "time": 1524448722000u64}]}));
    assert_eq!(passed["params"]["events"]["Overheat"].as_array().expect("list").len(), 1);
}

#[test]
fn custom_module_features_use_block_id_keys() {
    let m = post(json!({"BatteryModule:Level": 80, "Level": 80}));
    let c = check(&model(), &m, Level::Strong);
    assert_eq!(codes(&c), [("TK4003", "/params/Level")], "a custom module's feature needs its block id");
    let event =
        json!({"id": "6", "version": "1.0", "method": "thing.event.BatteryModule:LowBattery.post", "params": {"value": {"Level": 5}}});
    assert!(check(&model(), &event, Level::Strong).failures.is_empty());
}

#[test]
fn envelope_problems() {
    let c = check(&model(), &json!([1]), Level::Strong);
    assert_eq!(codes(&c), [("TK4001", "")]);
    let c = check(
        &model(),
        &json!({"id": 7, "version": "1.0", "method": "thing.event.property.post", "params": {"Brightness": 1}}),
        Level::Strong,
    );
    assert_eq!(codes(&c), [("TK4001", "/id")]);
    assert_eq!(c.passed, None);
    let c = check(&model(), &json!({"id": "7", "params": {}}), Level::Weak);
    assert_eq!(codes(&c), [("TK4001", "")]);
    let many: serde_json::Map<String, Value> = (0..201).map(|i| (format!("p{i}"), json!(1))).collect();
    let c = check(&model(), &post(Value::Object(many)), Level::Weak);
    assert_eq!(c.failures[0].code, Code::TooManyProperties);
    assert!(check(&model(), &json!("anything"), Level::None).failures.is_empty());
}

/// A simple TSL (identifiers and data types, as `Simple=true` returns) is a data model: it
/// converts to nothing fuller, but has what a message check needs.
#[test]
fn a_simple_tsl_is_a_data_model() {
    let simple = thingkit::convert(&common::fixture("valid/all-types.tsl.json"), thingkit::Format::SimpleTsl).expect("simple").text;
    let simple_model = DataModel::from_texts([simple.as_str()]).expect("a simple TSL reads as a data model");
    let full = model();
    for message in [post(json!({"Temperature": 21.5})), post(json!({"Temperature": "warm"})), post(json!({"Nope": 1}))] {
        let simple_codes: Vec<String> = check(&simple_model, &message, Level::Weak).failures.iter().map(|f| f.code.to_string()).collect();
        let full_codes: Vec<String> = check(&full, &message, Level::Weak).failures.iter().map(|f| f.code.to_string()).collect();
        assert_eq!(simple_codes, full_codes, "{message}");
    }
}

#[test]
fn owned_and_borrowed_checks_agree_and_weak_leaves_the_message_as_it_came() {
    use thingkit::data::check_owned;
    let messages = [
        post(json!({"Brightness": 50, "Temperature": "hot", "Nope": 1, "Readings": [1, "x", 3]})),
        json!({"id": "7", "version": "1.0", "method": "thing.event.property.batch.post", "params": {
            "properties": {"Brightness": [{"value": 10, "time": 1}, {"value": 999999, "time": 2}], "Nope": [{"value": 1}]},
            "events": {"Overheat": [{"value": {"Temperature": 90.5}, "time": 3}, {"value": {"Extra": 1}}]},
            "other": 1}}),
        // A reply with no data passes as `data: null` at the strong level, and stays as it came at the weak one.
        json!({"id": "8", "code": 200, "method": "thing.event.property.post"}),
        json!({"id": "9", "version": "1.0", "method": "thing.service.property.get", "params": ["Brightness", "Nope", 3]}),
    ];
    for m in &messages {
        for level in [Level::Strong, Level::Weak, Level::None] {
            let borrowed = check(&model(), m, level);
            assert_eq!(check_owned(&model(), m.clone(), level), borrowed, "{level:?} {m}");
            if level != Level::Strong {
                assert_eq!(borrowed.passed.as_ref(), Some(m), "{level:?}: the whole message goes on, unchanged");
            }
        }
    }
    let reply = check(&model(), &messages[2], Level::Strong).passed.expect("passes");
    assert_eq!(reply["data"], Value::Null);
    let batch = check(&model(), &messages[1], Level::Strong).passed.expect("passes");
    assert_eq!(
        batch["params"],
        json!({"properties": {"Brightness": [{"value": 10, "time": 1}]}, "events": {"Overheat": [{"value": {"Temperature": 90.5}, "time": 3}]}})
    );
    let get = check(&model(), &messages[3], Level::Strong);
    assert_eq!(codes(&get), [("TK4003", "/params/1"), ("TK4004", "/params/2")]);
    assert_eq!(get.passed.expect("passes")["params"], json!(["Brightness"]));
}

#[test]
fn enum_keys_match_integers_as_written() {
    let tsl: Tsl = serde_json::from_value(json!({"properties": [{"identifier": "Mode", "name": "模式", "accessMode": "rw", "required": false,
        "dataType": {"type": "enum", "specs": {" 1 ": "一", "02": "二", "3": "三"}}}]}))
    .expect("tsl");
    let model = DataModel::new([&tsl]);
    let codes_of = |n: Value| check(&model, &post(json!({"Mode": n})), Level::Strong).failures.iter().map(|f| f.code.as_str().to_string()).collect::<Vec<_>>();
    assert!(codes_of(json!(1)).is_empty(), "a key with spaces around it");
    assert!(codes_of(json!(3)).is_empty());
    assert_eq!(codes_of(json!(2)), ["TK4007"], "`02` is not how 2 is written");
    assert_eq!(codes_of(json!(4)), ["TK4007"]);
}

#[test]
fn the_check_as_text_is_the_check_as_a_value_written_out() {
    let m = post(json!({"Brightness": 50, "Temperature": "hot"}));
    for level in [Level::Strong, Level::Weak, Level::None] {
        let c = check(&model(), &m, level);
        assert_eq!(thingkit::json::data_check_text(&c, level), thingkit::json::data_check(c.clone(), level).to_string(), "{level:?}");
    }
}
