//! The rules every format's model obeys, checked on the internal model so that each format gets
//! them once: identifiers unique per scope, `min` ≤ `max`, a positive `step` that fits the range,
//! bounds that are numbers, enums with values. Each diagnostic points at the element concerned.

use super::hub::{Field, Range, Schema, Thing};
use crate::diagnostic::{Code, Diagnostic};
use std::collections::HashSet;

/// Checks a model read from any format.
pub fn check(thing: &Thing, out: &mut Vec<Diagnostic>) {
    let mut ids = HashSet::new();
    for p in &thing.properties {
        unique(&mut ids, &p.group, &p.id, &p.origin, out);
        schema(&p.schema, &p.origin, out);
    }
    for e in &thing.events {
        unique(&mut ids, &e.group, &e.id, &e.origin, out);
        fields(&e.outputs, out);
    }
    for a in &thing.actions {
        unique(&mut ids, &a.group, &a.id, &a.origin, out);
        fields(&a.inputs, out);
        fields(&a.outputs, out);
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

fn fields(fields: &[Field], out: &mut Vec<Diagnostic>) {
    let mut seen = HashSet::new();
    for f in fields {
        if !seen.insert(f.id.as_str()) {
            out.push(Diagnostic::new(
                Code::DuplicateIdentifier,
                &f.origin,
                format!("identifier `{}` is used twice in the same scope", f.id),
            ));
        }
        schema(&f.schema, &f.origin, out);
    }
}

fn schema(s: &Schema, origin: &str, out: &mut Vec<Diagnostic>) {
    match s {
        Schema::Int(r) => {
            integers(r, origin, out);
            range(r, origin, out);
        }
        Schema::Long(r) | Schema::Float(r) | Schema::Double(r) => range(r, origin, out),
        Schema::Enum { labels } if labels.is_empty() => out.push(Diagnostic::new(Code::EmptyEnum, origin, "the enum has no values")),
        Schema::StringEnum { values } if values.is_empty() => out.push(Diagnostic::new(Code::EmptyEnum, origin, "the enum has no values")),
        Schema::Text { max_length: Some(max), min_length: Some(min) } if min > max => out.push(Diagnostic::new(
            Code::MinGreaterThanMax,
            origin,
            format!("the minimum length {min} is greater than the maximum {max}"),
        )),
        Schema::Struct { fields: members } => fields(members, out),
        Schema::Array { item, .. } => schema(item, origin, out),
        _ => {}
    }
}

/// An `int`'s bounds, step and initial value are 32-bit integers.
fn integers(r: &Range, origin: &str, out: &mut Vec<Diagnostic>) {
    for (what, text) in [("the minimum", &r.min), ("the maximum", &r.max), ("the step", &r.step), ("the initial value", &r.start)] {
        if let Some(text) = text.as_deref().filter(|t| t.trim().parse::<i32>().is_err() && t.trim().parse::<f64>().is_ok()) {
            out.push(Diagnostic::new(Code::IntOutOfRange, origin, format!("{what} `{text}` of an `int` is not a 32-bit integer")));
        }
    }
}

fn range(r: &Range, origin: &str, out: &mut Vec<Diagnostic>) {
    let number = |what: &str, text: &Option<String>, out: &mut Vec<Diagnostic>| -> Option<f64> {
        let text = text.as_deref()?;
        let parsed = text.trim().parse::<f64>().ok().filter(|n| n.is_finite());
        if parsed.is_none() {
            out.push(Diagnostic::new(Code::NotANumber, origin, format!("{what} `{text}` is not a number")));
        }
        parsed
    };
    let min = number("the minimum", &r.min, out);
    let max = number("the maximum", &r.max, out);
    let step = number("the step", &r.step, out);
    let start = number("the initial value", &r.start, out);
    if let (Some(min), Some(max)) = (min, max) {
        if min > max {
            out.push(Diagnostic::new(Code::MinGreaterThanMax, origin, format!("the minimum {min} is greater than the maximum {max}")));
        }
        if let Some(start) = start.filter(|s| *s < min || *s > max) {
            out.push(Diagnostic::new(Code::DefaultOutOfRange, origin, format!("the initial value {start} lies outside [{min}, {max}]")));
        }
    }
    if let Some(step) = step {
        let span = min.zip(max).map(|(min, max)| max - min);
        if step <= 0.0 || span.is_some_and(|span| span > 0.0 && step > span) {
            out.push(Diagnostic::new(Code::InvalidStep, origin, format!("the step {step} is not greater than 0 and within the range")));
        }
    }
}
