//! `thingkit examples`: the shipped example models, built into the program, validated and
//! converted, and the example codecs decoding and encoding the documented messages, checked
//! against their model — the whole tool at work with nothing to set up.

use crate::cli::{INVALID, OK, fidelity_text, report_text};
use crate::render;
use serde_json::{Value, json};
use thingkit::Format;
use thingkit::data::{DataModel, Level, check, read_module};
use thingkit::script::{Codec, CodecOptions, DecodeInput};

/// (file name, text, expected to be valid).
const EXAMPLES: &[(&str, &str, bool)] = &[
    ("all-types.tsl.json", include_str!("../../tests/fixtures/valid/all-types.tsl.json"), true),
    ("custom-module.tsl.json", include_str!("../../tests/fixtures/valid/custom-module.tsl.json"), true),
    ("extend-config.thing-model.json", include_str!("../../tests/fixtures/valid/extend-config.thing-model.json"), true),
    (
        "seed-get-thing-model-tsl-published.tsl.json",
        include_str!("../../tests/fixtures/valid/seed-get-thing-model-tsl-published.tsl.json"),
        true,
    ),
    ("tencent-fire-safety.json", include_str!("../../examples/tencent-fire-safety.json"), true),
    ("broken.tsl.json", include_str!("../../tests/fixtures/invalid/broken.tsl.json"), false),
];

/// A shipped codec and the documented exchanges it must reproduce.
struct CodecExample {
    name: &'static str,
    script: &'static str,
    /// The model its uplinks are checked against (strong), where it has one.
    model: Option<&'static str>,
    /// (uplink hex, the message it decodes to).
    uplink: (&'static str, fn() -> Value),
    /// (downlink message, the hex it encodes to).
    downlink: (fn() -> Value, &'static str),
}

const CODECS: &[CodecExample] = &[
    CodecExample {
        name: "alink-example.js",
        script: include_str!("../../examples/alink-example.js"),
        model: Some(include_str!("../../examples/alink-example.tsl.json")),
        uplink: ("000000000100320100000000", || {
            json!({"method": "thing.event.property.post", "id": "1", "params": {"prop_float": 0, "prop_int16": 50, "prop_bool": 1}, "version": "1.0"})
        }),
        downlink: (
            || json!({"method": "thing.service.property.set", "id": "12345", "version": "1.0", "params": {"prop_float": 123.452, "prop_int16": 333, "prop_bool": 1}}),
            "0100003039014d0142f6e76d",
        ),
    },
    CodecExample {
        name: "huawei-smoke-detector.js",
        script: include_str!("../../examples/huawei-smoke-detector.js"),
        model: None,
        uplink: ("000300fa", || {
            json!({"msg_type": "properties_report", "services": [{"service_id": "smokeDetector", "properties": {"smokeLevel": 3, "temperature": 25}}]})
        }),
        downlink: (
            || json!({"msg_type": "commands", "command_name": "SET_ALARM", "service_id": "smokeDetector", "mid": 2016, "paras": {"value": 1}}),
            "0107e001",
        ),
    },
];

pub(crate) fn run() -> u8 {
    let mut code = models();
    for example in CODECS {
        if !codec(example) {
            code = INVALID;
        }
    }
    code
}

/// Runs one example codec; false when it does not reproduce its documented exchanges.
fn codec(example: &CodecExample) -> bool {
    println!("=== {}", example.name);
    let mut codec = match Codec::compile(example.script, CodecOptions::default()) {
        Ok(codec) => codec,
        Err(e) => {
            println!("does not compile: {e}");
            return false;
        }
    };
    println!("entry points: {}", codec.entry_points().join(", "));
    let (hex_text, expected) = example.uplink;
    let bytes = hex::decode(hex_text).unwrap_or_default();
    let mut ok = true;
    match codec.decode(&bytes, &DecodeInput::default()) {
        Ok(message) => {
            println!("decode {hex_text} → {message}");
            if message != expected() {
                println!("unexpected: the documented message is {}", expected());
                ok = false;
            }
            if let Some(model) = example.model {
                match read_module(model) {
                    Ok(tsl) => {
                        let result = check(&DataModel::new(&[tsl]), &message, Level::Strong);
                        println!("checked against its model (strong): {} failures", result.failures.len());
                        ok &= result.failures.is_empty();
                    }
                    Err(e) => {
                        println!("its model cannot be read: {e}");
                        ok = false;
                    }
                }
            }
        }
        Err(e) => {
            println!("decode {hex_text} failed: {e}");
            ok = false;
        }
    }
    let (message, expected_hex) = example.downlink;
    match codec.encode(&message(), None) {
        Ok(out) => {
            println!("encode {} → {}", message(), hex::encode(&out));
            if hex::encode(&out) != expected_hex {
                println!("unexpected: the documented bytes are {expected_hex}");
                ok = false;
            }
        }
        Err(e) => {
            println!("encode failed: {e}");
            ok = false;
        }
    }
    ok
}

/// Validates and converts the example models; INVALID when one is not as expected.
fn models() -> u8 {
    let mut code = OK;
    for (name, text, expected) in EXAMPLES {
        println!("=== {name}");
        let report = thingkit::validate(text);
        print!("{}", report_text(name, text, &report));
        if report.valid != *expected {
            println!("unexpected: {name} should be {}", if *expected { "valid" } else { "invalid" });
            code = INVALID;
        }
        if !report.valid {
            continue;
        }
        let to = match report.kind {
            Some(Format::Tsl) => Format::ThingModelJson,
            _ => Format::Tsl,
        };
        match thingkit::convert(text, to) {
            Ok(c) => {
                print!("{}", render::diagnostics(name, text, &c.diagnostics));
                print!("{}", fidelity_text(name, &c.fidelity));
                let lines = c.text.lines().count();
                println!("converted to {} ({lines} lines); the first 12:", to.as_str());
                for line in c.text.lines().take(12) {
                    println!("    {line}");
                }
            }
            Err(e) => {
                println!("conversion failed: {e}");
                code = INVALID;
            }
        }
    }
    code
}
