//! `thingkit examples`: the shipped example models, built into the program, validated and
//! converted — the whole tool at work with nothing to set up.

use crate::cli::{INVALID, OK, fidelity_text, report_text};
use crate::render;
use thingkit::Target;

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

pub(crate) fn run() -> u8 {
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
            Some(thingkit::DocumentKind::Tsl) => Target::ThingModelJson,
            _ => Target::Tsl,
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
