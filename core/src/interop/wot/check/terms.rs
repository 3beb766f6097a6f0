//! Terms (TD 1.1 §5.3): a key of the Thing, an interaction affordance, a data schema or a form
//! that is no term of the TD (or of JSON Schema, JSON-LD and the other classes a document may
//! hold), has no prefix, and is within a small edit distance of a term of its place (`propertys`,
//! `titel`, `readonly`, `minimun`, `contentype`, `hfref`) is probably that term misspelt: a
//! warning names the term and the section that defines it. The key stays in the document as it
//! is written. A term with a prefix (`saref:hasState`, `ex:floor`) is an extension's and fine;
//! the keys of `properties`, `actions`, `events`, `uriVariables`, `securityDefinitions` and
//! `schemaDefinitions` (and a data schema's `properties`) are names, and `const`, `default` and
//! `enum` hold data: neither is looked at.

use super::escape;
use crate::diagnostic::{Code, Diagnostic, join};
use crate::model::wot::is_placeholder;
use serde_json::{Map, Value};

/// A class of the TD information model: how a help names it, the section that defines it, and
/// its terms.
struct Class {
    what: &'static str,
    section: &'static str,
    terms: &'static [&'static str],
}

const THING: Class = Class {
    what: "a Thing",
    section: "§5.3.1.1",
    terms: &[
        "@context",
        "@type",
        "id",
        "title",
        "titles",
        "description",
        "descriptions",
        "version",
        "created",
        "modified",
        "support",
        "base",
        "properties",
        "actions",
        "events",
        "links",
        "forms",
        "security",
        "securityDefinitions",
        "profile",
        "schemaDefinitions",
        "uriVariables",
    ],
};
const AFFORDANCE: Class = Class {
    what: "an interaction affordance",
    section: "§5.3.1.2",
    terms: &["@type", "title", "titles", "description", "descriptions", "forms", "uriVariables"],
};
const PROPERTY: Class = Class { what: "a property affordance", section: "§5.3.1.3", terms: &["observable"] };
const ACTION: Class =
    Class { what: "an action affordance", section: "§5.3.1.4", terms: &["input", "output", "safe", "idempotent", "synchronous"] };
const EVENT: Class =
    Class { what: "an event affordance", section: "§5.3.1.5", terms: &["subscription", "data", "dataResponse", "cancellation"] };
const DATA: Class = Class {
    what: "a data schema",
    section: "§5.3.2.1",
    terms: &[
        "@type",
        "title",
        "titles",
        "description",
        "descriptions",
        "const",
        "default",
        "unit",
        "oneOf",
        "enum",
        "readOnly",
        "writeOnly",
        "format",
        "type",
    ],
};
const ARRAY: Class = Class { what: "an array schema", section: "§5.3.2.2", terms: &["items", "minItems", "maxItems"] };
/// The integer schema's terms (§5.3.2.5) are the same.
const NUMBER: Class = Class {
    what: "a number schema",
    section: "§5.3.2.4",
    terms: &["minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum", "multipleOf"],
};
const OBJECT: Class = Class { what: "an object schema", section: "§5.3.2.6", terms: &["properties", "required"] };
const STRING: Class = Class {
    what: "a string schema",
    section: "§5.3.2.7",
    terms: &["minLength", "maxLength", "pattern", "contentEncoding", "contentMediaType"],
};
const FORM: Class = Class {
    what: "a form",
    section: "§5.3.4.2",
    terms: &["href", "contentType", "contentCoding", "security", "scopes", "response", "additionalResponses", "subprotocol", "op"],
};

/// The terms each place takes, its own class first (the first of equally near terms is named).
const THING_PLACE: &[&Class] = &[&THING];
const PROPERTY_PLACE: &[&Class] = &[&AFFORDANCE, &PROPERTY, &DATA, &NUMBER, &STRING, &ARRAY, &OBJECT];
const ACTION_PLACE: &[&Class] = &[&AFFORDANCE, &ACTION];
const EVENT_PLACE: &[&Class] = &[&AFFORDANCE, &EVENT];
const SCHEMA_PLACE: &[&Class] = &[&DATA, &NUMBER, &STRING, &ARRAY, &OBJECT];
const FORM_PLACE: &[&Class] = &[&FORM];

/// Keys that are never a misspelling though no place above lists them: the terms of the other
/// TD classes (links §5.3.4.1, versions §5.3.1.6, responses §5.3.4.3–4, security schemes
/// §5.3.3), JSON Schema's keywords TD leaves to JSON Schema, and JSON-LD's keywords.
const OTHER_TERMS: &[&str] = &[
    "rel",
    "anchor",
    "hreflang",
    "sizes",
    "instance",
    "model",
    "success",
    "schema",
    "scheme",
    "proxy",
    "in",
    "name",
    "qop",
    "alg",
    "authorization",
    "identity",
    "token",
    "refresh",
    "flow",
    "allOf",
    "anyOf",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "uniqueItems",
    "additionalItems",
    "additionalProperties",
    "patternProperties",
    "propertyNames",
    "minProperties",
    "maxProperties",
    "dependencies",
    "examples",
    "deprecated",
    "definitions",
    "$defs",
    "$ref",
    "$id",
    "$schema",
    "$comment",
    "@id",
    "@language",
    "@direction",
    "@value",
    "@graph",
    "@base",
    "@vocab",
];

