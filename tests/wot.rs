//! W3C WoT Thing Models and Thing Descriptions (TD 1.1, and TD 1.0 read as TD 1.1 consumers
//! must): Thing Model placeholders (§10), security names that `securityDefinitions` defines,
//! semantic annotations carried through a WoT → WoT conversion and reported lost by the other
//! formats, and unknown terms kept, warned where they look like TD terms misspelt.

use serde_json::{Value, json};
use thingkit::interop::{FidelityEntry, Outcome};
use thingkit::{Code, Format, Severity, convert, validate};

/// (code, severity, pointer) of each diagnostic.
fn found(text: &str) -> Vec<(Code, Severity, String)> {
    validate(text).diagnostics.into_iter().map(|d| (d.code, d.severity, d.pointer)).collect()
}

fn converted(text: &str, to: Format) -> (Value, Vec<FidelityEntry>) {
    let c = convert(text, to).unwrap_or_else(|e| panic!("converts to {to}: {e:?}"));
    (c.document(), c.fidelity)
}

fn outcome_at<'a>(report: &'a [FidelityEntry], pointer: &str) -> Vec<(Outcome, &'a str)> {
    report.iter().filter(|e| e.pointer == pointer).map(|e| (e.outcome, e.message.as_str())).collect()
}

// Thing Model placeholders (TD 1.1 §10.3.2: `{{NAME}}` in any value of a Thing Model).

/// A Thing Model whose values TD 1.1 leaves to placeholders: a number (`maximum`), flags
/// (`observable`, `readOnly`), a default, and text (`title`, a form's `href`).
const LAMP_MODEL: &str = r#"{
  "@context": ["https://www.w3.org/2022/wot/td/v1.1"],
  "@type": "tm:ThingModel",
  "title": "{{THING_TITLE}}",
  "properties": {
    "dim": {
      "title": "dimming level",
      "type": "integer",
      "minimum": 0,
      "maximum": "{{MAX}}",
      "default": "{{DEFAULT_DIM}}",
      "observable": "{{OBS}}",
      "readOnly": "{{RO}}",
      "forms": [{"href": "mqtt://{{MQTT_BROKER_ADDRESS}}/dim"}]
    }
  }
}"#;

#[test]
fn a_thing_model_with_placeholders_validates_with_warnings() {
    let report = validate(LAMP_MODEL);
    assert_eq!((report.kind, report.valid), (Some(Format::Wot), true), "{:?}", report.diagnostics);
    let found = found(LAMP_MODEL);
    // The number and flags the other formats cannot hold: one warning each, at the value.
    for key in ["maximum", "default", "observable", "readOnly"] {
        let pointer = format!("/properties/dim/{key}");
        assert!(found.contains(&(Code::NotCarried, Severity::Warning, pointer.clone())), "{key}: {found:?}");
    }
    // No complaint that a string stands where a number or a bool belongs.
    assert!(!found.iter().any(|(c, _, _)| matches!(c, Code::WrongType | Code::NotANumber)), "{found:?}");
    // Text placeholders are text: nothing to say.
    assert!(!found.iter().any(|(_, _, p)| p == "/title" || p.ends_with("/href")), "{found:?}");
}

#[test]
fn a_string_that_is_no_placeholder_is_still_the_wrong_type() {
    let model = LAMP_MODEL.replace("\"{{MAX}}\"", "\"ten\"");
    let report = validate(&model);
    assert!(!report.valid);
    assert!(found(&model).contains(&(Code::WrongType, Severity::Error, "/properties/dim/maximum".into())), "{:?}", report.diagnostics);
}

#[test]
fn wot_to_wot_keeps_the_placeholders() {
    let (doc, fidelity) = converted(LAMP_MODEL, Format::Wot);
    let dim = &doc["properties"]["dim"];
    assert_eq!(dim["maximum"], "{{MAX}}", "{doc:#}");
    assert_eq!(dim["default"], "{{DEFAULT_DIM}}");
    assert_eq!(dim["observable"], "{{OBS}}");
    assert_eq!(dim["readOnly"], "{{RO}}");
    assert_eq!((&dim["minimum"], &doc["title"]), (&json!(0), &json!("{{THING_TITLE}}")));
    assert!(!fidelity.iter().any(|e| e.pointer.starts_with("/properties/dim/") && e.outcome == Outcome::Lost), "{fidelity:?}");
    let again = validate(&doc.to_string());
    assert!(again.valid, "{:?}", again.diagnostics);
}

#[test]
fn other_formats_take_a_placeholder_as_absent_and_report_it_lost() {
    for to in [Format::Tencent, Format::Huawei, Format::Tsl] {
        let c = convert(LAMP_MODEL, to).unwrap_or_else(|e| panic!("converts to {to}: {e:?}"));
        let text = c.text.clone();
        assert!(!text.contains("{{MAX}}") && !text.contains("{{OBS}}"), "{to}: {text}");
        let lost = outcome_at(&c.fidelity, "/properties/dim/maximum");
        assert!(lost.iter().any(|(o, m)| *o == Outcome::Lost && m.contains("`{{MAX}}`")), "{to}: {:?}", c.fidelity);
        for key in ["default", "observable", "readOnly"] {
            let at = format!("/properties/dim/{key}");
            assert!(outcome_at(&c.fidelity, &at).iter().any(|(o, _)| *o == Outcome::Lost), "{to} {key}: {:?}", c.fidelity);
        }
        assert!(!outcome_at(&c.fidelity, "/properties/dim").iter().any(|(o, _)| *o == Outcome::Exact), "{to}");
        let report = validate(&text);
        assert!(report.valid, "{to}: {:?}\n{text}", report.diagnostics);
    }
}

#[test]
fn a_thing_description_may_not_keep_a_placeholder() {
    let td = r#"{
  "@context": "https://www.w3.org/2022/wot/td/v1.1",
  "title": "lamp",
  "securityDefinitions": {"nosec_sc": {"scheme": "nosec"}},
  "security": "nosec_sc",
  "properties": {
    "dim": {"type": "integer", "maximum": "{{MAX}}", "forms": [{"href": "mqtt://{{MQTT_BROKER_ADDRESS}}/dim"}]}
  }
}"#;
    let report = validate(td);
    assert!(!report.valid);
    let found = found(td);
    assert!(found.contains(&(Code::WotPlaceholder, Severity::Error, "/properties/dim/maximum".into())), "{found:?}");
    assert!(found.contains(&(Code::WotPlaceholder, Severity::Error, "/properties/dim/forms/0/href".into())), "{found:?}");
    // One error per place: the placeholder's, not also the structure's.
    assert!(!found.iter().any(|(c, _, p)| *c == Code::WrongType && p == "/properties/dim/maximum"), "{found:?}");
    assert_eq!(Code::WotPlaceholder.as_str(), "TK2060");
}

