//! What a WoT document must be beyond its JSON Schema: the TD context; [`security`]; [`forms`]
//! and their operations; [`schemas`]' types and enums; `tm:optional` and the `type` link; for a
//! Thing Description a title, security, forms, a version's instance and no placeholder left; for
//! a Thing Model, a word on each placeholder the other formats cannot hold; and a word on each
//! key that looks like a TD term misspelt ([`terms`]).
//!
//! A TD 1.0 document (its `@context` the TD 1.0 URL, alone or first, without TD 1.1's) is read as
//! TD 1.1 consumers must read it: TD 1.1 is a superset of TD 1.0, and the rules TD 1.1 added
//! (a top-level form's `op`, the one `type` link and the placeholders of Thing Models, §10) are
//! not asked of it.

mod forms;
mod schemas;
mod security;
mod terms;

use super::{TD_CONTEXT_1_0, escape, is_model};
use crate::diagnostic::{Code, Diagnostic, join};
use crate::model::wot::{TD_CONTEXT, is_placeholder};
use serde_json::Value;

/// The terms a Thing Model may leave to a placeholder where a number, a count or a flag belongs
/// (and `default`, which the other formats hold as a number): the reader takes such a placeholder
/// as absent, and carries it as an annotation only a WoT document can hold.
pub(super) const SLOTS: &[&str] = &[
    "minimum",
    "maximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "readOnly",
    "writeOnly",
    "observable",
    "synchronous",
    "default",
    "items",
    "enum",
];

/// What the WoT documents require beyond their schema: the TD context, defined security schemes,
/// and for a Thing Description (not a Thing Model) security, a `forms` list on every affordance
/// and no placeholder.
pub fn check_document(value: &Value, out: &mut Vec<Diagnostic>) {
    let context = &value["@context"];
    let names_td = |v: &Value| v == TD_CONTEXT || v == TD_CONTEXT_1_0;
    if context.is_null() {
        // Said here, at the top: a rule's word there stands in for the schema's.
        out.push(
            Diagnostic::new(Code::MissingField, "", "missing field `@context`")
                .with_help(format!("a WoT document starts with `\"@context\": \"{TD_CONTEXT}\"`; TD 1.1 §5.3.1.1")),
        );
    } else if !(names_td(context) || context.as_array().is_some_and(|a| a.first().is_some_and(names_td))) {
        out.push(
            Diagnostic::new(Code::NotAllowedValue, "/@context", format!("`@context` is not (or does not start with) `{TD_CONTEXT}`"))
                .with_help(format!("a TD 1.1 document's `@context` is `{TD_CONTEXT}`, a TD 1.0 one's `{TD_CONTEXT_1_0}`, alone or first in a list; TD 1.1 §5.3.1.1")),
        );
    }
    let model = is_model(&value["@type"]);
    let td_1_0 = is_td_1_0(context);
    security::check(value, out);
    forms::check(value, model, td_1_0, out);
    schemas::check(value, out);
    terms::check(value, out);
    optional(value, out);
    if !td_1_0 {
        type_links(value, out);
    }
    if model {
        model_placeholders(value, "", out);
        return;
    }
    if value.get("title").is_none() {
        out.push(
            Diagnostic::new(Code::MissingField, "", "missing field `title`")
                .with_help("a Thing Description needs one (a Thing Model may leave it out); TD 1.1 §5.3.1.1"),
        );
    }
    if value["version"].is_object() && value["version"].get("instance").is_none() {
        out.push(
            Diagnostic::new(Code::MissingField, "/version", "missing field `instance`")
                .with_help("a Thing Description's version names its instance (`model` alone is a Thing Model's); TD 1.1 §5.3.1.6"),
        );
    }
    for field in ["security", "securityDefinitions"] {
        if value.get(field).is_none() {
            out.push(
                Diagnostic::new(Code::MissingField, "", format!("missing field `{field}`"))
                    .with_help("a Thing Description needs it; a Thing Model says `\"@type\": \"tm:ThingModel\"`"),
            );
        }
    }
    for kind in ["properties", "actions", "events"] {
        for (name, affordance) in value[kind].as_object().into_iter().flatten() {
            if affordance.get("forms").is_none() {
                out.push(Diagnostic::new(
                    Code::MissingField,
                    format!("/{kind}/{}", escape(name)),
                    "missing field `forms` (a Thing Description's affordances say how to reach them)",
                ));
            }
        }
    }
    // TD 1.0 has no Thing Models: `{{…}}` in a TD 1.0 document is text like any other.
    if !td_1_0 {
        description_placeholders(value, "", out);
    }
}

