//! The fidelity report accounts for the whole source. Across formats, every member of a document
//! is carried (exactly or approximately) or named in the report; a format converted to itself is
//! the document itself, reported exact; and nothing is reported approximated where nothing
//! changed. Checked over generated documents of every format.

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value;
use thingkit::interop::{FidelityEntry, Outcome};
use thingkit::{Code, Format, convert_as, validate};
use thingkit_tests::generators::{middle, rich_huawei_model, rich_tencent_template, rich_wot_model};

/// Every format a thing model converts to and from (simple TSL and the extendConfig export are
/// partial views of a TSL, not models of their own).
const FORMATS: [Format; 5] = [Format::Tsl, Format::ThingModelJson, Format::Tencent, Format::Huawei, Format::Wot];

// Sources.

/// A generated document of one of the formats with a generator of its own, with its format.
fn generated() -> impl Strategy<Value = (Format, Value)> {
    prop_oneof![
        rich_tencent_template().prop_map(|v| (Format::Tencent, v)),
        rich_huawei_model().prop_map(|v| (Format::Huawei, v)),
        rich_wot_model().prop_map(|v| (Format::Wot, v)),
    ]
}

/// A valid source document of `format`, as text: a generated one, or (TSL, ThingModelJson) what
/// a generated document of any format converts to, which has what each of them brings (call
/// types, event types, doubles, dates, arrays of structs, names made to fit), with what only
/// that format says added where `mask` says so.
fn source_of(format: Format, (kind, doc): &(Format, Value), mask: u64) -> Option<String> {
    let text = doc.to_string();
    if !validate(&text).valid {
        return None;
    }
    if *kind == format {
        return Some(text);
    }
    if !matches!(format, Format::Tsl | Format::ThingModelJson) {
        return None;
    }
    let mut converted: Value = serde_json::from_str(&convert_as(&text, Some(*kind), format).ok()?.text).ok()?;
    only_in(format, &mut converted, mask);
    let converted = converted.to_string();
    validate(&converted).valid.then_some(converted)
}

/// Adds to a TSL or ThingModelJson what only it says, each where the next bit of `mask` says
/// so: a TSL's custom module; a ThingModelJson's description, creation times, and numbers'
/// default values and precision.
fn only_in(format: Format, doc: &mut Value, mut mask: u64) {
    let mut bit = || {
        mask = mask.rotate_right(1);
        mask & 1 == 1
    };
    if format == Format::Tsl {
        if bit() {
            doc["functionBlockId"] = "module_1".into();
            doc["functionBlockName"] = "module".into();
        }
        return;
    }
    if bit() {
        doc["description"] = "a model".into();
    }
    for list in ["properties", "events", "services"] {
        for (i, feature) in doc[list].as_array_mut().into_iter().flatten().enumerate() {
            if bit() {
                feature["createTs"] = (1_700_000_000_000_i64 + i64::try_from(i).unwrap_or(0)).into();
            }
            if let Some(specs) = feature.get_mut("dataSpecs")
                && let Some(middle) = middle(specs.get("min"), specs.get("max"))
                && bit()
            {
                specs["defaultValue"] = middle.to_string().into();
                specs["precise"] = "7".into();
            }
        }
    }
}

/// The same document with one feature only (the `pick`th of its properties, events and actions,
/// commands or affordances): what a report says then concerns that feature or the model.
fn one_feature((kind, doc): &(Format, Value), pick: Index) -> (Format, Value) {
    let mut doc = doc.clone();
    let lists: &[&str] = match kind {
        Format::Huawei => &["properties", "commands", "events"],
        _ => &["properties", "events", "actions"],
    };
    let holder = if *kind == Format::Huawei { "/service_capabilities/0" } else { "" };
    if let Some(services) = doc["service_capabilities"].as_array_mut() {
        services.truncate(1);
    }
    let count = |doc: &Value, list: &str| match doc.pointer(&format!("{holder}/{list}")) {
        Some(Value::Array(items)) => items.len(),
        Some(Value::Object(map)) => map.len(),
        _ => 0,
    };
    let sizes: Vec<usize> = lists.iter().map(|l| count(&doc, l)).collect();
    let total: usize = sizes.iter().sum();
    if total == 0 {
        return (*kind, doc);
    }
    // The chosen feature as (list, place in it).
    let (mut list, mut place) = (0, pick.index(total));
    while place >= sizes[list] {
        place -= sizes[list];
        list += 1;
    }
    for (l, name) in lists.iter().enumerate() {
        match doc.pointer_mut(&format!("{holder}/{name}")) {
            Some(Value::Array(items)) => *items = if l == list { vec![items[place].clone()] } else { Vec::new() },
            Some(Value::Object(map)) => {
                let kept = map.iter().nth(place).filter(|_| l == list).map(|(k, v)| (k.clone(), v.clone()));
                map.clear();
                map.extend(kept);
            }
            _ => {}
        }
    }
    (*kind, doc)
}