// Security: every name in `security` is a key of `securityDefinitions` (TD 1.1 §5.3.1.1).

#[test]
fn a_security_name_must_be_defined() {
    let td = r#"{
  "@context": "https://www.w3.org/2022/wot/td/v1.1",
  "title": "lamp",
  "securityDefinitions": {"basic_sc": {"scheme": "basic", "in": "header"}},
  "security": ["basic_sc", "nosec_sc"],
  "properties": {
    "temp": {"type": "number", "forms": [{"href": "https://lamp.example.com/temp", "security": "psk_sc"}]},
    "hum": {"type": "number", "forms": [{"href": "https://lamp.example.com/hum", "security": ["basic_sc", "oauth2_sc"]}]}
  }
}"#;
    let found = found(td);
    let undefined: Vec<&str> = found.iter().filter(|(c, _, _)| *c == Code::UndefinedSecurityScheme).map(|(_, _, p)| p.as_str()).collect();
    assert_eq!(undefined, ["/security/1", "/properties/temp/forms/0/security", "/properties/hum/forms/0/security/1"], "{found:?}");
    assert!(found.iter().all(|(c, s, _)| *c != Code::UndefinedSecurityScheme || *s == Severity::Error));
    assert_eq!(Code::UndefinedSecurityScheme.as_str(), "TK2061");

    // A single name, as a string.
    let td = td.replace(r#"["basic_sc", "nosec_sc"]"#, r#""nosec_sc""#);
    assert!(found_code(&td, Code::UndefinedSecurityScheme, "/security"));
    // Defined everywhere: valid.
    let fine = r#"{"@context": "https://www.w3.org/2022/wot/td/v1.1", "title": "lamp",
 "securityDefinitions": {"basic_sc": {"scheme": "basic", "in": "header"}}, "security": "basic_sc",
 "properties": {"temp": {"type": "number", "forms": [{"href": "https://lamp.example.com/temp", "security": ["basic_sc"]}]}}}"#;
    assert!(validate(fine).valid, "{:?}", validate(fine).diagnostics);
}

fn found_code(text: &str, code: Code, pointer: &str) -> bool {
    found(text).iter().any(|(c, _, p)| *c == code && p == pointer)
}

#[test]
fn a_thing_model_may_leave_a_security_name_to_a_placeholder() {
    let model = r#"{"@context": "https://www.w3.org/2022/wot/td/v1.1", "@type": "tm:ThingModel", "title": "lamp",
 "security": "{{SECURITY}}",
 "properties": {"temp": {"type": "number", "forms": [{"href": "https://lamp.example.com/temp", "security": ["{{SECURITY}}"]}]}}}"#;
    let report = validate(model);
    assert!(report.valid, "{:?}", report.diagnostics);
    assert!(!found(model).iter().any(|(c, _, _)| *c == Code::UndefinedSecurityScheme));
    // A name that is no placeholder must be defined in a Thing Model too.
    let model = model.replacen("{{SECURITY}}", "basic_sc", 1);
    assert!(found_code(&model, Code::UndefinedSecurityScheme, "/security"), "{:?}", found(&model));
}

// Semantic annotations (TD 1.1 §5.3, the `saref` example): `@type` and prefixed terms.

const ANNOTATED: &str = r#"{
  "@context": ["https://www.w3.org/2022/wot/td/v1.1", {"saref": "https://w3id.org/saref#"}],
  "id": "urn:uuid:300f4c4b-ca6b-484a-88cf-fd5224a9a61d",
  "title": "MyLampThing",
  "@type": "saref:LightSwitch",
  "saref:isUsedFor": "lighting",
  "securityDefinitions": {"basic_sc": {"scheme": "basic", "in": "header"}},
  "security": "basic_sc",
  "properties": {
    "status": {
      "@type": "saref:OnOffState",
      "saref:hasState": "on",
      "type": "string",
      "forms": [{"href": "https://mylamp.example.com/status"}]
    },
    "levels": {
      "type": "array",
      "items": {"@type": "saref:Level", "type": "integer"},
      "forms": [{"href": "https://mylamp.example.com/levels"}]
    },
    "reading": {
      "type": "object",
      "properties": {"lux": {"@type": "saref:Illuminance", "type": "number"}},
      "forms": [{"href": "https://mylamp.example.com/reading"}]
    }
  },
  "actions": {
    "toggle": {
      "@type": "saref:ToggleCommand",
      "input": {"type": "object", "@type": "saref:Command", "properties": {"to": {"type": "boolean"}}},
      "forms": [{"href": "https://mylamp.example.com/toggle"}]
    }
  },
  "events": {
    "overheating": {"data": {"type": "string", "@type": "saref:Alarm"}, "forms": [{"href": "https://mylamp.example.com/oh"}]}
  }
}"#;

