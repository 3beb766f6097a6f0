//! Rules stricter than the platform's published schemas: each case below is something a loose
//! schema (unanchored patterns, no cross-field rules) lets through; thingkit rejects it with
//! its own code at the right pointer.

mod common;

use serde_json::{Value, json};
use thingkit::{Code, validate};

fn property(data_type: Value) -> Value {
    json!({"identifier": "Level", "name": "等级", "accessMode": "rw", "required": false, "dataType": data_type})
}

fn tsl(properties: Vec<Value>) -> String {
    json!({"profile": {"productKey": "a1Strict"}, "properties": properties, "events": [], "services": []}).to_string()
}

fn int_type(min: &str, max: &str, step: &str) -> Value {
    json!({"type": "int", "specs": {"min": min, "max": max, "step": step}})
}

/// Asserts that validating `text` gives an error `code` at `pointer`.
#[track_caller]
fn rejects(text: &str, code: Code, pointer: &str) {
    let report = validate(text);
    assert!(!report.valid, "expected {code} at {pointer}, but the document is valid");
    assert!(
        report.diagnostics.iter().any(|d| d.code == code && d.pointer == pointer && d.is_error()),
        "expected {code} at {pointer}; got:\n{}",
        common::render(&report.diagnostics)
    );
}

fn with(base: Value, pointer: &str, value: Value) -> String {
    let mut doc = base;
    *doc.pointer_mut(pointer).expect("pointer exists") = value;
    doc.to_string()
}

fn base() -> Value {
    serde_json::from_str(&tsl(vec![property(int_type("0", "100", "1"))])).expect("json")
}

#[test]
fn the_base_document_is_valid() {
    let report = validate(&base().to_string());
    assert!(report.valid && report.diagnostics.is_empty(), "{}", common::render(&report.diagnostics));
}

/// Alibaba's schema writes the identifier pattern without anchors, so any string containing
/// one allowed character matches it. Shown here with that very pattern.
#[test]
fn unanchored_identifier_pattern_is_closed() {
    let loose = json!({"type": "string", "pattern": "[a-zA-Z0-9_]{1,50}"});
    for bad in ["temp-1", "温度 1", "a.b", &"x".repeat(51)] {
        assert!(jsonschema::is_valid(&loose, &json!(bad)), "the loose pattern accepts `{bad}`");
        rejects(&with(base(), "/properties/0/identifier", json!(bad)), Code::InvalidIdentifier, "/properties/0/identifier");
    }
}

#[test]
fn bad_access_mode() {
    rejects(&with(base(), "/properties/0/accessMode", json!("rx")), Code::NotAllowedValue, "/properties/0/accessMode");
    rejects(&with(base(), "/properties/0/accessMode", json!("READ_WRITE")), Code::NotAllowedValue, "/properties/0/accessMode");
}

#[test]
fn reserved_words() {
    for word in ["set", "get", "post", "property", "event", "time", "value"] {
        rejects(&with(base(), "/properties/0/identifier", json!(word)), Code::ReservedIdentifier, "/properties/0/identifier");
    }
}

#[test]
fn duplicate_identifiers_and_names() {
    let mut second = property(int_type("0", "1", "1"));
    second["name"] = json!("另一个");
    rejects(&tsl(vec![property(int_type("0", "1", "1")), second]), Code::DuplicateIdentifier, "/properties/1/identifier");
    let mut other = property(int_type("0", "1", "1"));
    other["identifier"] = json!("Other");
    rejects(&tsl(vec![property(int_type("0", "1", "1")), other]), Code::DuplicateName, "/properties/1/name");
    let members = json!({"type": "struct", "specs": [
        {"identifier": "a", "name": "甲", "dataType": {"type": "date", "specs": {}}},
        {"identifier": "a", "name": "乙", "dataType": {"type": "date", "specs": {}}}
    ]});
    rejects(&tsl(vec![property(members)]), Code::DuplicateIdentifier, "/properties/0/dataType/specs/1/identifier");
}

