//! What a WoT document must be beyond its JSON Schema: the TD context; security names that
//! `securityDefinitions` defines; for a Thing Description security, forms and no placeholder
//! left; for a Thing Model, a word on each placeholder the other formats cannot hold.

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
];

/// What the WoT documents require beyond their schema: the TD context, defined security schemes,
/// and for a Thing Description (not a Thing Model) security, a `forms` list on every affordance
/// and no placeholder.
pub fn check_document(value: &Value, out: &mut Vec<Diagnostic>) {
    let context = &value["@context"];
    let names_td = |v: &Value| v == TD_CONTEXT || v == TD_CONTEXT_1_0;
    if !(names_td(context) || context.as_array().is_some_and(|a| a.first().is_some_and(names_td))) {
        out.push(Diagnostic::new(Code::NotAllowedValue, "/@context", format!("`@context` is not (or does not start with) `{TD_CONTEXT}`")));
    }
    security(value, out);
    if is_model(&value["@type"]) {
        model_placeholders(value, "", out);
        return;
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
    description_placeholders(value, "", out);
}

/// Each name in the top-level `security` and in every form's `security` (a string or a list of
/// strings) must be a key of `securityDefinitions`. A placeholder is left to the Thing
/// Description made from the model (and is an error of its own in a Thing Description).
fn security(value: &Value, out: &mut Vec<Diagnostic>) {
    let definitions = &value["securityDefinitions"];
    let mut names = |pointer: String, names: &Value| {
        let listed: Vec<(String, &str)> = match names {
            Value::String(name) => vec![(pointer, name.as_str())],
            Value::Array(items) => items.iter().enumerate().filter_map(|(i, v)| Some((join(&pointer, i), v.as_str()?))).collect(),
            _ => Vec::new(),
        };
        for (pointer, name) in listed {
            if !is_placeholder(name) && definitions.get(name).is_none() {
                out.push(
                    Diagnostic::new(
                        Code::UndefinedSecurityScheme,
                        pointer,
                        format!("the security scheme `{name}` is not defined in `securityDefinitions`"),
                    )
                    .with_help("define it under `securityDefinitions`, or name one defined there"),
                );
            }
        }
    };
    names("/security".into(), &value["security"]);
    let mut forms = vec![("/forms".to_string(), &value["forms"])];
    for kind in ["properties", "actions", "events"] {
        for (name, affordance) in value[kind].as_object().into_iter().flatten() {
            forms.push((format!("/{kind}/{}/forms", escape(name)), &affordance["forms"]));
        }
    }
    for (pointer, list) in forms {
        for (i, form) in list.as_array().into_iter().flatten().enumerate() {
            if let Some(security) = form.get("security") {
                names(format!("{pointer}/{i}/security"), security);
            }
        }
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