#[test]
fn wot_to_wot_keeps_the_semantic_annotations() {
    let report = validate(ANNOTATED);
    assert!(report.valid, "{:?}", report.diagnostics);
    let (doc, fidelity) = converted(ANNOTATED, Format::Wot);
    assert_eq!(doc["@context"], json!(["https://www.w3.org/2022/wot/td/v1.1", {"saref": "https://w3id.org/saref#"}]));
    // A Thing Description stays one (issue 17): its own `@type`, no `tm:ThingModel` added.
    assert_eq!(doc["@type"], json!("saref:LightSwitch"));
    assert_eq!(doc["saref:isUsedFor"], "lighting");
    let status = &doc["properties"]["status"];
    assert_eq!((&status["@type"], &status["saref:hasState"]), (&json!("saref:OnOffState"), &json!("on")), "{doc:#}");
    assert_eq!(doc["properties"]["levels"]["items"]["@type"], "saref:Level");
    assert_eq!(doc["properties"]["reading"]["properties"]["lux"]["@type"], "saref:Illuminance");
    assert_eq!(doc["actions"]["toggle"]["@type"], "saref:ToggleCommand");
    assert_eq!(doc["actions"]["toggle"]["input"]["@type"], "saref:Command");
    // A data schema that is not an object stays as written, its annotation on it.
    assert_eq!(doc["events"]["overheating"]["data"], json!({"type": "string", "@type": "saref:Alarm"}), "{doc:#}");
    assert!(!fidelity.iter().any(|e| e.pointer.contains("@type") || e.pointer.contains("saref:")), "{fidelity:?}");
    // Nothing is left out, the forms included: every entry is exact.
    assert_eq!(doc["properties"]["status"]["forms"], json!([{"href": "https://mylamp.example.com/status"}]));
    assert_eq!(outcome_at(&fidelity, "/properties/status"), [(Outcome::Exact, "property `status`: carried exactly")]);
    assert!(fidelity.iter().all(|e| e.outcome == Outcome::Exact), "{fidelity:?}");
    let again = validate(&doc.to_string());
    assert!(again.valid, "{:?}", again.diagnostics);
    // And the written model (its text: a JSON value sorts the affordances) reads back to itself.
    let text = convert(ANNOTATED, Format::Wot).expect("converts").text;
    assert_eq!(convert(&text, Format::Wot).expect("converts again").text, text);
}

#[test]
fn other_formats_report_the_semantic_annotations_lost() {
    for to in [Format::Tencent, Format::Huawei, Format::Tsl, Format::ThingModelJson] {
        let (_, fidelity) = converted(ANNOTATED, to);
        for pointer in [
            "/@context",
            "/@type",
            "/saref:isUsedFor",
            "/properties/status/@type",
            "/properties/status/saref:hasState",
            "/properties/levels/items/@type",
            "/properties/reading/properties/lux/@type",
            "/actions/toggle/@type",
            "/actions/toggle/input/@type",
            "/events/overheating/data/@type",
        ] {
            assert!(outcome_at(&fidelity, pointer).iter().any(|(o, _)| *o == Outcome::Lost), "{to} {pointer}: {fidelity:?}");
        }
        assert!(
            !outcome_at(&fidelity, "/properties/status").iter().any(|(o, _)| *o == Outcome::Exact),
            "{to}: `status` is no longer exact: {fidelity:?}"
        );
    }
}

#[test]
fn a_term_whose_prefix_is_not_declared_is_not_an_annotation() {
    let model = r#"{"@context": "https://www.w3.org/2022/wot/td/v1.1", "@type": "tm:ThingModel", "title": "lamp",
 "properties": {"t": {"type": "number", "foo:bar": 1}}}"#;
    // WoT → WoT keeps every term as written (issue 17), this one too, but not as an annotation:
    let (doc, _) = converted(model, Format::Wot);
    assert_eq!(doc["properties"]["t"]["foo:bar"], 1, "{doc:#}");
    // the other formats report it lost as a term they have no place for, not as an annotation.
    let (_, fidelity) = converted(model, Format::Tencent);
    let said: Vec<&FidelityEntry> = fidelity.iter().filter(|e| e.pointer.contains("foo:bar")).collect();
    assert!(said.len() == 1 && said[0].outcome == Outcome::Lost && !said[0].message.contains("annotation"), "{fidelity:?}");
}

// Issue 17: verdicts from TD 1.1 and its Thing Model section.

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture reads")
}

fn errors(text: &str) -> Vec<(Code, String)> {
    validate(text).errors().map(|d| (d.code, d.pointer.clone())).collect()
}

/// Valid documents rejected before: each validates and converts to every other format, whose
/// output validates as that format.
#[test]
fn valid_wot_documents_validate_and_convert() {
    for name in [
        "valid/wot-no-title.tm.json",
        "valid/wot-object-placeholders.tm.json",
        "valid/wot-tuple-items.td.json",
        "valid/wot-same-name-property-action.td.json",
        "valid/wot-enum-of-objects.td.json",
        "valid/wot-full-td.td.json",
        "valid/wot-td10-greenhouse.td.json",
        "valid/wot-td10-door-lock.td.json",
        "valid/wot-misspelt-terms.tm.json",
    ] {
        let text = fixture(name);
        let report = validate(&text);
        assert_eq!((report.kind, report.valid), (Some(Format::Wot), true), "{name}: {:?}", report.diagnostics);
        for to in [Format::Wot, Format::Tsl, Format::ThingModelJson, Format::Tencent, Format::Huawei] {
            let c = convert(&text, to).unwrap_or_else(|e| panic!("{name} converts to {to}: {e:?}"));
            let again = validate(&c.text);
            assert!(again.valid, "{name} → {to}: {:?}\n{}", again.diagnostics, c.text);
        }
    }
}

#[test]
fn a_thing_model_may_leave_out_the_title_a_thing_description_may_not() {
    assert!(validate(&fixture("valid/wot-no-title.tm.json")).valid);
    let td = fixture("invalid/wot-td-no-title.td.json");
    assert_eq!(errors(&td), [(Code::MissingField, String::new())]);
    let d = validate(&td).diagnostics.into_iter().find(|d| d.code == Code::MissingField).expect("reported");
    assert_eq!(d.message, "missing field `title`");
    assert!(d.help.as_deref().is_some_and(|h| h.contains("TD 1.1 §5.3.1.1")), "{d:?}");
}

#[test]
fn object_placeholders_warn_and_survive_wot_to_wot() {
    let model = fixture("valid/wot-object-placeholders.tm.json");
    let found = found(&model);
    for pointer in ["/properties/readings/items", "/properties/mode/enum", "/properties/config/default"] {
        assert!(found.contains(&(Code::NotCarried, Severity::Warning, pointer.into())), "{pointer}: {found:?}");
    }
    assert!(!found.iter().any(|(c, _, _)| *c == Code::WrongType), "{found:?}");
    let (doc, _) = converted(&model, Format::Wot);
    let p = &doc["properties"];
    assert_eq!((&p["readings"]["items"], &p["mode"]["enum"]), (&json!("{{READING_SCHEMA}}"), &json!("{{MODES}}")), "{doc:#}");
    assert_eq!(p["config"]["default"], "{{DEFAULT_CONFIG}}", "{doc:#}");
    // A string that is no placeholder is still the wrong type.
    let wrong = model.replace("\"{{MODES}}\"", "\"eco\"");
    assert!(errors(&wrong).contains(&(Code::WrongType, "/properties/mode/enum".into())), "{:?}", errors(&wrong));
}