#[test]
fn names_count_cjk_as_one_character() {
    let thirty_cjk = "温".repeat(30);
    let ok = with(base(), "/properties/0/name", json!(thirty_cjk));
    assert!(validate(&ok).valid, "30 CJK characters are allowed");
    rejects(&with(base(), "/properties/0/name", json!("温".repeat(31))), Code::NameTooLong, "/properties/0/name");
    rejects(&with(base(), "/properties/0/name", json!("-温度")), Code::InvalidName, "/properties/0/name");
    rejects(&with(base(), "/properties/0/name", json!("温度 1")), Code::InvalidName, "/properties/0/name");
}

#[test]
fn numeric_specs() {
    rejects(&tsl(vec![property(int_type("10", "1", "1"))]), Code::MinGreaterThanMax, "/properties/0/dataType/specs/min");
    rejects(&tsl(vec![property(int_type("0", "10", "11"))]), Code::InvalidStep, "/properties/0/dataType/specs/step");
    rejects(&tsl(vec![property(int_type("0", "10", "0"))]), Code::InvalidStep, "/properties/0/dataType/specs/step");
    rejects(&tsl(vec![property(int_type("0", "2147483648", "1"))]), Code::IntOutOfRange, "/properties/0/dataType/specs/max");
    rejects(&tsl(vec![property(int_type("0.5", "10", "1"))]), Code::IntOutOfRange, "/properties/0/dataType/specs/min");
    rejects(&tsl(vec![property(int_type("0", "ten", "1"))]), Code::NotANumber, "/properties/0/dataType/specs/max");
    let float = json!({"type": "float", "specs": {"min": "0", "max": "1e39", "step": "1"}});
    rejects(&tsl(vec![property(float)]), Code::FloatOutOfRange, "/properties/0/dataType/specs/max");
    // Decimal steps that binary floats cannot hold exactly are still accepted.
    let fine = json!({"type": "double", "specs": {"min": "0.1", "max": "0.3", "step": "0.2"}});
    assert!(validate(&tsl(vec![property(fine)])).valid);
}

#[test]
fn text_length_and_array_size() {
    let text = |n: &str| json!({"type": "text", "specs": {"length": n}});
    assert!(validate(&tsl(vec![property(text("10240"))])).valid);
    rejects(&tsl(vec![property(text("10241"))]), Code::TextLength, "/properties/0/dataType/specs/length");
    rejects(&tsl(vec![property(text("0"))]), Code::TextLength, "/properties/0/dataType/specs/length");
    let array = |n: &str| json!({"type": "array", "specs": {"size": n, "item": {"type": "int"}}});
    assert!(validate(&tsl(vec![property(array("512"))])).valid);
    rejects(&tsl(vec![property(array("0"))]), Code::ArraySize, "/properties/0/dataType/specs/size");
    rejects(&tsl(vec![property(array("513"))]), Code::ArraySize, "/properties/0/dataType/specs/size");
}

#[test]
fn nesting_and_member_types() {
    let inner = json!({"type": "struct", "specs": [{"identifier": "x", "name": "x", "dataType": {"type": "date", "specs": {}}}]});
    let nested = json!({"type": "struct", "specs": [{"identifier": "inner", "name": "内", "dataType": inner}]});
    rejects(&tsl(vec![property(nested)]), Code::StructMemberType, "/properties/0/dataType/specs/0/dataType/type");
    let deep = json!({"type": "array", "specs": {"size": "2", "item": {"type": "struct", "specs": [
        {"identifier": "inner", "name": "内", "dataType": {"type": "array", "specs": {"size": "2", "item": {"type": "int"}}}}
    ]}}});
    rejects(&tsl(vec![property(deep)]), Code::NestingLevel, "/properties/0/dataType/specs/item/specs/0/dataType/type");
    let bool_items = json!({"type": "array", "specs": {"size": "2", "item": {"type": "bool", "specs": {"0": "否", "1": "是"}}}});
    rejects(&tsl(vec![property(bool_items)]), Code::ArrayItemType, "/properties/0/dataType/specs/item/type");
}

#[test]
fn enum_and_bool_keys() {
    let bad_enum = json!({"type": "enum", "specs": {"0": "零", "a": "甲"}});
    rejects(&tsl(vec![property(bad_enum)]), Code::EnumKey, "/properties/0/dataType/specs/a");
    let empty_enum = json!({"type": "enum", "specs": {}});
    rejects(&tsl(vec![property(empty_enum)]), Code::EmptyEnum, "/properties/0/dataType/specs");
    let bad_bool = json!({"type": "bool", "specs": {"0": "关", "2": "开"}});
    rejects(&tsl(vec![property(bad_bool)]), Code::BoolKeys, "/properties/0/dataType/specs");
    let long_label = json!({"type": "bool", "specs": {"0": "关".repeat(21), "1": "开"}});
    rejects(&tsl(vec![property(long_label)]), Code::NameTooLong, "/properties/0/dataType/specs/0");
}

