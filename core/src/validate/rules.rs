//! Rules of data types that a schema cannot express: numeric ranges and steps, lengths and
//! sizes, enum and bool keys, struct members and nesting. Both formats' walkers call
//! [`check_type`] with a [`TypeView`].

use super::names::{self, NameKind, Unique};
use super::view::{Field, TypeView};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::TypeName;
use std::collections::HashSet;

/// Longest text a property may hold, in bytes (older documents said 2048 or 1024).
pub(super) const MAX_TEXT_LENGTH: i64 = 10240;
/// Most elements an array may hold (older documents said 128).
pub(super) const MAX_ARRAY_SIZE: i64 = 512;

/// Checks a data type at nesting `depth` (1 for a feature or parameter's own type).
pub(super) fn check_type(view: &TypeView<'_>, depth: usize, out: &mut Vec<Diagnostic>) {
    let Some(kind) = view.kind else { return };
    match kind {
        TypeName::Int | TypeName::Float | TypeName::Double => numbers(view, kind, out),
        TypeName::Text => {
            if let Some(length) = &view.length {
                bounded_integer(length, 1, MAX_TEXT_LENGTH, Code::TextLength, "text length", out);
            }
        }
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
                    .with_hint("give one label for 0 and one for 1, such as {\"0\": \"关\", \"1\": \"开\"}"),
                );
            }
            labels(view, out);
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
                            out.push(Diagnostic::new(Code::EnumKey, &label.key_ptr, format!("duplicate enum value `{key}`")));
                        }
                    }
                    _ => out.push(
                        Diagnostic::new(Code::EnumKey, &label.key_ptr, format!("enum value `{key}` is not an integer"))
                            .with_hint("enum values are 32-bit integers, such as \"0\", \"1\", \"2\""),
                    ),
                }
            }
            labels(view, out);
        }
        TypeName::Struct => {
            let mut unique = Unique::identifiers("struct member identifier");
            for member in &view.members {
                if let Some(id) = &member.identifier {
                    names::identifier(id, false, out);
                    unique.add(id, out);
                }
                if let Some(name) = &member.name {
                    names::name(name, NameKind::Feature, out);
                }
                match member.ty.kind {
                    Some(k @ (TypeName::Struct | TypeName::Array)) if depth >= 2 => out.push(
                        Diagnostic::new(Code::NestingLevel, &member.ty.type_ptr, format!("a `{}` three levels deep", k.tsl()))
                            .with_hint("arrays and structs nest at most two levels: parent and child"),
                    ),
                    Some(k @ (TypeName::Struct | TypeName::Array)) => out.push(
                        Diagnostic::new(Code::StructMemberType, &member.ty.type_ptr, format!("a struct member cannot be a `{}`", k.tsl()))
                            .with_hint("struct members are int, float, double, text, date, bool or enum"),
                    ),
                    _ => check_type(&member.ty, depth + 1, out),
                }
            }
        }
        TypeName::Array => {
            if let Some(size) = &view.size {
                bounded_integer(size, 1, MAX_ARRAY_SIZE, Code::ArraySize, "array size", out);
            }
            if let Some(item) = &view.item {
                match item.kind {
                    Some(TypeName::Int | TypeName::Float | TypeName::Double | TypeName::Text | TypeName::Struct) => {
                        check_type(item, depth + 1, out);
                    }
                    Some(k) => out.push(
                        Diagnostic::new(Code::ArrayItemType, &item.type_ptr, format!("an array cannot hold `{}` items", k.tsl()))
                            .with_hint("array items are int, float, double, text or struct"),
                    ),
                    None => {}
                }
            }
        }
    }
}

fn labels(view: &TypeView<'_>, out: &mut Vec<Diagnostic>) {
    for label in &view.labels {
        if let Some(name) = &label.name {
            names::name(name, NameKind::Label, out);
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

/// A spec value read as its type: `None` after reporting why it could not be.
fn number(field: &Field<'_>, kind: TypeName, what: &str, code: Code, out: &mut Vec<Diagnostic>) -> Option<f64> {
    let text = field.text()?;
    let t = text.trim();
    if kind == TypeName::Int {
        return match t.parse::<i64>() {
            Ok(n) if i32::try_from(n).is_ok() => Some(n as f64),
            Ok(n) => {
                out.push(Diagnostic::new(
                    Code::IntOutOfRange,
                    &field.ptr,
                    format!("{what} {n} is outside the int range -2147483648..2147483647"),
                ));
                None
            }
            Err(_) => {
                let code = if t.parse::<f64>().is_ok_and(f64::is_finite) { Code::IntOutOfRange } else { code };
                out.push(Diagnostic::new(code, &field.ptr, format!("{what} `{text}` is not an integer")));
                None
            }
        };
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => {
            if kind == TypeName::Float && v.abs() > f64::from(f32::MAX) {
                out.push(Diagnostic::new(
                    Code::FloatOutOfRange,
                    &field.ptr,
                    format!("{what} {text} is outside the single-precision float range"),
                ));
                return None;
            }
            Some(v)
        }
        _ => {
            out.push(Diagnostic::new(code, &field.ptr, format!("{what} `{text}` is not a {}", kind.tsl())));
            None
        }
    }
}

fn numbers(view: &TypeView<'_>, kind: TypeName, out: &mut Vec<Diagnostic>) {
    let read = |f: &Option<Field<'_>>, what: &str, out: &mut Vec<Diagnostic>| {
        f.as_ref().and_then(|f| number(f, kind, what, Code::NotANumber, out).map(|v| (v, f.ptr.clone())))
    };
    let min = read(&view.min, "`min`", out);
    let max = read(&view.max, "`max`", out);
    let step = read(&view.step, "`step`", out);
    if let (Some((lo, lo_ptr)), Some((hi, _))) = (&min, &max)
        && lo > hi
    {
        out.push(Diagnostic::new(Code::MinGreaterThanMax, lo_ptr, format!("`min` {lo} is greater than `max` {hi}")));
    }
    if let Some((s, ptr)) = &step {
        let span = match (&min, &max) {
            (Some((lo, _)), Some((hi, _))) if lo <= hi => Some(hi - lo),
            _ => None,
        };
        if *s <= 0.0 {
            out.push(Diagnostic::new(Code::InvalidStep, ptr, format!("`step` {s} is not greater than 0")));
        } else if let Some(span) = span
            // Decimal specs meet binary floats here: allow for rounding in max − min.
            && *s > span + span.abs() * 1e-9 + f64::EPSILON
        {
            out.push(Diagnostic::new(Code::InvalidStep, ptr, format!("`step` {s} is larger than `max` - `min` ({span})")));
        }
    }
    if let Some(field) = &view.default_value {
        let mut ignored = Vec::new();
        match number(field, kind, "`defaultValue`", Code::DefaultOutOfRange, &mut ignored) {
            None if field.text().is_some() => out.push(Diagnostic::new(
                Code::DefaultOutOfRange,
                &field.ptr,
                format!("`defaultValue` `{}` is not a valid {}", field.text().unwrap_or_default(), kind.tsl()),
            )),
            Some(v) if min.as_ref().is_some_and(|(lo, _)| v < *lo) || max.as_ref().is_some_and(|(hi, _)| v > *hi) => {
                out.push(Diagnostic::new(Code::DefaultOutOfRange, &field.ptr, format!("`defaultValue` {v} is outside [`min`, `max`]")));
            }
            _ => {}
        }
    }
}