#[test]
fn tuple_items_are_read_as_an_array_of_the_first_schema_and_reported() {
    let td = fixture("valid/wot-tuple-items.td.json");
    let (doc, fidelity) = converted(&td, Format::Tsl);
    let position = &doc["properties"][0]["dataType"];
    assert_eq!((&position["type"], &position["specs"]["item"]["type"]), (&json!("array"), &json!("double")), "{doc:#}");
    let at = outcome_at(&fidelity, "/properties/position/items");
    assert!(at.iter().any(|(o, m)| *o == Outcome::Approximated && m.contains("tuple-form `items`")), "{fidelity:?}");
}

#[test]
fn a_property_and_an_action_may_share_a_name() {
    let td = fixture("valid/wot-same-name-property-action.td.json");
    assert!(!found(&td).iter().any(|(c, _, _)| *c == Code::DuplicateIdentifier), "{:?}", found(&td));
    // A TSL keeps identifiers unique across features: the conversion renames and says so.
    let (_, fidelity) = converted(&td, Format::Tsl);
    assert!(fidelity.iter().any(|e| e.outcome == Outcome::Approximated && e.message.contains("`toggle` became")), "{fidelity:?}");
}

#[test]
fn an_enum_of_objects_is_read_as_a_json_value() {
    let td = fixture("valid/wot-enum-of-objects.td.json");
    assert!(!found(&td).iter().any(|(c, _, _)| *c == Code::EmptyEnum), "{:?}", found(&td));
    let (_, fidelity) = converted(&td, Format::Tencent);
    for pointer in ["/properties/preset", "/properties/scale"] {
        let at = outcome_at(&fidelity, pointer);
        assert!(at.iter().any(|(o, m)| *o == Outcome::Approximated && m.contains("JSON value")), "{pointer}: {fidelity:?}");
    }
}

#[test]
fn operations_belong_to_their_affordance_kind() {
    let td = fixture("invalid/wot-operations.td.json");
    let report = validate(&td);
    let ops: Vec<(&str, &str)> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::WotOperation)
        .map(|d| (d.pointer.as_str(), d.help.as_deref().unwrap_or_default()))
        .collect();
    let pointers: Vec<&str> = ops.iter().map(|(p, _)| *p).collect();
    assert_eq!(
        pointers,
        [
            "/properties/status/forms/0/op/1",
            "/properties/level/forms/0/op",
            "/properties/color/forms/0/op",
            "/actions/fade/forms/0/op",
            "/forms/1/op"
        ]
    );
    // A misspelt operation: the help names the nearest of its kind.
    assert!(ops[1].1.starts_with("did you mean `readproperty`?") && ops[1].1.contains("TD 1.1 §5.3.4.2"), "{ops:?}");
    assert!(ops[3].1.starts_with("did you mean `cancelaction`?") || ops[3].1.contains("`invokeaction`"), "{ops:?}");
    // A top-level form has no default operation.
    assert!(errors(&td).contains(&(Code::MissingField, "/forms/0".into())));
    assert_eq!(Code::WotOperation.as_str(), "TK2062");
    // A Thing Model may leave an operation to a placeholder.
    let model = r#"{"@context": "https://www.w3.org/2022/wot/td/v1.1", "@type": "tm:ThingModel", "title": "lamp",
 "properties": {"s": {"type": "string", "forms": [{"href": "https://l.example.com/s", "op": ["{{OP}}", "readproperty"]}]}}}"#;
    assert!(validate(model).valid, "{:?}", validate(model).diagnostics);
}

#[test]
fn a_thing_description_needs_forms_with_an_href() {
    let td = fixture("invalid/wot-forms.td.json");
    assert_eq!(
        errors(&td),
        [(Code::ArrayLength, "/properties/status/forms".into()), (Code::MissingField, "/properties/level/forms/0".into())]
    );
    // A Thing Model may leave both to the descriptions made from it.
    let model = td.replace("\"title\": \"Lamp\"", "\"@type\": \"tm:ThingModel\", \"title\": \"Lamp\"");
    assert!(validate(&model).valid, "{:?}", validate(&model).diagnostics);
}

#[test]
fn a_data_schema_type_is_one_of_the_seven() {
    let td = fixture("invalid/wot-unknown-type.td.json");
    assert_eq!(
        errors(&td),
        [
            (Code::NotAllowedValue, "/properties/colour/type".into()),
            (Code::NotAllowedValue, "/actions/fade/input/properties/to/type".into())
        ]
    );
}

#[test]
fn security_lists_a_defined_scheme_of_a_known_kind() {
    let td = fixture("invalid/wot-security.td.json");
    assert_eq!(
        errors(&td),
        [
            (Code::NotAllowedValue, "/securityDefinitions/token_sc/scheme".into()),
            (Code::UndefinedSecurityScheme, "/securityDefinitions/combo_sc/allOf/1".into()),
            (Code::ArrayLength, "/security".into()),
        ]
    );
    // An extension's scheme and a combo of defined schemes are fine.
    assert!(validate(&fixture("valid/wot-enum-of-objects.td.json")).valid);
}

#[test]
fn version_links_and_enums() {
    let td = fixture("invalid/wot-version-links-enum.td.json");
    assert_eq!(
        errors(&td),
        [
            (Code::MissingField, "/version".into()),
            (Code::WotLinkType, "/links/1/rel".into()),
            (Code::RepeatedEnumValue, "/properties/mode/enum/2".into()),
            (Code::EmptyEnum, "/properties/level/enum".into()),
        ]
    );
    // A Thing Model's version is the model's: no instance needed.
    let model =
        r#"{"@context": "https://www.w3.org/2022/wot/td/v1.1", "@type": "tm:ThingModel", "title": "lamp", "version": {"model": "1.0"}}"#;
    assert!(validate(model).valid, "{:?}", validate(model).diagnostics);
}

#[test]
fn tm_optional_points_at_an_affordance() {
    let model = fixture("invalid/wot-tm-optional.tm.json");
    assert_eq!(errors(&model), [(Code::WotOptional, "/tm:optional/1".into()), (Code::WotOptional, "/tm:optional/2".into())]);
}

