//! What an affordance or data schema says that the internal model has no field for and that is
//! no annotation (those ride along, [`super::annotations`]): a schema's `pattern`,
//! `exclusiveMinimum`, `minItems`, `contentEncoding`, `const`, multilingual `titles`, an action's
//! `safe` and `uriVariables`, an event's `subscription`, the title of an action's `input`
//! object… The reader serves only the other formats (WoT → WoT keeps the document), none of
//! which can hold them: each is reported lost where it is.

use super::annotations;
use super::check::SLOTS;
use super::escape;
use crate::interop::fidelity::Fidelity;
use crate::model::wot::is_placeholder;
use serde_json::{Map, Value};

/// How the reader takes a data schema, which decides what of it is read.
#[derive(Clone, Copy, PartialEq)]
enum Role {
    /// A property affordance: a parameter with an access mode (its `observable` and `forms`
    /// are the reader's own remark).
    Property,
    /// A member, or the data read as one parameter `value`: titled and described.
    Field,
    /// An action's `input` or `output` or an event's `data` read as its members: only they are.
    Members,
    /// An array's items: a type without a name.
    Item,
}

/// Reports what the affordances of `value` say that the reader does not read.
pub(super) fn report(value: &Value, fidelity: &mut Fidelity) {
    for (kind, own) in [("properties", &[][..]), ("actions", &["input", "output", "synchronous"][..]), ("events", &["data"][..])] {
        for (name, affordance) in value.get(kind).and_then(Value::as_object).into_iter().flatten() {
            let Some(map) = affordance.as_object() else { continue };
            let at = format!("/{kind}/{}", escape(name));
            if kind == "properties" {
                schema(value, map, &at, Role::Property, fidelity);
                continue;
            }
            let read = |key: &str| ["title", "description"].contains(&key) || own.contains(&key);
            unread(value, map, &at, &read, fidelity);
            for key in own.iter().filter(|k| **k != "synchronous") {
                if let Some(data) = map.get(*key).and_then(Value::as_object) {
                    let members = data.get("properties").is_some_and(Value::is_object) && data.get("type").is_none_or(|t| t == "object");
                    schema(value, data, &format!("{at}/{key}"), if members { Role::Members } else { Role::Field }, fidelity);
                }
            }
        }
    }
}

/// The values of an enum (`oneOf` branches' `const`, or `enum`), when the schema has one.
fn labelled(map: &Map<String, Value>) -> Option<Vec<&Value>> {
    if let Some(branches) = map.get("oneOf").and_then(Value::as_array) {
        return Some(branches.iter().filter_map(|b| b.get("const")).collect());
    }
    map.get("enum").and_then(Value::as_array).filter(|v| !v.is_empty()).map(|v| v.iter().collect())
}

/// Reports the terms of one data schema the reader does not read, then those of the schemas it
/// holds (members, items, `oneOf` branches).
fn schema(value: &Value, map: &Map<String, Value>, at: &str, role: Role, fidelity: &mut Fidelity) {
    let ty = map.get("type").and_then(Value::as_str);
    let values = labelled(map);
    let fits = |v: &&Value| match ty {
        Some("boolean") => v.is_boolean(),
        Some("integer") => v.is_i64(),
        Some("string") => v.is_string(),
        _ => false,
    };
    // An enum of other values, or a schema of no type the reader knows, was read as a JSON
    // value, which the reader reports for the whole schema.
    if values.as_ref().is_some_and(|v| !v.iter().all(fits)) {
        return;
    }
    let members = map.get("properties").is_some_and(Value::is_object) && ty.is_none_or(|t| t == "object");
    let typed: &[&str] = match ty {
        _ if members => &["properties", "required"],
        Some("boolean") | Some("integer") | Some("string") if values.is_some() => &["oneOf", "enum"],
        Some("integer" | "number") => &["minimum", "maximum", "multipleOf", "unit", "default"],
        Some("string") if map.get("format").is_some_and(|f| f == "date-time") => &["format"],
        Some("string") => &["minLength", "maxLength"],
        Some("array") => &["items", "maxItems"],
        Some("object") | Some("boolean") => &[],
        _ => return,
    };
    let read = |key: &str| {
        key == "type"
            || typed.contains(&key)
            || (role != Role::Members && role != Role::Item && ["title", "description"].contains(&key))
            || (role == Role::Property && ["readOnly", "writeOnly", "observable", "forms"].contains(&key))
            // A tuple's `items` are the reader's own remark.
            || (key == "items" && map.get("items").is_some_and(Value::is_array))
    };
    unread(value, map, at, &read, fidelity);
    if members {
        for (name, member) in map.get("properties").and_then(Value::as_object).into_iter().flatten() {
            if let Some(member) = member.as_object() {
                schema(value, member, &format!("{at}/properties/{}", escape(name)), Role::Field, fidelity);
            }
        }
    }
    if let Some(item) = map.get("items").and_then(Value::as_object).filter(|_| ty == Some("array")) {
        schema(value, item, &format!("{at}/items"), Role::Item, fidelity);
    }
    if values.is_some() {
        for (i, branch) in map.get("oneOf").and_then(Value::as_array).into_iter().flatten().enumerate() {
            if let Some(branch) = branch.as_object() {
                unread(value, branch, &format!("{at}/oneOf/{i}"), &|key| key == "const" || key == "title", fidelity);
            }
        }
    }
}

/// Reports each term of `map` that is neither `read` nor an annotation.
fn unread(value: &Value, map: &Map<String, Value>, at: &str, read: &dyn Fn(&str) -> bool, fidelity: &mut Fidelity) {
    for (key, v) in map {
        let placeholder = SLOTS.contains(&key.as_str()) && v.as_str().is_some_and(is_placeholder);
        if read(key) || key == "@type" || annotations::is_term(value, key) || placeholder {
            continue;
        }
        fidelity.lost(&format!("{at}/{}", escape(key)), format!("`{key}`: the other formats have no place for it"));
    }
}