#[test]
fn methods_follow_identifiers() {
    let doc = json!({"profile": {}, "properties": [], "services": [], "events": [
        {"identifier": "Alarm", "name": "告警", "type": "alert", "required": false, "method": "thing.event.Alarm2.post", "outputData": []}
    ]});
    rejects(&doc.to_string(), Code::MethodMismatch, "/events/0/method");
    let doc = json!({"profile": {}, "properties": [], "events": [], "services": [
        {"identifier": "Reboot", "name": "重启", "required": false, "callType": "async", "method": "thing.service.Reboot", "inputData": ["Level"], "outputData": []}
    ]});
    rejects(&doc.to_string(), Code::GetInputData, "/services/0/inputData/0");
}

#[test]
fn document_over_256_kb() {
    let padding = "x".repeat(256 * 1024);
    let text = with(base(), "/profile/productKey", json!(padding));
    rejects(&text, Code::DocumentTooLarge, "");
}

#[test]
fn function_blocks() {
    let mut doc = base();
    doc["functionBlockId"] = json!("bad-id");
    doc["functionBlockName"] = json!("电池");
    let text = doc.to_string();
    rejects(&text, Code::InvalidFunctionBlockId, "/functionBlockId");
    rejects(&text, Code::InvalidFunctionBlockName, "/functionBlockName");
}

fn tmj_property(extra: Value) -> Value {
    let mut p = json!({
        "productKey": "a1", "identifier": "Pressure", "name": "压力", "rwFlag": "READ_WRITE", "required": false, "custom": true,
        "dataType": "INT", "dataSpecs": {"dataType": "INT", "min": "0", "max": "100", "step": "1"}
    });
    for (k, v) in extra.as_object().expect("object") {
        p[k] = v.clone();
    }
    p
}

fn tmj(properties: Vec<Value>, services: Vec<Value>) -> String {
    json!({"productKey": "a1", "properties": properties, "services": services, "events": []}).to_string()
}

#[test]
fn thing_model_json_rules() {
    rejects(
        &tmj(
            vec![tmj_property(json!({"dataSpecs": {"dataType": "INT", "min": "0", "max": "100", "step": "1", "defaultValue": "101"}}))],
            vec![],
        ),
        Code::DefaultOutOfRange,
        "/properties/0/dataSpecs/defaultValue",
    );
    rejects(
        &tmj(vec![tmj_property(json!({"dataType": "ENUM", "dataSpecs": null}))], vec![]),
        Code::SpecsKindMismatch,
        "/properties/0/dataSpecs",
    );
    let param = |order: u32| {
        json!({"identifier": format!("p{order}"), "name": "参数", "direction": "PARAM_INPUT", "paraOrder": order, "custom": true,
               "dataType": "DATE", "dataSpecs": {"dataType": "DATE"}})
    };
    let service = |params: Vec<Value>| {
        json!({"productKey": "a1", "identifier": "Run", "serviceName": "运行", "callType": "ASYNC", "required": false, "custom": true,
               "inputParams": params, "outputParams": []})
    };
    let mut repeated = param(0);
    repeated["identifier"] = json!("q");
    rejects(&tmj(vec![], vec![service(vec![param(0), repeated])]), Code::ParaOrder, "/services/0/inputParams/1/paraOrder");
    rejects(&tmj(vec![], vec![service(vec![param(0), param(2)])]), Code::ParaOrder, "/services/0/inputParams/1/paraOrder");
    let mut wrong = param(0);
    wrong["direction"] = json!("PARAM_OUTPUT");
    rejects(&tmj(vec![], vec![service(vec![wrong])]), Code::ParamDirection, "/services/0/inputParams/0/direction");
}