// The accounting.

/// RFC 6901 escaping of one key.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Whether the keys of `value` (found under `key` in `parent`) are data rather than field
/// names: a WoT Thing Model's affordance names, an object schema's member names, the values of
/// a Tencent `mapping` or a TSL enum's `specs` (a bool's `0`/`1` are the bool's vocabulary).
fn keys_are_data(pointer: &str, key: &str, value: &Value, parent: &Value) -> bool {
    if !value.is_object() {
        return false;
    }
    match key {
        "properties" | "actions" | "events" if pointer == format!("/{key}") => true,
        "properties" => parent["type"] == "object",
        "mapping" => parent["type"] != "bool",
        "specs" => parent["type"] == "enum",
        _ => false,
    }
}

/// Every member of `value` worth accounting for, with its pointer: each scalar, and each key
/// that is data ([`keys_are_data`]), as a string.
fn members(value: &Value) -> Vec<(String, Value)> {
    fn walk(value: &Value, pointer: &str, out: &mut Vec<(String, Value)>) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    let here = format!("{pointer}/{}", escape(key));
                    if keys_are_data(&here, key, child, value) {
                        for name in child.as_object().into_iter().flatten().map(|(k, _)| k) {
                            out.push((format!("{here}/{}", escape(name)), Value::String(name.clone())));
                        }
                    }
                    walk(child, &here, out);
                }
            }
            Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| walk(v, &format!("{pointer}/{i}"), out)),
            scalar => out.push((pointer.to_string(), scalar.clone())),
        }
    }
    let mut out = Vec::new();
    walk(value, "", &mut out);
    out
}

/// A value as compared across formats: numbers by value, number-like text as the number it
/// writes (TSL and Tencent write bounds as text, WoT as numbers: `"1.0"` is `1`).
#[derive(Debug, PartialEq)]
enum Atom {
    Number(f64),
    Text(String),
}

fn atom(v: &Value) -> Option<Atom> {
    match v {
        Value::Number(n) => n.as_f64().map(Atom::Number),
        Value::String(s) => {
            let t = s.trim();
            let numeric =
                !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || "+-.eE".contains(c)) && t.chars().any(|c| c.is_ascii_digit());
            Some(match t.parse::<f64>() {
                Ok(n) if numeric && n.is_finite() => Atom::Number(n),
                _ => Atom::Text(s.clone()),
            })
        }
        _ => None,
    }
}

/// Vocabulary: fields whose values the formats translate by name rather than copy, so that the
/// same thing is spelt differently in each. The type names (`int`, `integer`, `INT`, `decimal`,
/// and Tencent's event `type`), access modes (`mode`, `accessMode`, `rwFlag`, Huawei's
/// `method`), TSL's call and event types and its generated `method` names, ThingModelJson's
/// parameter `direction` and `paraOrder` (a parameter's place in its list, carried as the order
/// of the list); and WoT's `tm:ThingModel` type and `date-time` format, which are a Thing Model's
/// and a timestamp's spelling. Whether they are carried is the business of the tests of each
/// mapping; the aim here is the members that are copied.
const VOCABULARY: [&str; 12] = [
    "type",
    "dataType",
    "data_type",
    "childDataType",
    "mode",
    "accessMode",
    "rwFlag",
    "method",
    "callType",
    "eventType",
    "direction",
    "paraOrder",
];

