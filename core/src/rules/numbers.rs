//! The numeric rules — bounds parse as their type, `min` ≤ `max`, a positive step that fits the
//! range, an initial value inside it — once for every format, so that the same numbers get the
//! same verdict whether they were written as a TSL, a ThingModelJson, a Tencent data template,
//! a Huawei product model or a WoT Thing Model.

use super::Limits;
use crate::diagnostic::{Code, Diagnostic};

/// A number type, for its range and parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberKind {
    /// 32-bit signed integer (TSL `int`, Tencent `int`, Huawei `int`, WoT `integer`).
    Int,
    /// 64-bit signed integer (Huawei `long`).
    Long,
    /// Single precision (TSL and Tencent `float`).
    Float,
    /// Double precision (TSL `double`, Huawei `decimal`, WoT `number`).
    Double,
}

impl NumberKind {
    fn name(self) -> &'static str {
        match self {
            NumberKind::Int => "int",
            NumberKind::Long => "long",
            NumberKind::Float => "float",
            NumberKind::Double => "double",
        }
    }
}

/// Whether a number is in a single-precision float's range: it rounds to a finite single (Java
/// prints the largest float as `3.4028235E38`, a hair above `f32::MAX` read as a double).
/// Infinities and NaN are not numbers of a document; they are judged elsewhere, and pass here.
#[allow(clippy::cast_possible_truncation)]
pub(crate) fn fits_single(v: f64) -> bool {
    !v.is_finite() || (v as f32).is_finite()
}

/// One spec value as the document wrote it, and where.
#[derive(Debug, Clone)]
pub(crate) struct Bound<'a> {
    pub text: String,
    pub ptr: &'a str,
}

/// What the rules need of a number type: each bound (absent when the document leaves it out)
/// and the pointer of the specs that hold them.
#[derive(Debug)]
pub(crate) struct Numbers<'a> {
    pub kind: NumberKind,
    pub specs_ptr: &'a str,
    pub min: Option<Bound<'a>>,
    pub max: Option<Bound<'a>>,
    pub step: Option<Bound<'a>>,
    pub initial: Option<Bound<'a>>,
}

/// A spec value read as its type; `None` after reporting why it could not be.
fn read(bound: &Bound<'_>, kind: NumberKind, what: &str, out: &mut Vec<Diagnostic>) -> Option<f64> {
    let text = bound.text.as_str();
    let t = text.trim();
    let integer = |min: i64, max: i64, out: &mut Vec<Diagnostic>| match t.parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Some(n as f64),
        Ok(n) => {
            out.push(Diagnostic::new(
                Code::IntOutOfRange,
                bound.ptr,
                format!("{what} {n} is outside the {} range {min}..{max}", kind.name()),
            ));
            None
        }
        Err(_) => {
            let code = if t.parse::<f64>().is_ok_and(f64::is_finite) { Code::IntOutOfRange } else { Code::NotANumber };
            out.push(Diagnostic::new(code, bound.ptr, format!("{what} `{text}` is not an integer")));
            None
        }
    };
    match kind {
        NumberKind::Int => integer(i32::MIN.into(), i32::MAX.into(), out),
        NumberKind::Long => integer(i64::MIN, i64::MAX, out),
        NumberKind::Float | NumberKind::Double => match t.parse::<f64>() {
            Ok(v) if kind == NumberKind::Float && !fits_single(v) => {
                out.push(Diagnostic::new(
                    Code::FloatOutOfRange,
                    bound.ptr,
                    format!("{what} {text} is outside the single-precision float range"),
                ));
                None
            }
            Ok(v) if v.is_finite() => Some(v),
            _ => {
                out.push(Diagnostic::new(Code::NotANumber, bound.ptr, format!("{what} `{text}` is not a {}", kind.name())));
                None
            }
        },
    }
}

/// Checks a number type's specs against the rules and the format's limits.
pub(crate) fn check(n: &Numbers<'_>, limits: &Limits, out: &mut Vec<Diagnostic>) {
    let [min_name, max_name, step_name, initial_name] = limits.number_fields;
    if limits.specs_complete {
        for (name, bound) in [(min_name, &n.min), (max_name, &n.max)] {
            if bound.is_none() {
                out.push(Diagnostic::new(Code::MissingField, n.specs_ptr, format!("missing field `{name}`")));
            }
        }
    }
    fn value<'p>(b: &Option<Bound<'p>>, kind: NumberKind, what: &str, out: &mut Vec<Diagnostic>) -> Option<(f64, &'p str)> {
        b.as_ref().and_then(|b| read(b, kind, what, out).map(|v| (v, b.ptr)))
    }
    let min = value(&n.min, n.kind, &format!("`{min_name}`"), out);
    let max = value(&n.max, n.kind, &format!("`{max_name}`"), out);
    let step = value(&n.step, n.kind, &format!("`{step_name}`"), out);
    if let (Some((lo, lo_ptr)), Some((hi, _))) = (min, max)
        && lo > hi
    {
        out.push(Diagnostic::new(Code::MinGreaterThanMax, lo_ptr, format!("`{min_name}` {lo} is greater than `{max_name}` {hi}")));
    }
    match step {
        Some((s, ptr)) if s <= 0.0 => out.push(Diagnostic::new(Code::InvalidStep, ptr, format!("`{step_name}` {s} is not greater than 0"))),
        Some((s, ptr)) => {
            // A range of one value (`min` = `max`) never steps: any step fits it, as the
            // platforms that write such ranges (Tencent, Huawei) have it.
            let span = min.zip(max).map(|((lo, _), (hi, _))| hi - lo).filter(|span| *span > 0.0);
            // Decimal specs meet binary floats here: allow for rounding in max − min.
            if let Some(span) = span
                && s > span + span.abs() * 1e-9 + f64::EPSILON
            {
                out.push(Diagnostic::new(
                    Code::InvalidStep,
                    ptr,
                    format!("`{step_name}` {s} is larger than `{max_name}` - `{min_name}` ({span})"),
                ));
            }
        }
        None if n.step.is_none() && limits.step_expected => out.push(
            Diagnostic::new(Code::MissingStep, n.specs_ptr, format!("`{step_name}` is missing; it is read, and converted, as unset"))
                .with_help(format!("older exports leave it out; the console asks for one: add `\"{step_name}\"`, such as \"1\"")),
        ),
        None => {}
    }
    if let Some(bound) = &n.initial {
        let mut ignored = Vec::new();
        match read(bound, n.kind, "", &mut ignored) {
            None => out.push(Diagnostic::new(
                Code::DefaultOutOfRange,
                bound.ptr,
                format!("`{initial_name}` `{}` is not a valid {}", bound.text, n.kind.name()),
            )),
            Some(v) if min.is_some_and(|(lo, _)| v < lo) || max.is_some_and(|(hi, _)| v > hi) => {
                out.push(Diagnostic::new(
                    Code::DefaultOutOfRange,
                    bound.ptr,
                    format!("`{initial_name}` {v} is outside [`{min_name}`, `{max_name}`]"),
                ));
            }
            Some(_) => {}
        }
    }
}
