//! Generated files are committed and must match what the code generates. Run with
//! `THINGKIT_BLESS=1` to rewrite them after changing the types or the codes.

mod common;

use thingkit::Format;
use thingkit::schema::to_text;

fn check(rel: &str, expected: &str) {
    let path = common::root().join(rel);
    if std::env::var_os("THINGKIT_BLESS").is_some() {
        std::fs::write(&path, expected).expect("write");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(committed == expected, "`{rel}` is stale: run `THINGKIT_BLESS=1 cargo test -p thingkit-tests --test generated`");
}

#[test]
fn schemas_are_fresh() {
    for name in Format::with_schema() {
        check(&format!("schemas/{}", name.schema_file_name()), &to_text(name));
    }
}

#[test]
fn the_vector_file_schema_is_fresh_and_reads_the_examples() {
    let schema = thingkit::codec_tests::vector_file_schema();
    let mut text = serde_json::to_string_pretty(&schema).expect("JSON");
    text.push('\n');
    check("schemas/codec-vectors.schema.json", &text);
    assert!(jsonschema::meta::is_valid(&schema));
    let validator = jsonschema::draft7::new(&schema).expect("compiles");
    for name in ["alink-example.vectors.json", "huawei-smoke-detector.vectors.json"] {
        let file: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(common::root().join("examples").join(name)).expect("example")).expect("JSON");
        assert!(validator.is_valid(&file), "{name}");
    }
    let typo = serde_json::json!({"script": "a.js", "vectors": [{"description": "x", "uplink": "00", "expected": {}}]});
    assert!(!validator.is_valid(&typo), "an unknown key is refused, as the reader refuses it");
}

#[test]
fn codes_table_is_fresh() {
    check("core/CODES.md", &thingkit::diagnostic::codes_table());
}

#[test]
fn schemas_are_draft_07_and_describe_fields_in_english_and_chinese() {
    for name in Format::with_schema() {
        let schema = thingkit::schema::generate(name);
        assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
        assert!(jsonschema::meta::is_valid(&schema), "{name:?} is a valid schema");
        let text = schema.to_string();
        assert!(text.contains(" / "), "{name:?}: bilingual descriptions");
    }
    let tsl = thingkit::schema::generate(Format::Tsl);
    let pattern = tsl.pointer("/definitions/Identifier/pattern").and_then(|p| p.as_str()).expect("identifier pattern");
    assert!(pattern.starts_with('^') && pattern.ends_with('$'), "anchored: {pattern}");
}

#[test]
fn every_code_is_distinct_and_parses_back() {
    let mut seen = std::collections::HashSet::new();
    for code in thingkit::Code::ALL {
        assert!(seen.insert(code.as_str()), "{code} twice");
        assert_eq!(thingkit::Code::parse(code.as_str()), Some(*code));
    }
}
