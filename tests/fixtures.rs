//! Every fixture validated: `valid/` ones have no errors, `invalid/` ones do; all diagnostics
//! are pinned by snapshots. The seed's own samples are here under their API's name; the file
//! names say which ones a tolerant reader accepts and why the others are rejected.

mod common;

use thingkit::{Format, validate};

#[test]
fn valid_fixtures_have_no_errors_and_pinned_warnings() {
    for (name, text) in common::fixtures("valid") {
        let report = validate(&text);
        assert!(report.valid, "{name} should be valid:\n{}", common::render(&report.diagnostics));
        assert!(report.kind.is_some(), "{name}: kind not told");
        insta::assert_snapshot!(format!("valid__{name}"), common::render(&report.diagnostics));
    }
}

#[test]
fn invalid_fixtures_have_errors_and_pinned_diagnostics() {
    for (name, text) in common::fixtures("invalid") {
        let report = validate(&text);
        assert!(!report.valid, "{name} should be invalid");
        assert!(report.diagnostics.iter().all(|d| d.line >= 1 && d.column >= 1), "{name}: every diagnostic is located");
        insta::assert_snapshot!(format!("invalid__{name}"), common::render(&report.diagnostics));
    }
}

#[test]
fn kinds_are_told_by_content() {
    let kind = |f: &str| validate(&common::fixture(f)).kind;
    assert_eq!(kind("valid/all-types.tsl.json"), Some(Format::Tsl));
    assert_eq!(kind("valid/custom-module.tsl.json"), Some(Format::Tsl));
    assert_eq!(kind("valid/extend-config.thing-model.json"), Some(Format::ThingModelJson));
    assert_eq!(kind("valid/seed-query-thing-model.thing-model.json"), Some(Format::ThingModelJson));
    assert_eq!(kind("valid/seed-create-thing-model.thing-model.json"), Some(Format::ThingModelJson));
}

/// The published humidity/temperature TSL, as the document's TslStr means it, is valid.
#[test]
fn seed_get_thing_model_tsl_published_reads_as_intended() {
    let report = validate(&common::fixture("valid/seed-get-thing-model-tsl-published.tsl.json"));
    assert!(report.valid && report.diagnostics.is_empty(), "{}", common::render(&report.diagnostics));
}

/// The same TslStr verbatim (arrays printed as bare objects) is not JSON: rejected at the
/// place it breaks.
#[test]
fn seed_tslstr_verbatim_is_rejected_at_the_break() {
    let report = validate(&common::fixture("invalid/seed-get-thing-model-tsl-published.xml-tslstr.malformed-json.tsl.json"));
    assert_eq!(report.diagnostics.len(), 1);
    let d = &report.diagnostics[0];
    assert_eq!(d.code, thingkit::Code::JsonSyntax);
    assert_eq!((d.line, d.column), (1, 278));
}

/// GetThingTemplate's street-light sample parses, but merges many properties into single
/// objects: every repeated key is reported, none silently dropped.
#[test]
fn seed_get_thing_template_duplicate_keys_are_each_reported() {
    let report = validate(&common::fixture("invalid/seed-get-thing-template.street-light.duplicate-keys.thing-model.json"));
    let duplicates = report.diagnostics.iter().filter(|d| d.code == thingkit::Code::DuplicateKey).count();
    assert!(duplicates > 100, "found {duplicates}");
    assert_eq!(report.kind, Some(Format::ThingModelJson));
}

/// The seed's QueryThingModel sample is accepted, its deprecated `std`/`customFlag` flagged.
#[test]
fn seed_query_thing_model_accepted_with_deprecations() {
    let report = validate(&common::fixture("valid/seed-query-thing-model.thing-model.json"));
    let deprecated: Vec<&str> =
        report.diagnostics.iter().filter(|d| d.code == thingkit::Code::DeprecatedField).map(|d| d.pointer.as_str()).collect();
    assert_eq!(deprecated, ["/properties/0/std", "/properties/0/customFlag"]);
}
