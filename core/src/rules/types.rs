//! Rules of data types that a schema cannot express: numeric ranges and steps, lengths and
//! sizes, enum and bool keys, struct members and nesting. Alibaba's walkers (TSL and
//! ThingModelJson) call [`check_type`] with a [`TypeView`].

use super::Limits;
use super::names::{self, NameKind, Unique};
use super::numbers::{self, Bound, NumberKind, Numbers};
use super::view::{Field, TypeView};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::TypeName;
use std::collections::HashSet;

/// Checks a data type at nesting `depth` (1 for a feature or parameter's own type).
pub(crate) fn check_type(view: &TypeView<'_>, depth: usize, limits: &Limits, out: &mut Vec<Diagnostic>) {
    let Some(kind) = view.kind else { return };
    match kind {
        // Without specs there is nothing to judge (simple TSL); the schema says when specs
        // were required.
        TypeName::Int | TypeName::Float | TypeName::Double if !view.has_specs => {}
        TypeName::Int => numbers(view, NumberKind::Int, limits, out),
        TypeName::Float => numbers(view, NumberKind::Float, limits, out),
        TypeName::Double => numbers(view, NumberKind::Double, limits, out),
        TypeName::Text => match &view.length {
            Some(length) => bounded_integer(length, 1, limits.max_text_length, Code::TextLength, "text length", out),
            None => required(view, "length", limits, out),
        },
        TypeName::Date => {}
        // Without specs there are no labels to judge (simple TSL); the schema says when specs
        // were required.
        TypeName::Bool | TypeName::Enum if !view.has_specs => {}
        TypeName::Bool => {
            let keys: HashSet<&str> = view.labels.iter().filter_map(|l| l.key.as_deref()).collect();
            if view.labels.len() != 2 || keys != HashSet::from(["0", "1"]) {
                let found: Vec<&str> = view.labels.iter().filter_map(|l| l.key.as_deref()).collect();
                out.push(
                    Diagnostic::new(
                        Code::BoolKeys,
                        &view.specs_ptr,
                        format!("bool values are `{}`, not exactly `0` and `1`", found.join("`, `")),
                    )
                    .with_help("give one label for 0 and one for 1, such as {\"0\": \"关\", \"1\": \"开\"}"),
                );
            }
            labels(view, limits, out);
        }
        TypeName::Enum => {
            if view.labels.is_empty() {
                out.push(Diagnostic::new(Code::EmptyEnum, &view.specs_ptr, "an enum needs at least one value"));
            }
            let mut seen = HashSet::new();
            for label in &view.labels {
                let Some(key) = &label.key else { continue };
                match key.trim().parse::<i64>() {
                    Ok(n) if i32::try_from(n).is_ok() && key.trim() == key => {
                        if !seen.insert(n) {
                            out.push(Diagnostic::new(Code::RepeatedEnumValue, &label.key_ptr, format!("duplicate enum value `{key}`")));
                        }
                    }
                    _ => out.push(
                        Diagnostic::new(Code::EnumKey, &label.key_ptr, format!("enum value `{key}` is not an integer"))
                            .with_help("enum values are 32-bit integers, such as \"0\", \"1\", \"2\""),
                    ),
                }
            }
            labels(view, limits, out);
        }
        TypeName::Struct => {
            let mut unique = Unique::identifiers("struct member identifier");
            for member in &view.members {
                match &member.identifier {
                    Some(id) => {
                        names::identifier(id, false, out);
                        unique.add(id, out);
                    }
                    None if limits.specs_complete => {
                        out.push(Diagnostic::new(Code::MissingField, &member.ptr, "missing field `identifier`"))
                    }
                    None => {}
                }
                match &member.name {
                    Some(name) => names::name(name, NameKind::Feature, out),
                    None if limits.specs_complete => out.push(Diagnostic::new(Code::MissingField, &member.ptr, "missing field `name`")),
                    None => {}
                }
                match member.ty.kind {
                    Some(k @ (TypeName::Struct | TypeName::Array)) if depth >= 2 => out.push(
                        Diagnostic::new(Code::NestingLevel, &member.ty.type_ptr, format!("a `{}` three levels deep", k.tsl()))
                            .with_help("arrays and structs nest at most two levels: parent and child"),
                    ),
                    Some(k @ (TypeName::Struct | TypeName::Array)) => out.push(
                        Diagnostic::new(Code::StructMemberType, &member.ty.type_ptr, format!("a struct member cannot be a `{}`", k.tsl()))
                            .with_help("struct members are int, float, double, text, date, bool or enum"),
                    ),
                    _ => check_type(&member.ty, depth + 1, limits, out),
                }
            }
        }
        TypeName::Array => {
            match &view.size {
                Some(size) => bounded_integer(size, 1, limits.max_array_size, Code::ArraySize, "array size", out),
                None => required(view, "size", limits, out),
            }
            if let Some(item) = &view.item {
                match item.kind {
                    Some(TypeName::Int | TypeName::Float | TypeName::Double | TypeName::Text | TypeName::Struct) => {
                        check_type(item, depth + 1, limits, out);
                    }
                    Some(k) => out.push(
                        Diagnostic::new(Code::ArrayItemType, &item.type_ptr, format!("an array cannot hold `{}` items", k.tsl()))
                            .with_help("array items are int, float, double, text or struct"),
                    ),
                    None => {}
                }
            }
        }
    }
}

/// A spec the format requires of every type that has specs (Alibaba's: a text's `length`, an
/// array's `size`) is missing: the same verdict whether the schema (TSL) or only this rule
/// (ThingModelJson, whose `dataSpecs` serves every type) can say it.
fn required(view: &TypeView<'_>, field: &str, limits: &Limits, out: &mut Vec<Diagnostic>) {
    if limits.specs_complete && view.has_specs {
        out.push(Diagnostic::new(Code::MissingField, &view.specs_ptr, format!("missing field `{field}`")));
    }
}

fn labels(view: &TypeView<'_>, limits: &Limits, out: &mut Vec<Diagnostic>) {
    for label in &view.labels {
        match &label.name {
            Some(name) => names::name(name, NameKind::Label, out),
            None if limits.specs_complete => out.push(Diagnostic::new(Code::MissingField, &label.ptr, "missing field `name`")),
            None => {}
        }
        if label.key.is_none() && limits.specs_complete {
            out.push(Diagnostic::new(Code::MissingField, &label.ptr, "missing field `value`"));
        }
    }
}

fn bounded_integer(field: &Field<'_>, min: i64, max: i64, code: Code, what: &str, out: &mut Vec<Diagnostic>) {
    let Some(text) = field.text() else { return };
    match text.trim().parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => {}
        Ok(n) => out.push(Diagnostic::new(code, &field.ptr, format!("{what} {n} is not within {min}..{max}"))),
        Err(_) => out.push(Diagnostic::new(Code::NotANumber, &field.ptr, format!("{what} `{text}` is not an integer"))),
    }
}

fn numbers(view: &TypeView<'_>, kind: NumberKind, limits: &Limits, out: &mut Vec<Diagnostic>) {
    fn bound<'p>(f: &'p Option<Field<'_>>) -> Option<Bound<'p>> {
        let f = f.as_ref()?;
        Some(Bound { text: f.text()?, ptr: f.ptr.as_str() })
    }
    let n = Numbers {
        kind,
        specs_ptr: &view.specs_ptr,
        min: bound(&view.min),
        max: bound(&view.max),
        step: bound(&view.step),
        initial: bound(&view.default_value),
    };
    numbers::check(&n, limits, out);
}