/// Whether the member at `pointer` (of value `value`, in a `format` document `source`) is
/// translated rather than copied, or says nothing: see [`VOCABULARY`]; a boolean is a flag
/// (`required`, `custom`, `readOnly`, `synchronous`, which become `tm:optional`, an access mode
/// or a call type) or a bool value (0/1 and `false`/`true`), never copied as it is, and so are
/// the names WoT lists to say the same flags (`tm:optional`, an object schema's `required`); an empty
/// text says nothing (the readers take it as absent); `@context` and TSL's `schema` name the
/// format, and a data template's `version` (`1.0`) and a TSL's `profile.version` (`1.0`, `1.5`
/// with custom modules) are the format's, which each writer sets for its own; a ThingModelJson
/// bool's `value`s are the bool's 0 and 1; a minimum length (of a text, or of an array) 0 is no
/// minimum, as in the formats that have none; a TSL's `post`, `set` and `get` are generated from
/// its properties, and every TSL writer generates them again.
fn translated(format: Format, source: &Value, pointer: &str, value: &Value) -> bool {
    let (parent, key) = pointer.rsplit_once('/').unwrap_or_default();
    let format_version = match format {
        Format::Tencent => pointer == "/version" && value == "1.0",
        Format::Tsl => pointer == "/profile/version" && (value == "1.0" || value == "1.5"),
        _ => false,
    };
    let parent_value = source.pointer(parent);
    let no_minimum = atom(value) == Some(Atom::Number(0.0))
        && match key {
            "min" => parent_value.is_some_and(|p| p["type"] == "string"),
            "minLength" | "minItems" => true,
            _ => false,
        };
    let bool_value = format == Format::ThingModelJson && key == "value" && parent_value.is_some_and(|p| p["dataType"] == "BOOL");
    let generated = |list: &str, ids: &[&str]| {
        let mut parts = pointer.split('/').skip(1);
        parts.next() == Some(list)
            && parts
                .next()
                .and_then(|i| source[list].get(i.parse::<usize>().ok()?))
                .is_some_and(|f| ids.iter().any(|id| f["identifier"] == *id))
    };
    value.is_boolean()
        || value.is_null()
        || value.as_str() == Some("")
        || (VOCABULARY.contains(&key) && !value.is_object())
        || (key == "@type" && value == "tm:ThingModel")
        || (key == "format" && value == "date-time")
        || pointer == "/@context"
        || pointer.starts_with("/@context/")
        || pointer.starts_with("/tm:optional/")
        || parent.ends_with("/required")
        || format_version
        || bool_value
        || no_minimum
        || (format == Format::Tsl && (pointer == "/schema" || generated("events", &["post"]) || generated("services", &["set", "get"])))
}

/// Whether `pointer` is at or under a feature (property, event, action, service, command or
/// affordance) rather than on the model or a Huawei service.
fn in_feature(pointer: &str) -> bool {
    let parts: Vec<&str> = pointer.split('/').skip(1).collect();
    let lists = ["properties", "events", "actions", "services", "commands"];
    parts.first().is_some_and(|p| lists.contains(p))
        || (parts.first() == Some(&"service_capabilities") && parts.get(2).is_some_and(|p| lists.contains(p)))
}

/// Whether the report entry at `entry` accounts for the member at `pointer`: the entry is at it
/// or at a whole-segment prefix of it. An entry on the model (the root) or on a Huawei service
/// speaks of the container's own fields: the features it holds are each accounted for by their
/// own entries, so a lost service does not account for a forgotten property name.
fn accounts_for(entry: &str, pointer: &str) -> bool {
    if entry == pointer {
        return true;
    }
    let Some(rest) = pointer.strip_prefix(entry).and_then(|r| r.strip_prefix('/')) else { return false };
    let first = rest.split('/').next().unwrap_or_default();
    let service = entry.strip_prefix("/service_capabilities/").is_some_and(|i| !i.is_empty() && i.bytes().all(|b| b.is_ascii_digit()));
    if entry.is_empty() {
        !["properties", "events", "actions", "services", "service_capabilities", "functionBlocks"].contains(&first)
    } else if service {
        !["properties", "commands", "events"].contains(&first)
    } else {
        true
    }
}

