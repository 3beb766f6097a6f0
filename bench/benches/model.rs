//! Validation and conversion of a large model (330 features) against serde_json's own parse +
//! serialize of the same document, measured in the same run. Goal: conversion within 3×.
//!
//! `cargo bench -p thingkit-bench --bench model` prints criterion's statistics, then a ratio table.

use criterion::Criterion;
use serde_json::{Value, json};
use std::hint::black_box;
use std::time::Duration;
use thingkit::convert::convert_validated;
use thingkit::{Format, convert, validate};
use thingkit_bench::median;

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

fn ratios(tsl: &str, tmj: &str) {
    let budget = Duration::from_millis(1500);
    let base_tsl = median(budget, || drop(black_box(serde_round_trip(tsl))));
    let base_tmj = median(budget, || drop(black_box(serde_round_trip(tmj))));
    let rows = [
        ("validate TSL", median(budget, || drop(black_box(validate(tsl)))), base_tsl),
        ("validate ThingModelJson", median(budget, || drop(black_box(validate(tmj)))), base_tmj),
        (
            "convert TSL->ThingModelJson",
            median(budget, || drop(black_box(convert_validated(tsl, Format::Tsl, Format::ThingModelJson)))),
            base_tsl,
        ),
        (
            "convert ThingModelJson->TSL",
            median(budget, || drop(black_box(convert_validated(tmj, Format::ThingModelJson, Format::Tsl)))),
            base_tmj,
        ),
        ("validate + convert TSL->ThingModelJson", median(budget, || drop(black_box(convert(tsl, Format::ThingModelJson)))), base_tsl),
    ];
    println!("\nlarge model: {} KB TSL, {} KB ThingModelJson", tsl.len() / 1024, tmj.len() / 1024);
    println!("serde_json parse + serialize: TSL {base_tsl:?}, ThingModelJson {base_tmj:?}");
    println!("{:<42} {:>12} {:>18}", "operation", "median", "× serde_json");
    for (name, t, base) in rows {
        println!("{name:<42} {t:>12?} {:>17.2}×", t.as_secs_f64() / base.as_secs_f64());
    }
    println!("goal: conversion within 3× of serde_json's own parse + serialize");
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