#[test]
fn a_wot_document_without_context_is_told_and_hears_of_it() {
    let td = fixture("invalid/wot-no-context.td.json");
    let report = validate(&td);
    assert_eq!(report.kind, Some(Format::Wot));
    assert_eq!(errors(&td), [(Code::MissingField, String::new())]);
    assert_eq!(report.diagnostics[0].message, "missing field `@context`");
    // Other formats' documents, and documents that say nothing, are told as before.
    let tencent =
        r#"{"version": "1.0", "properties": [{"id": "power", "name": "power", "define": {"type": "bool"}}], "events": [], "actions": []}"#;
    assert_eq!(validate(tencent).kind, Some(Format::Tencent));
    assert_eq!(validate(r#"{"properties": {"a": {"type": "string"}}}"#).kind, None);
    assert_eq!(validate(r#"{"type": "object", "properties": {"a": {"type": "string"}}}"#).kind, None);
}

/// `tm:optional` holds JSON pointers: an affordance named with `/` is optional when its escaped
/// pointer is listed.
#[test]
fn tm_optional_pointers_are_escaped() {
    let model = r#"{"@context": "https://www.w3.org/2022/wot/td/v1.1", "@type": "tm:ThingModel", "title": "T",
        "tm:optional": ["/properties/a~1b"],
        "properties": {"a/b": {"type": "integer", "minimum": 0, "maximum": 9}, "c": {"type": "integer", "minimum": 0, "maximum": 9}}}"#;
    assert!(validate(model).valid, "{:?}", validate(model).diagnostics);
    let tsl: serde_json::Value = serde_json::from_str(&thingkit::convert(model, Format::Tsl).expect("converts").text).expect("json");
    let required: Vec<(String, bool)> = tsl["properties"]
        .as_array()
        .expect("properties")
        .iter()
        .map(|p| (p["identifier"].as_str().unwrap_or_default().to_string(), p["required"].as_bool().unwrap_or_default()))
        .collect();
    assert_eq!(required, [("a_b".to_string(), false), ("c".to_string(), true)]);
}

// Issue 17, "same-format conversion is faithful": WoT → WoT gives the document itself, in
// canonical form (its own key order, pretty-printed), and reports every element exact.

/// Every WoT fixture in `valid/`, as (file name, text).
fn wot_fixtures() -> Vec<(String, String)> {
    let dir = format!("{}/fixtures/valid", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("fixture directory")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("wot-") && name.ends_with(".json"))
        .collect();
    names.sort();
    names.into_iter().map(|name| (name.clone(), fixture(&format!("valid/{name}")))).collect()
}

/// JSON text without the whitespace between its tokens: two texts of one document with the
/// same key order are equal so.
fn tokens(text: &str) -> String {
    let (mut out, mut in_string, mut escaped) = (String::new(), false, false);
    for c in text.chars() {
        if in_string {
            (escaped, in_string) = (!escaped && c == '\\', in_string && (escaped || c != '"'));
        } else if c == '"' {
            in_string = true;
        } else if c.is_whitespace() {
            continue;
        }
        out.push(c);
    }
    out
}

fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

#[test]
fn wot_to_wot_gives_back_every_fixture_as_it_is() {
    let fixtures = wot_fixtures();
    let names: Vec<&str> = fixtures.iter().map(|(name, _)| name.as_str()).collect();
    assert!(names.len() >= 8 && names.contains(&"wot-full-td.td.json"), "{names:?}");
    for (name, text) in &fixtures {
        let original: Value = serde_json::from_str(text).expect("JSON");
        let c = convert(text, Format::Wot).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        // The same document: a Thing Description stays one, a Thing Model one; `id`, forms,
        // security, multilingual texts, every term as written.
        assert_eq!(c.document(), original, "{name}:\n{}", c.text);
        // In its own key order, pretty-printed; and that is a fixed point.
        assert_eq!(tokens(&c.text), tokens(text), "{name}: the key order changed:\n{}", c.text);
        assert!(c.text.starts_with("{\n  \"@context\": "), "{name}: not pretty-printed:\n{}", c.text);
        assert_eq!(convert(&c.text, Format::Wot).expect("converts again").text, c.text, "{name}");
        assert_eq!(thingkit::convert_as(text, Some(Format::Wot), Format::Wot).expect("converts as WoT").text, c.text, "{name}");
        // Nothing approximated or lost, and one exact entry per affordance, as any conversion
        // reports it.
        let remarks: Vec<&FidelityEntry> = c.fidelity.iter().filter(|e| e.outcome != Outcome::Exact).collect();
        assert!(remarks.is_empty(), "{name}: {remarks:?}");
        for kind in ["properties", "actions", "events"] {
            for affordance in original[kind].as_object().into_iter().flatten().map(|(k, _)| k) {
                let at = outcome_at(&c.fidelity, &format!("/{kind}/{}", escape(affordance)));
                assert_eq!(at.len(), 1, "{name} {kind} {affordance}: {:?}", c.fidelity);
                assert_eq!(at[0].0, Outcome::Exact);
            }
        }
        let again = validate(&c.text);
        assert_eq!((again.kind, again.valid), (Some(Format::Wot), true), "{name}: {:?}", again.diagnostics);
        // The same diagnostics (warnings), at the same places.
        assert_eq!(found(&c.text), found(text), "{name}");
    }
}

#[test]
fn a_full_thing_description_stays_a_thing_description_term_for_term() {
    let td = fixture("valid/wot-full-td.td.json");
    let report = validate(&td);
    assert_eq!((report.kind, report.valid), (Some(Format::Wot), true), "{:?}", report.diagnostics);
    assert!(errors(&td).is_empty(), "{:?}", errors(&td));
    let (doc, fidelity) = converted(&td, Format::Wot);
    // Not made a Thing Model: no `tm:ThingModel`, nothing optional, the instance's version.
    assert_eq!(doc["@type"], json!(["saref:LightSwitch", "saref:Device"]));
    assert!(doc.get("tm:optional").is_none(), "{doc:#}");
    assert_eq!(doc["version"], json!({"instance": "1.2.0", "model": "1.0.0"}));
    assert_eq!(doc["id"], "urn:uuid:6f1d3a5e-2c4b-4e8a-9b7d-0a1c2e3f4a5b");
    // The Thing's own terms.
    assert_eq!(doc["titles"]["zh-Hans"], "走廊灯");
    assert_eq!(doc["descriptions"]["de"], "Eine dimmbare Lampe mit Kamera");
    assert_eq!((&doc["created"], &doc["modified"]), (&json!("2024-03-01T09:30:00Z"), &json!("2024-05-17T16:05:42.250+02:00")));
    assert_eq!((&doc["base"], &doc["support"]), (&json!("https://lamp.example.com/api/"), &json!("mailto:support@lamp.example.com")));
    assert_eq!(
        doc["links"][0],
        json!({"rel": "type", "href": "https://lamp.example.com/models/lamp.tm.jsonld", "type": "application/tm+json"})
    );
    assert_eq!(doc["security"], json!(["basic_sc"]));
    assert_eq!(doc["securityDefinitions"]["combo_sc"], json!({"scheme": "combo", "oneOf": ["bearer_sc", "apikey_sc"]}));
    assert_eq!(doc["forms"][1]["htv:methodName"], "PATCH");
    assert_eq!((&doc["ex:vendorCode"], &doc["ex:installation"]["floor"]), (&json!("HL-100"), &json!(2)));
    assert_eq!(doc["schemaDefinitions"]["level"]["maximum"], 100);
    // Affordances: forms, uriVariables, data-schema terms, nested readOnly/writeOnly.
    let p = &doc["properties"];
    assert_eq!(p["on"]["forms"][1], json!({"href": "on/observe", "op": "observeproperty", "subprotocol": "longpoll"}));
    assert_eq!((&p["on"]["type"], &p["on"]["default"], &p["on"]["titles"]["de"]), (&json!("boolean"), &json!(false), &json!("An")));
    assert_eq!(p["brightness"]["uriVariables"]["transition"]["unit"], "ms");
    assert_eq!((&p["brightness"]["multipleOf"], &p["brightness"]["default"]), (&json!(5), &json!(50)));
    assert_eq!((&p["colour"]["pattern"], &p["colour"]["minLength"]), (&json!("^#[0-9a-f]{6}$"), &json!(7)));
    assert_eq!((&p["temperature"]["minimum"], &p["temperature"]["exclusiveMaximum"]), (&json!(-20.5), &json!(85)));
    assert_eq!(p["model"]["const"], "HL-100");
    assert_eq!(p["lastSwitched"]["format"], "date-time");
    assert_eq!((&p["schedule"]["minItems"], &p["schedule"]["maxItems"]), (&json!(1), &json!(8)));
    assert_eq!(p["schedule"]["items"]["properties"]["at"]["format"], "time");
    assert_eq!(
        (&p["account"]["properties"]["user"]["readOnly"], &p["account"]["properties"]["password"]["writeOnly"]),
        (&json!(true), &json!(true))
    );
    assert_eq!((&p["snapshot"]["contentEncoding"], &p["snapshot"]["contentMediaType"]), (&json!("base64"), &json!("image/png")));
    assert_eq!(p["snapshot"]["forms"][0]["scopes"], json!(["camera"]));
    assert_eq!(p["nothing"]["type"], "null");
    let fade = &doc["actions"]["fade"];
    assert_eq!((&fade["safe"], &fade["idempotent"], &fade["synchronous"]), (&json!(false), &json!(false), &json!(false)));
    assert_eq!(fade["uriVariables"]["curve"]["enum"], json!(["linear", "ease"]));
    assert_eq!(fade["output"], json!({"type": "string", "enum": ["done", "cancelled"]}));
    assert_eq!((&doc["actions"]["identify"]["safe"], &doc["actions"]["identify"]["idempotent"]), (&json!(true), &json!(true)));
    let overheated = &doc["events"]["overheated"];
    assert_eq!((&overheated["dataResponse"]["const"], &overheated["forms"][0]["subprotocol"]), (&json!("ack"), &json!("sse")));
    assert_eq!(doc["events"]["switched"]["uriVariables"]["since"]["format"], "date-time");
    // The report: every element exact — bool and date-time too, which WoT says as it did — with
    // an entry per member, as the conversions through the internal model give.
    assert!(fidelity.iter().all(|e| e.outcome == Outcome::Exact), "{fidelity:?}");
    for pointer in [
        "/properties/on",
        "/properties/lastSwitched",
        "/properties/schedule/items/properties/at",
        "/properties/account/properties/password",
        "/actions/fade/input/properties/to",
        "/actions/setScene/input",
        "/events/overheated/data",
        "/events/switched/data/properties/at",
    ] {
        assert_eq!(outcome_at(&fidelity, pointer).len(), 1, "{pointer}: {fidelity:?}");
    }
    // Through the internal model, the other formats still say what they cannot hold.
    let (_, fidelity) = converted(&td, Format::Tsl);
    assert!(outcome_at(&fidelity, "/properties/on").iter().any(|(o, m)| *o == Outcome::Lost && m.contains("`forms`")), "{fidelity:?}");
}

/// A Thing Model stays a Thing Model: its `tm:ref`, `tm:optional` (and nothing more made
/// optional), `tm:extends` link, model version, `id` and placeholders as written.
#[test]
fn a_thing_model_stays_a_thing_model() {
    let model = r#"{
  "@context": ["https://www.w3.org/2022/wot/td/v1.1", {"saref": "https://w3id.org/saref#"}],
  "@type": ["tm:ThingModel", "saref:LightSwitch"],
  "id": "urn:example:lamp-model",
  "title": "Smart lamp",
  "version": {"model": "2.0.0"},
  "links": [{"rel": "tm:extends", "href": "https://lamp.example.com/models/basic-lamp.tm.jsonld", "type": "application/tm+json"}],
  "tm:optional": ["/events/overheated"],
  "securityDefinitions": {"basic_sc": {"scheme": "basic", "in": "header"}},
  "security": "basic_sc",
  "properties": {
    "status": {"tm:ref": "https://lamp.example.com/models/basic-lamp.tm.jsonld#/properties/status"},
    "on": {"type": "boolean", "forms": [{"href": "{{BASE}}/on", "op": ["readproperty", "writeproperty"]}]},
    "dim": {"type": "integer", "minimum": 0, "maximum": "{{DIM_MAX}}", "unit": "percent"}
  },
  "actions": {"toggle": {"safe": false, "idempotent": false, "forms": [{"href": "{{BASE}}/toggle"}]}},
  "events": {"overheated": {"data": {"type": "string", "format": "date-time"}}}
}"#;
    let report = validate(model);
    assert_eq!((report.kind, report.valid), (Some(Format::Wot), true), "{:?}", report.diagnostics);
    let (doc, fidelity) = converted(model, Format::Wot);
    assert_eq!(doc, serde_json::from_str::<Value>(model).expect("JSON"), "{doc:#}");
    assert_eq!(doc["tm:optional"], json!(["/events/overheated"]));
    assert_eq!(doc["id"], "urn:example:lamp-model");
    assert_eq!(doc["properties"]["status"]["tm:ref"], "https://lamp.example.com/models/basic-lamp.tm.jsonld#/properties/status");
    assert!(fidelity.iter().all(|e| e.outcome == Outcome::Exact), "{fidelity:?}");
}

// TD 1.0 documents (`"@context": "https://www.w3.org/2019/wot/td/v1"`) are read as TD 1.1
// consumers must read them: TD 1.1 is a superset of TD 1.0.

const TD_1_0: &str = "https://www.w3.org/2019/wot/td/v1";

#[test]
fn td_1_0_documents_are_told_validated_and_converted() {
    for name in ["valid/wot-td10-greenhouse.td.json", "valid/wot-td10-door-lock.td.json"] {
        let text = fixture(name);
        let value: Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(Format::detect(&value), Some(Format::Wot), "{name}");
        let report = validate(&text);
        assert_eq!((report.kind, report.valid), (Some(Format::Wot), true), "{name}: {:?}", report.diagnostics);
        // Nothing to say about a TD 1.0 document for being one.
        assert!(report.diagnostics.is_empty(), "{name}: {:?}", report.diagnostics);
        for to in [Format::Tsl, Format::ThingModelJson, Format::Tencent, Format::Huawei] {
            let c = convert(&text, to).unwrap_or_else(|e| panic!("{name} converts to {to}: {e:?}"));
            let again = validate(&c.text);
            assert!(again.valid, "{name} → {to}: {:?}\n{}", again.diagnostics, c.text);
            assert!(!c.fidelity.is_empty(), "{name} → {to}: a report");
        }
        // WoT → WoT keeps it a TD 1.0 document, term for term.
        let (doc, fidelity) = converted(&text, Format::Wot);
        assert_eq!(doc, value, "{name}");
        assert!(doc["@context"] == TD_1_0 || doc["@context"][0] == TD_1_0, "{name}: {doc:#}");
        assert!(fidelity.iter().all(|e| e.outcome == Outcome::Exact), "{name}: {fidelity:?}");
    }
    // The door lock's TD 1.0 terms, carried to the other formats where they have a place.
    let lock = fixture("valid/wot-td10-door-lock.td.json");
    let (tsl, fidelity) = converted(&lock, Format::Tsl);
    let ids: Vec<&str> = tsl["properties"].as_array().expect("properties").iter().filter_map(|p| p["identifier"].as_str()).collect();
    for id in ["locked", "battery", "autoLock", "codes", "model", "chime"] {
        assert!(ids.contains(&id), "{id}: {ids:?}");
    }
    let battery = tsl["properties"].as_array().expect("properties").iter().find(|p| p["identifier"] == "battery").expect("battery");
    assert_eq!((&battery["accessMode"], &battery["dataType"]["specs"]["max"]), (&json!("r"), &json!("100")), "{battery:#}");
    assert!(outcome_at(&fidelity, "/lock:firmware").iter().any(|(o, _)| *o == Outcome::Lost), "{fidelity:?}");
    assert!(outcome_at(&fidelity, "/properties/battery").iter().any(|(o, m)| *o == Outcome::Lost && m.contains("`forms`")), "{fidelity:?}");
}

/// The rules TD 1.1 added are not asked of a TD 1.0 document: a top-level form's `op` (TD 1.0
/// gave it no default but did not require it), the one `type` link and the placeholders of
/// Thing Models (TD 1.1 §10). The same document with the TD 1.1 context hears of each.
#[test]
fn td_1_1_rules_are_not_asked_of_a_td_1_0_document() {
    let td = r#"{"@context": "https://www.w3.org/2019/wot/td/v1", "title": "Pump {{unit}}",
 "securityDefinitions": {"nosec_sc": {"scheme": "nosec"}}, "security": "nosec_sc",
 "links": [{"rel": "type", "href": "https://pump.example.com/a"}, {"rel": "type", "href": "https://pump.example.com/b"}],
 "forms": [{"href": "https://pump.example.com/all"}],
 "properties": {"flow": {"type": "number", "forms": [{"href": "https://pump.example.com/flow", "op": "readproperty"}]}}}"#;
    let report = validate(td);
    assert_eq!((report.kind, report.valid), (Some(Format::Wot), true), "{:?}", report.diagnostics);
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let td_1_1 = td.replace(TD_1_0, "https://www.w3.org/2022/wot/td/v1.1");
    assert_eq!(
        errors(&td_1_1),
        [(Code::WotPlaceholder, "/title".into()), (Code::WotLinkType, "/links/1/rel".into()), (Code::MissingField, "/forms/0".into())]
    );
    // The TD 1.0 context first and TD 1.1's after it: a TD 1.1 document TD 1.0 consumers can
    // read too, held to TD 1.1.
    let both = td.replace(&format!("\"{TD_1_0}\""), &format!("[\"{TD_1_0}\", \"https://www.w3.org/2022/wot/td/v1.1\"]"));
    assert_eq!(errors(&both), errors(&td_1_1));
    // The TD 1.0 context, first in a list, is a TD 1.0 document's.
    let listed = td.replace(&format!("\"{TD_1_0}\""), &format!("[\"{TD_1_0}\", {{\"ex\": \"https://pump.example.com/vocab#\"}}]"));
    assert!(validate(&listed).diagnostics.is_empty(), "{:?}", validate(&listed).diagnostics);
    // What TD 1.0 asked too is asked of a TD 1.0 document: forms with an `href`, defined
    // security.
    let broken =
        td.replace(r#""security": "nosec_sc""#, r#""security": "basic_sc""#).replace(r#"{"href": "https://pump.example.com/flow", "#, "{");
    assert_eq!(
        errors(&broken),
        [(Code::UndefinedSecurityScheme, "/security".into()), (Code::MissingField, "/properties/flow/forms/0".into())]
    );
    // A context of neither version is named in the help with both.
    let other = td.replace(TD_1_0, "https://www.w3.org/2019/wot/td/v2");
    let d = validate(&other).diagnostics.into_iter().find(|d| d.pointer == "/@context").expect("reported");
    assert_eq!(d.code, Code::NotAllowedValue);
    assert!(d.help.as_deref().is_some_and(|h| h.contains(TD_1_0) && h.contains("TD 1.1 §5.3.1.1")), "{d:?}");
}

// Extension and unknown terms: kept as written; an unprefixed one that looks like a TD term
// misspelt is warned (TK2066), its help naming the term and the section defining it.

/// (pointer, help) of each misspelt-term warning.
fn misspelt(text: &str) -> Vec<(String, String)> {
    validate(text)
        .diagnostics
        .into_iter()
        .filter(|d| d.code == Code::WotMisspeltTerm)
        .map(|d| {
            assert_eq!(d.severity, Severity::Warning, "{d:?}");
            (d.pointer, d.help.unwrap_or_default())
        })
        .collect()
}

#[test]
fn misspelt_terms_are_warned_with_the_term_they_probably_mean() {
    let model = fixture("valid/wot-misspelt-terms.tm.json");
    let report = validate(&model);
    assert_eq!((report.kind, report.valid), (Some(Format::Wot), true), "{:?}", report.diagnostics);
    let found = misspelt(&model);
    let expected = [
        ("/titel", "title", "a Thing", "§5.3.1.1"),
        ("/securityDefinition", "securityDefinitions", "a Thing", "§5.3.1.1"),
        ("/propertys", "properties", "a Thing", "§5.3.1.1"),
        ("/uriVariables/zone/minimun", "minimum", "a number schema", "§5.3.2.4"),
        ("/properties/target/minimun", "minimum", "a number schema", "§5.3.2.4"),
        ("/properties/target/readonly", "readOnly", "a data schema", "§5.3.2.1"),
        ("/properties/target/obsevable", "observable", "a property affordance", "§5.3.1.3"),
        ("/properties/target/forms/0/hfref", "href", "a form", "§5.3.4.2"),
        ("/properties/target/forms/0/contentype", "contentType", "a form", "§5.3.4.2"),
        ("/properties/schedule/maxItem", "maxItems", "an array schema", "§5.3.2.2"),
        ("/properties/schedule/items/properties/setpoint/unti", "unit", "a data schema", "§5.3.2.1"),
        ("/properties/schedule/items/requried", "required", "an object schema", "§5.3.2.6"),
        ("/actions/boost/input/properties/minutes/minimun", "minimum", "a number schema", "§5.3.2.4"),
        ("/actions/boost/idempotant", "idempotent", "an action affordance", "§5.3.1.4"),
        ("/events/windowOpen/subscribtion", "subscription", "an event affordance", "§5.3.1.5"),
    ];
    let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    let mut wanted: Vec<&str> = expected.iter().map(|(p, ..)| *p).collect();
    let mut sorted = pointers.clone();
    sorted.sort_unstable();
    wanted.sort_unstable();
    assert_eq!(sorted, wanted, "{found:#?}");
    for (pointer, term, what, section) in expected {
        let help = &found.iter().find(|(p, _)| p == pointer).expect("found").1;
        assert!(help.starts_with(&format!("did you mean `{term}`, a term of {what}?")), "{pointer}: {help}");
        assert!(help.ends_with(&format!("TD 1.1 {section}")), "{pointer}: {help}");
    }
    let titel = report.diagnostics.iter().find(|d| d.pointer == "/titel").expect("reported");
    assert_eq!((titel.code.as_str(), titel.message.as_str()), ("TK2066", "unknown term `titel`"));
    assert!(titel.help.as_deref().is_some_and(|h| h.contains("(`ex:titel`)")), "{titel:?}");
    // Not warned: prefixed terms, names (of affordances, members, security schemes, URI
    // variables), and data (`const`, `default`, `enum`).
    for quiet in [
        "ex:",
        "/properties/schedule/items/properties/titel",
        "/properties/limits/properties/",
        "/default",
        "/const",
        "/enum",
        "nosec_sc",
        "/battery",
    ] {
        assert!(!pointers.iter().any(|p| p.contains(quiet)), "{quiet}: {pointers:?}");
    }
    // WoT → WoT keeps every key as written, the misspelt ones too.
    let (doc, _) = converted(&model, Format::Wot);
    assert_eq!(doc, serde_json::from_str::<Value>(&model).expect("JSON"));
    assert_eq!((&doc["titel"], &doc["properties"]["target"]["minimun"]), (&json!("Wall thermostat"), &json!(5)));
    assert_eq!(doc["properties"]["target"]["forms"][0]["hfref"], "https://thermostat.example.com/target");
}

#[test]
fn correctly_spelt_and_extension_terms_are_not_warned() {
    // Every term TD 1.1 gives, and extensions' terms: nothing to say.
    for name in ["valid/wot-full-td.td.json", "valid/wot-saref-lamp.td.json", "valid/wot-td10-door-lock.td.json"] {
        assert!(misspelt(&fixture(name)).is_empty(), "{name}: {:?}", misspelt(&fixture(name)));
    }
    let td = r#"{"@context": ["https://www.w3.org/2022/wot/td/v1.1", {"ex": "https://ex.example.com#"}], "title": "T",
 "securityDefinitions": {"nosec_sc": {"scheme": "nosec"}}, "security": "nosec_sc",
 "properties": {"readonly": {"type": "object", "readOnly": true, "ex:titel": 1, "foo:minimun": 2, "additionalProperties": false,
   "properties": {"minimun": {"type": "number"}}, "forms": [{"href": "https://t.example.com/p", "contentType": "text/plain"}]}}}"#;
    assert!(misspelt(td).is_empty(), "{:?}", misspelt(td));
    // Case alone makes a misspelling; a short term is not guessed from a letter off.
    let td = td.replace(r#""title": "T""#, r#""title": "T", "Id": "urn:x", "ip": "10.0.0.1""#);
    assert_eq!(misspelt(&td).iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(), ["/Id"]);
    // A TD 1.0 document's misspelt terms are warned as well.
    let td = fixture("valid/wot-td10-greenhouse.td.json")
        .replace("\"readOnly\": true,\n      \"observable\"", "\"readonly\": true,\n      \"observable\"");
    assert_eq!(misspelt(&td).iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(), ["/properties/airTemperature/readonly"]);
    assert_eq!(Code::WotMisspeltTerm.as_str(), "TK2066");
}