/// What the written document holds, to look members up in: its scalars and its keys that are
/// data, and the product identifier a Thing Model's `id` is made of (`urn:thingkit:product:P1`,
/// which the WoT reader reads back as `P1`).
fn atoms(doc: &Value) -> Vec<Atom> {
    let mut found: Vec<Atom> = members(doc).iter().filter_map(|(_, v)| atom(v)).collect();
    if let Some(product) = doc["id"].as_str().and_then(|id| id.strip_prefix("urn:thingkit:product:")) {
        found.extend(atom(&Value::String(product.into())));
    }
    found
}

fn carried(found: &[Atom], v: &Value) -> bool {
    atom(v).is_some_and(|a| found.contains(&a))
}

fn not_exact(report: &[FidelityEntry]) -> impl Iterator<Item = &FidelityEntry> {
    report.iter().filter(|e| e.outcome != Outcome::Exact)
}

/// Converts `text` (of `from`) to every format and checks the accounting: no phantom pointers,
/// every member carried or named.
fn account(from: Format, text: &str) -> Result<(), TestCaseError> {
    let source: Value = serde_json::from_str(text).expect("JSON");
    let members = members(&source);
    for to in FORMATS {
        // A valid source converts to every format but where a pair is refused by design (a
        // simple TSL converts to a simple TSL only): anything else is a failure, not a skip.
        let c = match convert_as(text, Some(from), to) {
            Ok(c) => c,
            Err(thingkit::ConvertError::Unsupported { .. }) => continue,
            Err(e) => return Err(TestCaseError::fail(format!("{} → {}: {e:?}\n{text}", from.as_str(), to.as_str()))),
        };
        let phantoms: Vec<&FidelityEntry> = c.fidelity.iter().filter(|e| source.pointer(&e.pointer).is_none()).collect();
        prop_assert!(phantoms.is_empty(), "{} → {}: pointers not in the source: {phantoms:#?}\n{text}", from.as_str(), to.as_str());
        // What the conversion's warnings name as not carried: a field no format has (TK1005), a
        // number written as the console's placeholder for none (TK2051).
        let warned: Vec<&str> = c
            .diagnostics
            .iter()
            .filter(|d| matches!(d.code, Code::UnknownField | Code::PlaceholderNumber))
            .map(|d| d.pointer.as_str())
            .collect();
        let written = atoms(&c.document());
        let forgotten: Vec<&(String, Value)> = members
            .iter()
            .filter(|(p, v)| {
                !warned.iter().any(|w| p == w || p.starts_with(&format!("{w}/")))
                    && !translated(from, &source, p, v)
                    && !carried(&written, v)
                    && !not_exact(&c.fidelity).any(|e| accounts_for(&e.pointer, p))
            })
            .collect();
        prop_assert!(
            forgotten.is_empty(),
            "{} → {}: neither carried nor reported: {forgotten:?}\nsource: {text}\nwritten: {}\nreport: {:#?}",
            from.as_str(),
            to.as_str(),
            c.text,
            c.fidelity
        );
    }
    Ok(())
}

/// A format converted to itself: the document itself, every element exact.
fn same(format: Format, text: &str) -> Result<(), TestCaseError> {
    let c = convert_as(text, Some(format), format).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
    let remarks: Vec<&FidelityEntry> = not_exact(&c.fidelity).collect();
    prop_assert!(remarks.is_empty(), "{} → itself: {remarks:#?}\n{text}", format.as_str());
    let source: Value = serde_json::from_str(text).expect("JSON");
    prop_assert_eq!(c.document(), source, "{} → itself", format.as_str());
    Ok(())
}