pub(super) fn check(value: &Value, out: &mut Vec<Diagnostic>) {
    let Some(thing) = value.as_object() else { return };
    keys(thing, "", THING_PLACE, out);
    forms(&value["forms"], "/forms", out);
    for (kind, place, parts) in [
        ("properties", PROPERTY_PLACE, &[][..]),
        ("actions", ACTION_PLACE, &["input", "output"][..]),
        ("events", EVENT_PLACE, &["subscription", "data", "dataResponse", "cancellation"][..]),
    ] {
        for (name, affordance) in value[kind].as_object().into_iter().flatten() {
            let Some(object) = affordance.as_object() else { continue };
            let here = format!("/{kind}/{}", escape(name));
            keys(object, &here, place, out);
            forms(&affordance["forms"], &join(&here, "forms"), out);
            schemas(&affordance["uriVariables"], &join(&here, "uriVariables"), out);
            if kind == "properties" {
                // A property is its own data schema.
                within(affordance, &here, out);
            }
            for part in parts {
                schema(&affordance[*part], &join(&here, part), out);
            }
        }
    }
    schemas(&value["uriVariables"], "/uriVariables", out);
    schemas(&value["schemaDefinitions"], "/schemaDefinitions", out);
}

fn forms(list: &Value, pointer: &str, out: &mut Vec<Diagnostic>) {
    for (i, form) in list.as_array().into_iter().flatten().enumerate() {
        if let Some(object) = form.as_object() {
            keys(object, &join(pointer, i), FORM_PLACE, out);
        }
    }
}

/// The data schemas that are an object's values (keyed by name).
fn schemas(map: &Value, pointer: &str, out: &mut Vec<Diagnostic>) {
    for (name, s) in map.as_object().into_iter().flatten() {
        schema(s, &join(pointer, name), out);
    }
}

fn schema(s: &Value, pointer: &str, out: &mut Vec<Diagnostic>) {
    if let Some(object) = s.as_object() {
        keys(object, pointer, SCHEMA_PLACE, out);
        within(s, pointer, out);
    }
}

/// A data schema's own data schemas: its members, items and alternatives.
fn within(s: &Value, pointer: &str, out: &mut Vec<Diagnostic>) {
    schemas(&s["properties"], &join(pointer, "properties"), out);
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

/// A word on each key of `object` (at `pointer`) that looks like a term of `place` misspelt.
fn keys(object: &Map<String, Value>, pointer: &str, place: &[&'static Class], out: &mut Vec<Diagnostic>) {
    for key in object.keys() {
        if key.contains(':') || is_placeholder(key) || is_term(key) {
            continue;
        }
        let Some((term, class)) = nearest(key, place) else { continue };
        out.push(Diagnostic::new(Code::WotMisspeltTerm, join(pointer, key), format!("unknown term `{key}`")).with_help(format!(
            "did you mean `{term}`, a term of {}? the key is kept as written; an extension's term takes a prefix the `@context` declares (`ex:{key}`); TD 1.1 {}",
            class.what, class.section
        )));
    }
}

/// Whether a key is a term somewhere in a WoT document (then it is no misspelling, wherever it
/// stands).
fn is_term(key: &str) -> bool {
    let classes = [&THING, &AFFORDANCE, &PROPERTY, &ACTION, &EVENT, &DATA, &ARRAY, &NUMBER, &OBJECT, &STRING, &FORM];
    classes.iter().any(|c| c.terms.contains(&key)) || OTHER_TERMS.contains(&key)
}

/// The term of `place` nearest to `key`, if it is near enough to be what was meant: the case
/// aside, at most one edit (an insertion, a deletion, a substitution or two letters swapped) from
/// a term of 4 to 7 characters, two from a longer one; a shorter term (`id`, `op`) only by case.
fn nearest(key: &str, place: &[&'static Class]) -> Option<(&'static str, &'static Class)> {
    let key = key.to_lowercase();
    place
        .iter()
        .flat_map(|class| class.terms.iter().map(move |term| (*term, *class)))
        .map(|(term, class)| (strsim::osa_distance(&key, &term.to_lowercase()), term, class))
        .filter(|(distance, term, _)| *distance <= allowed(term))
        .min_by_key(|(distance, _, _)| *distance)
        .map(|(_, term, class)| (term, class))
}

/// The edits a misspelling of `term` may be away from it.
fn allowed(term: &str) -> usize {
    match term.chars().count() {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}
