//! Data schemas (TD 1.1 §5.3.2.1): a `type` is one of the seven JSON types, and an `enum` lists
//! at least one value, each once. Every data schema is visited: properties (an affordance is
//! its own), actions' `input`/`output`, events' `data` and friends, `uriVariables`,
//! `schemaDefinitions`, and within each its members, items and alternatives.

use super::escape;
use crate::diagnostic::{Code, Diagnostic, join};
use crate::model::wot::is_placeholder;
use serde_json::Value;
use std::collections::HashSet;

const TYPES: &[&str] = &["boolean", "integer", "number", "string", "object", "array", "null"];

pub(super) fn check(value: &Value, out: &mut Vec<Diagnostic>) {
    for (kind, parts) in [
        ("properties", &[][..]),
        ("actions", &["input", "output"][..]),
        ("events", &["data", "dataResponse", "subscription", "cancellation"][..]),
    ] {
        for (name, affordance) in value[kind].as_object().into_iter().flatten() {
            let here = format!("/{kind}/{}", escape(name));
            if kind == "properties" {
                schema(affordance, &here, out);
            }
            for part in parts {
                if let Some(s) = affordance.get(*part) {
                    schema(s, &join(&here, part), out);
                }
            }
            map(&affordance["uriVariables"], &join(&here, "uriVariables"), out);
        }
    }
    map(&value["uriVariables"], "/uriVariables", out);
    map(&value["schemaDefinitions"], "/schemaDefinitions", out);
}

/// The data schemas that are an object's values.
fn map(value: &Value, pointer: &str, out: &mut Vec<Diagnostic>) {
    for (name, s) in value.as_object().into_iter().flatten() {
        schema(s, &join(pointer, name), out);
    }
}

fn schema(s: &Value, pointer: &str, out: &mut Vec<Diagnostic>) {
    let Some(object) = s.as_object() else { return };
    if let Some(ty) = object.get("type").and_then(Value::as_str).filter(|t| !TYPES.contains(t) && !is_placeholder(t)) {
        let known: Vec<String> = TYPES.iter().map(|t| format!("`{t}`")).collect();
        out.push(
            Diagnostic::new(Code::NotAllowedValue, join(pointer, "type"), format!("unknown data schema type `{ty}`"))
                .with_help(format!("one of {}; TD 1.1 §5.3.2.1", known.join(", "))),
        );
    }
    if let Some(values) = object.get("enum").and_then(Value::as_array) {
        let here = join(pointer, "enum");
        if values.is_empty() {
            out.push(
                Diagnostic::new(Code::EmptyEnum, &here, "`enum` is an empty list")
                    .with_help("list the allowed values, or leave `enum` out; TD 1.1 §5.3.2.1"),
            );
        }
        let mut seen = HashSet::new();
        for (i, v) in values.iter().enumerate() {
            if !seen.insert(v.to_string()) {
                out.push(
                    Diagnostic::new(Code::RepeatedEnumValue, join(&here, i), format!("the value `{v}` is listed twice in `enum`"))
                        .with_help("list each allowed value once; TD 1.1 §5.3.2.1"),
                );
            }
        }
    }
    map(&s["properties"], &join(pointer, "properties"), out);
    match &s["items"] {
        Value::Array(items) => items.iter().enumerate().for_each(|(i, item)| schema(item, &join(&join(pointer, "items"), i), out)),
        item => schema(item, &join(pointer, "items"), out),
    }
    for key in ["oneOf", "allOf", "anyOf"] {
        for (i, branch) in s[key].as_array().into_iter().flatten().enumerate() {
            schema(branch, &join(&join(pointer, key), i), out);
        }
    }
}