/// No approximation where nothing changed. Whether the target "says something else" is a
/// judgement of meaning no test can make in general (a timestamp and a `date-time` string both
/// read back as the same timestamp, yet a device sends a number for one and text for the
/// other), but the two directions of a conversion must agree about it: when `from` → `to`
/// approximates at a pointer, and the written document converted back brings back exactly the
/// source's value there, the way back must say something too. Either the target form does
/// differ, and reading it as the source's format changes it again (an approximation of its
/// own), or it does not, and the first entry was reported where nothing changed. The documents
/// have one feature, so that what the way back says concerns that feature (or the model).
fn approximations_change_something(from: Format, text: &str) -> Result<(), TestCaseError> {
    let source: Value = serde_json::from_str(text).expect("JSON");
    for to in FORMATS.into_iter().filter(|to| *to != from) {
        let Ok(there) = convert_as(text, Some(from), to) else { continue };
        let Ok(back) = convert_as(&there.text, Some(to), from) else { continue };
        let returned = back.document();
        // The way back is silent about the feature when it says nothing at or under a feature
        // (what it says of the model or a service is about them), or nothing at all for an
        // entry on the model.
        let back_silent = |pointer: &str| !not_exact(&back.fidelity).any(|e| in_feature(&e.pointer) || !in_feature(pointer));
        for e in there.fidelity.iter().filter(|e| e.outcome == Outcome::Approximated) {
            let unchanged = source.pointer(&e.pointer).is_some() && source.pointer(&e.pointer) == returned.pointer(&e.pointer);
            prop_assert!(
                !(unchanged && back_silent(&e.pointer)),
                "{} → {} approximates `{}` ({}), yet it comes back unchanged and the way back is exact\nsource: {text}\nwritten: {}\nback report: {:#?}",
                from.as_str(),
                to.as_str(),
                e.pointer,
                e.message,
                there.text,
                back.fidelity
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_data_template_is_accounted_for(doc in rich_tencent_template()) {
        let text = source_of(Format::Tencent, &(Format::Tencent, doc), 0);
        prop_assume!(text.is_some());
        account(Format::Tencent, &text.unwrap_or_default())?;
    }

    #[test]
    fn a_product_model_is_accounted_for(doc in rich_huawei_model()) {
        let text = source_of(Format::Huawei, &(Format::Huawei, doc), 0);
        prop_assume!(text.is_some());
        account(Format::Huawei, &text.unwrap_or_default())?;
    }

    #[test]
    fn a_thing_model_is_accounted_for(doc in rich_wot_model()) {
        let text = source_of(Format::Wot, &(Format::Wot, doc), 0);
        prop_assume!(text.is_some());
        account(Format::Wot, &text.unwrap_or_default())?;
    }

    #[test]
    fn a_tsl_is_accounted_for(doc in generated(), mask in any::<u64>()) {
        let text = source_of(Format::Tsl, &doc, mask);
        prop_assume!(text.is_some());
        account(Format::Tsl, &text.unwrap_or_default())?;
    }

    #[test]
    fn a_thing_model_json_is_accounted_for(doc in generated(), mask in any::<u64>()) {
        let text = source_of(Format::ThingModelJson, &doc, mask);
        prop_assume!(text.is_some());
        account(Format::ThingModelJson, &text.unwrap_or_default())?;
    }

    #[test]
    fn a_format_converted_to_itself_is_the_document(doc in generated(), mask in any::<u64>()) {
        let mut checked = 0;
        for format in FORMATS {
            if let Some(text) = source_of(format, &doc, mask) {
                same(format, &text)?;
                checked += 1;
            }
        }
        prop_assume!(checked > 0, "no valid source of any format");
    }

    #[test]
    fn nothing_is_approximated_that_did_not_change(doc in generated(), pick in any::<Index>(), mask in any::<u64>()) {
        let doc = one_feature(&doc, pick);
        for from in FORMATS {
            if let Some(text) = source_of(from, &doc, mask) {
                approximations_change_something(from, &text)?;
            }
        }
    }
}

/// The accounting over the documents of `tests/fixtures/valid` (real exports and requests of
/// every platform), all failures at once.
#[test]
fn every_valid_fixture_is_accounted_for() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/valid");
    let mut paths: Vec<_> = std::fs::read_dir(&dir).expect("fixtures").map(|e| e.expect("entry").path()).collect();
    paths.sort();
    let mut failures = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("fixture reads");
        let report = validate(&text);
        let Some(kind) = report.kind.filter(|k| report.valid && FORMATS.contains(k)) else { continue };
        if let Err(e) = account(kind, &text) {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let e = e.to_string();
            failures.push(format!("{name}: {}", e.split("\nsource").next().unwrap_or_default()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