/// Whether the `@context` is a TD 1.0 document's: the TD 1.0 URL alone, or first in a list that
/// does not name TD 1.1's (TD 1.1 puts the TD 1.0 URL first and its own second in a TD 1.1
/// document meant for TD 1.0 consumers too: that one is held to TD 1.1).
fn is_td_1_0(context: &Value) -> bool {
    match context {
        Value::Array(items) => items.first().is_some_and(|first| first == TD_CONTEXT_1_0) && !items.iter().any(|i| i == TD_CONTEXT),
        other => other == TD_CONTEXT_1_0,
    }
}

/// Each `tm:optional` entry points at one interaction affordance of the model
/// (`/properties/p`, `/actions/a`, `/events/e`): not below one, not at nothing (TD 1.1 §10.3.3).
fn optional(value: &Value, out: &mut Vec<Diagnostic>) {
    for (i, entry) in value["tm:optional"].as_array().into_iter().flatten().enumerate() {
        let Some(text) = entry.as_str().filter(|t| !is_placeholder(t)) else { continue };
        let pointer = text.trim_start_matches('#');
        let tokens: Vec<&str> = pointer.split('/').collect();
        let message = match tokens.as_slice() {
            ["", "properties" | "actions" | "events", _] if value.pointer(pointer).is_some() => continue,
            ["", "properties" | "actions" | "events", _, ..] if tokens.len() > 3 => {
                format!("`{text}` points below an interaction affordance")
            }
            _ => format!("`{text}` points at no interaction affordance"),
        };
        out.push(
            Diagnostic::new(Code::WotOptional, join("/tm:optional", i), message)
                .with_help("name an affordance of the model, as `/properties/name`, `/actions/name` or `/events/name`; TD 1.1 §10.3.3"),
        );
    }
}

/// At most one link says what the Thing is an instance of (`"rel": "type"`, the Thing Model a
/// Thing Description was made from: TD 1.1 §10.4).
fn type_links(value: &Value, out: &mut Vec<Diagnostic>) {
    let typed = value["links"].as_array().into_iter().flatten().enumerate().filter(|(_, link)| link["rel"] == "type");
    for (i, _) in typed.skip(1) {
        out.push(
            Diagnostic::new(Code::WotLinkType, format!("/links/{i}/rel"), "a second link with `\"rel\": \"type\"`")
                .with_help("a Thing is an instance of one Thing Model: keep one `type` link; TD 1.1 §10.4"),
        );
    }
}

/// A Thing Model's placeholders where a number, a count or a flag belongs: valid, but only a WoT
/// document can hold them. The warning at the placeholder's own pointer also stands in for the
/// structural check's complaint there (a string where the schema wants a number).
fn model_placeholders(value: &Value, pointer: &str, out: &mut Vec<Diagnostic>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                let here = join(pointer, key);
                match v.as_str() {
                    Some(text) if SLOTS.contains(&key.as_str()) && is_placeholder(text) => out.push(Diagnostic::new(
                        Code::NotCarried,
                        here,
                        format!("`{key}` is the Thing Model placeholder `{text}`: only a WoT document can hold it, conversions to the other formats leave it out"),
                    )),
                    _ => model_placeholders(v, &here, out),
                }
            }
        }
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| model_placeholders(v, &join(pointer, i), out)),
        _ => {}
    }
}

/// A Thing Description gives every value: a placeholder left in one is an error at its pointer.
fn description_placeholders(value: &Value, pointer: &str, out: &mut Vec<Diagnostic>) {
    match value {
        Value::String(text) if is_placeholder(text) => out.push(
            Diagnostic::new(Code::WotPlaceholder, pointer, format!("`{text}` is a Thing Model placeholder, left in a Thing Description"))
                .with_help("replace it with the value; a Thing Model says `\"@type\": \"tm:ThingModel\"`"),
        ),
        Value::Object(map) => map.iter().for_each(|(key, v)| description_placeholders(v, &join(pointer, key), out)),
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| description_placeholders(v, &join(pointer, i), out)),
        _ => {}
    }
}
