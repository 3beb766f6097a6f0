//! Security (TD 1.1 §5.3.1.1, §5.3.3): the names in `security` (top level and forms) and in a
//! `combo` scheme's `oneOf`/`allOf` are keys of `securityDefinitions`; `security` names at least
//! one; each definition's `scheme` is one the specification defines, or an extension's
//! (`prefix:Name`). A placeholder is left to the Thing Description made from a model (and is an
//! error of its own in a Thing Description).

use super::escape;
use crate::diagnostic::{Code, Diagnostic, join};
use crate::model::wot::is_placeholder;
use serde_json::Value;

/// The schemes TD 1.1 §5.3.3 defines.
const SCHEMES: &[&str] = &["nosec", "auto", "combo", "basic", "digest", "bearer", "psk", "oauth2", "apikey"];

pub(super) fn check(value: &Value, out: &mut Vec<Diagnostic>) {
    let definitions = &value["securityDefinitions"];
    if value["security"].as_array().is_some_and(Vec::is_empty) {
        out.push(
            Diagnostic::new(Code::ArrayLength, "/security", "`security` is an empty list")
                .with_help("name at least one scheme of `securityDefinitions` (a `nosec` one for none); TD 1.1 §5.3.1.1"),
        );
    }
    names(definitions, "/security".into(), &value["security"], out);
    let mut forms = vec![("/forms".to_string(), &value["forms"])];
    for kind in ["properties", "actions", "events"] {
        for (name, affordance) in value[kind].as_object().into_iter().flatten() {
            forms.push((format!("/{kind}/{}/forms", escape(name)), &affordance["forms"]));
        }
    }
    for (pointer, list) in forms {
        for (i, form) in list.as_array().into_iter().flatten().enumerate() {
            if let Some(security) = form.get("security") {
                names(definitions, format!("{pointer}/{i}/security"), security, out);
            }
        }
    }
    for (name, definition) in definitions.as_object().into_iter().flatten() {
        let here = join("/securityDefinitions", name);
        scheme(&here, definition, out);
        if definition["scheme"] == "combo" {
            for key in ["oneOf", "allOf"] {
                if let Some(listed) = definition.get(key) {
                    names(definitions, join(&here, key), listed, out);
                }
            }
        }
    }
}

/// A definition's `scheme`: one TD 1.1 defines, an extension's (`ace:ACESecurityScheme`), or a
/// Thing Model's placeholder.
fn scheme(pointer: &str, definition: &Value, out: &mut Vec<Diagnostic>) {
    let Some(scheme) = definition.get("scheme").and_then(Value::as_str) else { return };
    if SCHEMES.contains(&scheme) || scheme.contains(':') || is_placeholder(scheme) {
        return;
    }
    let known: Vec<String> = SCHEMES.iter().map(|s| format!("`{s}`")).collect();
    out.push(
        Diagnostic::new(Code::NotAllowedValue, join(pointer, "scheme"), format!("unknown security scheme `{scheme}`"))
            .with_help(format!("one of {}, or an extension's `prefix:Name`; TD 1.1 §5.3.3", known.join(", "))),
    );
}

/// Each name (a string or a list of strings) must be a key of `securityDefinitions`.
fn names(definitions: &Value, pointer: String, names: &Value, out: &mut Vec<Diagnostic>) {
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
}
