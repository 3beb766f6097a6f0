//! What a WoT document says that the hub has no field for but another WoT document can hold:
//! semantic annotations (`@type` on the Thing, an affordance or a data schema; terms such as
//! `saref:hasState` whose prefix the `@context` declares; the `@context`'s own entries) and a
//! Thing Model's placeholders where a number, a count or a flag belongs. They are read into the
//! hub's `annotations` (the other formats' writers report them lost) and written back verbatim.

use super::check::SLOTS;
use crate::diagnostic::escape_token;
use crate::hub::{Annotation, Field, Schema, Thing};
use crate::interop::fidelity::Fidelity;
use crate::model::wot::{Affordance, DataSchema, ThingModel, is_placeholder};
use serde_json::{Value, json};

/// Reads the annotations of every element of `thing`, read from `value`, at the element's origin.
pub(super) fn read(thing: &mut Thing, value: &Value) {
    let reader = Reader::new(value);
    thing.annotations = reader.thing();
    for p in &mut thing.properties {
        p.annotations = reader.at(&p.origin, "");
        reader.schema(&mut p.schema);
    }
    for e in &mut thing.events {
        e.annotations = reader.at(&e.origin, "");
        reader.container(&e.origin, "data", &e.outputs, &mut e.annotations);
        reader.fields(&mut e.outputs);
    }
    for a in &mut thing.actions {
        a.annotations = reader.at(&a.origin, "");
        reader.container(&a.origin, "input", &a.inputs, &mut a.annotations);
        reader.container(&a.origin, "output", &a.outputs, &mut a.annotations);
        reader.fields(&mut a.inputs);
        reader.fields(&mut a.outputs);
    }
}

/// Whether a top-level term is a semantic annotation (carried) rather than a term the
/// conversion leaves out.
pub(super) fn is_term(value: &Value, key: &str) -> bool {
    Reader::new(value).prefixed(key)
}

struct Reader<'a> {
    value: &'a Value,
    /// The prefixes the objects in `@context` declare.
    prefixes: Vec<&'a str>,
}

impl<'a> Reader<'a> {
    fn new(value: &'a Value) -> Self {
        let declared = value["@context"].as_array().into_iter().flatten().filter_map(Value::as_object).flat_map(|o| o.keys());
        Reader { value, prefixes: declared.map(String::as_str).filter(|k| !k.starts_with('@')).collect() }
    }

    /// A term `prefix:name` whose prefix the `@context` declares.
    fn prefixed(&self, key: &str) -> bool {
        key.split_once(':').is_some_and(|(prefix, name)| !name.is_empty() && self.prefixes.contains(&prefix))
    }

    /// The Thing's own: the `@context` beyond the TD context, the `@type`s beside
    /// `tm:ThingModel`, the prefixed terms.
    fn thing(&self) -> Vec<Annotation> {
        let mut notes = Vec::new();
        let context = &self.value["@context"];
        if context.as_array().is_some_and(|a| a.len() > 1) {
            notes.push(Annotation { path: "@context".into(), value: context.clone() });
        }
        let types: Vec<&Value> = match &self.value["@type"] {
            Value::Array(types) => types.iter().collect(),
            Value::Null => Vec::new(),
            other => vec![other],
        };
        let types: Vec<Value> = types.into_iter().filter(|t| *t != "tm:ThingModel").cloned().collect();
        if !types.is_empty() {
            notes.push(Annotation { path: "@type".into(), value: Value::Array(types) });
        }
        for (key, v) in self.value.as_object().into_iter().flatten() {
            if self.prefixed(key) && key != "tm:optional" {
                notes.push(Annotation { path: escape_token(key).into_owned(), value: v.clone() });
            }
        }
        notes
    }