fn modbus(extra: Value) -> Value {
    let mut c = json!({"identifier": "Pressure", "registerAddress": "0x10", "operateType": "holdingRegister",
        "writeFunctionCode": 6, "writeOnly": 0, "scaling": 1, "trigger": 1,
        "originalDataType": {"type": "int16", "specs": {"swap": 0, "reverseRegister": 0}}});
    for (k, v) in extra.as_object().expect("object") {
        c[k] = v.clone();
    }
    c
}

#[test]
fn modbus_extend_config() {
    let case = |config: Value| tmj(vec![tmj_property(json!({"extendConfig": config}))], vec![]);
    assert!(validate(&case(modbus(json!({})))).valid, "the base Modbus mapping is valid");
    let at = |k: &str| format!("/properties/0/extendConfig/{k}");
    rejects(&case(modbus(json!({"registerAddress": "0x10000"}))), Code::RegisterAddress, &at("registerAddress"));
    rejects(&case(modbus(json!({"registerAddress": "16"}))), Code::RegisterAddress, &at("registerAddress"));
    rejects(
        &case(modbus(json!({"operateType": "coilStatus", "writeFunctionCode": 16}))),
        Code::WriteFunctionCode,
        &at("writeFunctionCode"),
    );
    rejects(&case(modbus(json!({"writeFunctionCode": 0, "writeOnly": 1}))), Code::WriteOnly, &at("writeOnly"));
    rejects(&case(modbus(json!({"scaling": 0}))), Code::Scaling, &at("scaling"));
    rejects(&case(modbus(json!({"bitMask": 3}))), Code::BitMask, &at("bitMask"));
    rejects(&case(modbus(json!({"bitMask": 4}))), Code::BitMask, &at("bitMask"));
    rejects(
        &case(modbus(json!({"originalDataType": {"type": "int16", "specs": {"registerCount": 2}}}))),
        Code::OriginalDataTypeSpecs,
        "/properties/0/extendConfig/originalDataType/specs/registerCount",
    );
    rejects(&case(modbus(json!({"identifier": "Other"}))), Code::ExtendConfigIdentifier, &at("identifier"));
    // Modbus maps properties only.
    let service = json!({"productKey": "a1", "identifier": "Run", "serviceName": "运行", "callType": "ASYNC", "required": false,
        "custom": true, "inputParams": [], "outputParams": [], "extendConfig": modbus(json!({"identifier": "Run"}))});
    rejects(&tmj(vec![], vec![service]), Code::ExtendConfigKind, "/services/0/extendConfig");
}

#[test]
fn opc_ua_extend_config() {
    let case = |config: Value| tmj(vec![tmj_property(json!({"extendConfig": config}))], vec![]);
    rejects(
        &case(json!({"identifier": "Pressure", "outputData": [{"identifier": "x", "index": 1}]})),
        Code::OpcUaDisplayName,
        "/properties/0/extendConfig",
    );
    rejects(
        &case(
            json!({"identifier": "Pressure", "displayName": "P", "inputData": [{"identifier": "a", "index": 1}, {"identifier": "b", "index": 1}]}),
        ),
        Code::OpcUaIndex,
        "/properties/0/extendConfig/inputData/1/index",
    );
}

#[test]
fn all_problems_in_one_pass_in_document_order() {
    let text = common::fixture("invalid/broken.tsl.json");
    let report = validate(&text);
    let codes: Vec<Code> = report.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::ReservedIdentifier, Code::InvalidName, Code::NotAllowedValue, Code::MinGreaterThanMax]);
    let positions: Vec<(usize, usize)> = report.diagnostics.iter().map(|d| (d.line, d.column)).collect();
    let mut sorted = positions.clone();
    sorted.sort();
    assert_eq!(positions, sorted);
    assert_eq!(validate(&text), report, "the same input gives the same report");
}

/// The platform counts "effective" characters: white space between tokens does not count, so
/// pretty-printing a document near the limit does not push it over.
#[test]
fn size_limit_ignores_white_space_between_tokens() {
    let padding = "x".repeat(200 * 1024);
    let compact = with(base(), "/profile/productKey", json!(padding));
    let spaced = format!("{{\n{}{}", " ".repeat(100 * 1024), &compact[1..]);
    assert!(spaced.len() > 256 * 1024, "the text itself is over 256 KB");
    assert!(!validate(&spaced).diagnostics.iter().any(|d| d.code == Code::DocumentTooLarge));
}
