//! The rules checked on the internal model, for the formats read into it: identifiers unique per
//! scope, the numeric rules, enums with values, text lengths. Each diagnostic points at the
//! element concerned.

use super::Limits;
use super::numbers::{self, Bound, NumberKind, Numbers};
use crate::diagnostic::{Code, Diagnostic};
use crate::hub::{Field, Range, Schema, Thing};
use std::collections::HashSet;

/// Checks a model read from a format with `limits`.
pub(crate) fn check(thing: &Thing, limits: &Limits, out: &mut Vec<Diagnostic>) {
    let mut ids = HashSet::new();
    for p in &thing.properties {
        unique(&mut ids, &p.group, &p.id, &p.origin, out);
        schema(&p.schema, &p.origin, limits, out);
    }
    for e in &thing.events {
        unique(&mut ids, &e.group, &e.id, &e.origin, out);
        fields(&e.outputs, limits, out);
    }
    for a in &thing.actions {
        unique(&mut ids, &a.group, &a.id, &a.origin, out);
        fields(&a.inputs, limits, out);
        fields(&a.outputs, limits, out);
    }
}

fn unique<'a>(
    seen: &mut HashSet<(Option<&'a str>, &'a str)>,
    group: &'a Option<String>,
    id: &'a str,
    origin: &str,
    out: &mut Vec<Diagnostic>,
) {
    if !seen.insert((group.as_deref(), id)) {
        out.push(Diagnostic::new(Code::DuplicateIdentifier, origin, format!("identifier `{id}` is used twice in the same scope")));
    }
}

fn fields(fields: &[Field], limits: &Limits, out: &mut Vec<Diagnostic>) {
    let mut seen = HashSet::new();
    for f in fields {
        if !seen.insert(f.id.as_str()) {
            out.push(Diagnostic::new(
                Code::DuplicateIdentifier,
                &f.origin,
                format!("identifier `{}` is used twice in the same scope", f.id),
            ));
        }
        schema(&f.schema, &f.origin, limits, out);
    }
}

fn schema(s: &Schema, origin: &str, limits: &Limits, out: &mut Vec<Diagnostic>) {
    match s {
        Schema::Int(r) => range(NumberKind::Int, r, origin, limits, out),
        Schema::Long(r) => range(NumberKind::Long, r, origin, limits, out),
        Schema::Float(r) => range(NumberKind::Float, r, origin, limits, out),
        Schema::Double(r) => range(NumberKind::Double, r, origin, limits, out),
        Schema::Enum { labels } if labels.is_empty() => out.push(Diagnostic::new(Code::EmptyEnum, origin, "the enum has no values")),
        Schema::StringEnum { values } if values.is_empty() => out.push(Diagnostic::new(Code::EmptyEnum, origin, "the enum has no values")),
        Schema::Text { max_length: Some(max), min_length: Some(min) } if min > max => out.push(Diagnostic::new(
            Code::MinGreaterThanMax,
            origin,
            format!("the minimum length {min} is greater than the maximum {max}"),
        )),
        Schema::Struct { fields: members } => fields(members, limits, out),
        Schema::Array { item, .. } => schema(item, origin, limits, out),
        _ => {}
    }
}

fn range(kind: NumberKind, r: &Range, origin: &str, limits: &Limits, out: &mut Vec<Diagnostic>) {
    let bound = |text: &Option<String>| text.as_ref().map(|text| Bound { text: text.clone(), ptr: origin });
    let n = Numbers { kind, specs_ptr: origin, min: bound(&r.min), max: bound(&r.max), step: bound(&r.step), initial: bound(&r.start) };
    numbers::check(&n, limits, out);
}
