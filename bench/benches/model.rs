//! Validation and conversion of a large model (330 features) against serde_json's own parse +
//! serialize of the same document, and the device-data check of a message against serde_json's
//! parse of the same message, measured in the same run. Goals: validation within 2×, conversion
//! within 3×, the data check (parse and check) within 2× of the parse alone.
//!
//! `cargo bench -p thingkit-bench --bench model` prints criterion's statistics, then the goals
//! (also written to `target/bench-summary.json`); `-- nomatch` skips criterion's part.

use criterion::Criterion;
use serde_json::{Value, json};
use std::hint::black_box;
use std::time::Duration;
use thingkit::convert::convert_validated;
use thingkit::data::{DataModel, Level, check_owned};
use thingkit::{Format, convert, validate};
use thingkit_bench::{Goal, Summary, median};

/// A TSL with 300 properties (every data type), 15 events and 15 services.
fn large_tsl() -> String {
    let types = [
        json!({"type": "int", "specs": {"min": "0", "max": "1000", "step": "1", "unit": "mm", "unitName": "毫米"}}),
        json!({"type": "float", "specs": {"min": "-40", "max": "125", "step": "0.1", "unit": "°C", "unitName": "摄氏度"}}),
        json!({"type": "double", "specs": {"min": "0", "max": "99999.99", "step": "0.01"}}),
        json!({"type": "text", "specs": {"length": "255"}}),
        json!({"type": "date", "specs": {}}),
        json!({"type": "bool", "specs": {"0": "关", "1": "开"}}),
        json!({"type": "enum", "specs": {"0": "自动", "1": "手动", "2": "定时"}}),
        json!({"type": "struct", "specs": [
            {"identifier": "x", "name": "横", "dataType": {"type": "int", "specs": {"min": "0", "max": "10", "step": "1"}}},
            {"identifier": "y", "name": "纵", "dataType": {"type": "enum", "specs": {"0": "甲", "1": "乙"}}}
        ]}),
        json!({"type": "array", "specs": {"size": "8", "item": {"type": "int", "specs": {"min": "0", "max": "255", "step": "1"}}}}),
    ];
    let properties: Vec<Value> = (0..300)
        .map(|i| {
            json!({"identifier": format!("Prop_{i}"), "name": format!("属性{i}"), "accessMode": if i % 3 == 0 { "r" } else { "rw" },
            "required": false, "desc": "说明", "dataType": types[i % types.len()]})
        })
        .collect();
    let params = |n: usize| -> Vec<Value> {
        (0..n).map(|j| json!({"identifier": format!("p{j}"), "name": format!("参数{j}"), "dataType": types[j % types.len()]})).collect()
    };
    let events: Vec<Value> = (0..15)
        .map(|i| {
            json!({"identifier": format!("Event_{i}"), "name": format!("事件{i}"), "type": "alert", "required": false,
            "method": format!("thing.event.Event_{i}.post"), "outputData": params(4)})
        })
        .collect();
    let services: Vec<Value> = (0..15)
        .map(|i| {
            json!({"identifier": format!("Service_{i}"), "name": format!("服务{i}"), "required": false, "callType": "async",
            "method": format!("thing.service.Service_{i}"), "inputData": params(3), "outputData": params(2)})
        })
        .collect();
    let doc = json!({"schema": "https://iotx-tsl.oss-ap-southeast-1.aliyuncs.com/schema.json",
        "profile": {"version": "1.0", "productKey": "a1Bench"}, "properties": properties, "events": events, "services": services});
    // Canonical form, with the generated post/set/get, as a platform export has it.
    convert(&doc.to_string(), Format::Tsl).expect("valid model").text
}

fn serde_round_trip(text: &str) -> String {
    let v: Value = serde_json::from_str(text).expect("json");
    serde_json::to_string_pretty(&v).expect("serializes")
}

fn benches(c: &mut Criterion, tsl: &str, tmj: &str) {
    let mut g = c.benchmark_group("large-model");
    g.bench_function("serde_json parse+serialize (TSL)", |b| b.iter(|| serde_round_trip(black_box(tsl))));
    g.bench_function("validate TSL", |b| b.iter(|| validate(black_box(tsl))));
    g.bench_function("validate ThingModelJson", |b| b.iter(|| validate(black_box(tmj))));
    g.bench_function("convert TSL->ThingModelJson (no validation)", |b| {
        b.iter(|| convert_validated(black_box(tsl), Format::Tsl, Format::ThingModelJson))
    });
    g.bench_function("convert ThingModelJson->TSL (no validation)", |b| {
        b.iter(|| convert_validated(black_box(tmj), Format::ThingModelJson, Format::Tsl))
    });
    g.bench_function("convert TSL->ThingModelJson (validated)", |b| b.iter(|| convert(black_box(tsl), Format::ThingModelJson)));
    g.finish();
}