    /// The annotations of the object at `pointer` and of its array items (`items/…`), each path
    /// starting with `relative`.
    fn at(&self, pointer: &str, relative: &str) -> Vec<Annotation> {
        let mut notes = Vec::new();
        let Some(object) = self.value.pointer(pointer).and_then(Value::as_object) else { return notes };
        let path =
            |key: &str| if relative.is_empty() { escape_token(key).into_owned() } else { format!("{relative}/{}", escape_token(key)) };
        for (key, v) in object {
            let placeholder = SLOTS.contains(&key.as_str()) && v.as_str().is_some_and(is_placeholder);
            if key == "@type" || self.prefixed(key) || placeholder {
                notes.push(Annotation { path: path(key), value: v.clone() });
            }
        }
        if object.get("items").is_some_and(Value::is_object) {
            notes.extend(self.at(&format!("{pointer}/items"), &path("items")));
        }
        notes
    }

    /// An event's `data` or an action's `input`/`output` read as the members of an object: that
    /// object's own annotations belong to the affordance (a schema read as one parameter
    /// `value` is the parameter's).
    fn container(&self, origin: &str, key: &str, fields: &[Field], out: &mut Vec<Annotation>) {
        let pointer = format!("{origin}/{key}");
        if !fields.iter().any(|f| f.origin == pointer) {
            out.extend(self.at(&pointer, key));
        }
    }

    fn fields(&self, fields: &mut [Field]) {
        for f in fields {
            f.annotations = self.at(&f.origin, "");
            self.schema(&mut f.schema);
        }
    }

    fn schema(&self, s: &mut Schema) {
        match s {
            Schema::Struct { fields } => self.fields(fields),
            Schema::Array { item, .. } => self.schema(item),
            _ => {}
        }
    }
}

/// Puts the Thing's annotations back: the `@context`, the `@type`s after `tm:ThingModel`, the
/// prefixed terms.
pub(super) fn write_thing(doc: &mut ThingModel, notes: &[Annotation]) {
    for note in notes {
        match note.path.as_str() {
            "@context" => doc.context = note.value.clone(),
            "@type" => {
                let mut types = vec![json!("tm:ThingModel")];
                types.extend(note.value.as_array().into_iter().flatten().cloned());
                doc.ty = Some(Value::Array(types));
            }
            key => {
                doc.other.insert(unescape(key), note.value.clone());
            }
        }
    }
}

/// Puts an affordance's annotations back, on the affordance (a property's data schema is the
/// affordance's own) or on the data schema of its `input`, `output` or `data`.
pub(super) fn write_affordance(a: &mut Affordance, origin: &str, notes: &[Annotation], fidelity: &mut Fidelity) {
    for note in notes {
        let (target, path) = match note.path.split_once('/') {
            Some(("input", rest)) => (a.input.as_mut(), rest),
            Some(("output", rest)) => (a.output.as_mut(), rest),
            Some(("data", rest)) => (a.data.as_mut(), rest),
            _ => (Some(&mut a.schema), note.path.as_str()),
        };
        place(target, path, origin, note, fidelity);
    }
}

/// Puts a parameter's or member's annotations back on its data schema.
pub(super) fn write_schema(s: &mut DataSchema, origin: &str, notes: &[Annotation], fidelity: &mut Fidelity) {
    for note in notes {
        place(Some(s), &note.path, origin, note, fidelity);
    }
}

/// Follows `items/` down from `schema` and sets the last key, unless the written schema already
/// has it (a placeholder the writer replaced with a value) or has no such place.
fn place(schema: Option<&mut DataSchema>, path: &str, origin: &str, note: &Annotation, fidelity: &mut Fidelity) {
    let mut target = schema;
    let mut tokens: Vec<&str> = path.split('/').collect();
    let key = unescape(tokens.pop().unwrap_or_default());
    for token in tokens {
        target = match (token, target) {
            ("items", Some(s)) => s.items.as_deref_mut(),
            _ => None,
        };
    }
    let taken = |s: &DataSchema| serde_json::to_value(s).ok().is_some_and(|v| v.get(&key).is_some());
    // A placeholder `items` was read as an array of JSON values, which the writer wrote as its
    // own `items`: the placeholder says more.
    if let Some(s) = target.as_deref_mut().filter(|_| key == "items") {
        s.items = None;
    }
    match target {
        Some(s) if !taken(s) => {
            s.other.insert(key, note.value.clone());
        }
        _ => fidelity.lost(&format!("{origin}/{}", note.path), format!("`{key}`: the written Thing Model has no place for it")),
    }
}

/// The key an RFC 6901 reference token names.
fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}