/// A property post of `n` properties of the large model, every value within its type.
fn property_post(tsl: &str, n: usize) -> String {
    let doc: Value = serde_json::from_str(tsl).expect("json");
    let mut params = serde_json::Map::new();
    for p in doc["properties"].as_array().expect("properties").iter().take(n) {
        let value = match p["dataType"]["type"].as_str().expect("type") {
            "int" => json!(7),
            "float" => json!(21.5),
            "double" => json!(1024.25),
            "text" => json!("客厅灯"),
            "date" => json!("1700000000000"),
            "bool" => json!(1),
            "enum" => json!(2),
            "struct" => json!({"x": 3, "y": 1}),
            "array" => json!([1, 2, 3, 4]),
            other => panic!("type {other}"),
        };
        params.insert(p["identifier"].as_str().expect("identifier").to_string(), value);
    }
    json!({"id": "1", "version": "1.0", "method": "thing.event.property.post", "params": params}).to_string()
}

fn ratios(tsl: &str, tmj: &str) {
    let budget = Duration::from_millis(1500);
    let base_tsl = median(budget, || drop(black_box(serde_round_trip(tsl))));
    let base_tmj = median(budget, || drop(black_box(serde_round_trip(tmj))));
    let peer = "serde_json parse + serialize of the same document";
    let mut summary = Summary::default();
    summary.add(Goal::time("validate/native/large-tsl", median(budget, || drop(black_box(validate(tsl)))), peer, base_tsl, 2.0));
    summary.add(Goal::time("validate/native/large-thingmodeljson", median(budget, || drop(black_box(validate(tmj)))), peer, base_tmj, 2.0));
    summary.add(Goal::time(
        "convert/native/tsl-to-thingmodeljson",
        median(budget, || drop(black_box(convert_validated(tsl, Format::Tsl, Format::ThingModelJson)))),
        peer,
        base_tsl,
        3.0,
    ));
    summary.add(Goal::time(
        "convert/native/thingmodeljson-to-tsl",
        median(budget, || drop(black_box(convert_validated(tmj, Format::ThingModelJson, Format::Tsl)))),
        peer,
        base_tmj,
        3.0,
    ));
    let validated_convert = median(budget, || drop(black_box(convert(tsl, Format::ThingModelJson))));
    println!("
large model: {} KB TSL, {} KB ThingModelJson", tsl.len() / 1024, tmj.len() / 1024);
    println!("serde_json parse + serialize: TSL {base_tsl:?}, ThingModelJson {base_tmj:?}");
    println!(
        "validate + convert TSL->ThingModelJson (not a goal): {validated_convert:?}, {:.2}× serde_json",
        validated_convert.as_secs_f64() / base_tsl.as_secs_f64()
    );

    // The data check: a message's text to what passed, against serde_json reading the text.
    let model = DataModel::from_texts([tsl]).expect("the model compiles");
    for (name, n) in [("data-check/native/3-properties", 3), ("data-check/native/200-properties", 200)] {
        let message = property_post(tsl, n);
        let checked = check_owned(&model, serde_json::from_str(&message).expect("json"), Level::Strong);
        assert!(checked.failures.is_empty(), "the message is valid: {:?}", checked.failures);
        let parse = median(budget, || drop(black_box(serde_json::from_str::<Value>(&message).expect("json"))));
        let ours = median(budget, || {
            let value: Value = serde_json::from_str(&message).expect("json");
            drop(black_box(check_owned(&model, value, Level::Strong)));
        });
        summary.add(Goal::time(name, ours, "serde_json parse of the same message", parse, 2.0));
    }
    summary.finish();
}

fn main() {
    let tsl = large_tsl();
    let tmj = convert(&tsl, Format::ThingModelJson).expect("converts").text;
    let features = 300 + 15 + 15;
    let compact = serde_json::to_string(&serde_json::from_str::<Value>(&tsl).expect("json")).expect("json").len();
    println!("compact TSL: {compact} bytes");
    assert!(validate(&tsl).valid, "the benchmark model is valid");
    println!("benchmark model: {features} features");
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c, &tsl, &tmj);
    c.final_summary();
    ratios(&tsl, &tmj);
}
