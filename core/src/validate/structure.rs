//! Structural checks: the document against its generated JSON Schema, each schema error
//! turned into a coded diagnostic.

use crate::diagnostic::json_kind;
use crate::diagnostic::{Code, Diagnostic, join};
use crate::format::Format;
use crate::schema::validator;
use jsonschema::ValidationError;
use jsonschema::error::{TypeKind, ValidationErrorKind as Kind};
use serde_json::Value;

pub(super) fn check(format: Format, value: &Value) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let validator = validator(format);
    // Telling valid from invalid tracks no paths: only an invalid document pays for its errors.
    if validator.is_valid(value) {
        return out;
    }
    for error in validator.iter_errors(value) {
        map_error(&error, &mut out);
    }
    out
}

fn map_error(error: &ValidationError<'_>, out: &mut Vec<Diagnostic>) {
    let pointer = error.instance_path().as_str().to_string();
    let instance = error.instance();
    let shown = show(instance);
    match error.kind() {
        Kind::Required { property } => {
            let field = property.as_str().unwrap_or_default();
            out.push(Diagnostic::new(Code::MissingField, pointer, format!("missing field `{field}`")));
        }
        Kind::AdditionalProperties { unexpected } => {
            for field in unexpected {
                out.push(
                    Diagnostic::new(Code::UnknownField, join(&pointer, field), format!("unknown field `{field}`"))
                        .with_help("it is not part of the format: check its spelling; conversions leave it out"),
                );
            }
        }
        Kind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => article(&t.to_string()),
                TypeKind::Multiple(set) => set.iter().map(|t| article(&t.to_string())).collect::<Vec<_>>().join(" or "),
            };
            out.push(Diagnostic::new(Code::WrongType, pointer, format!("expected {expected}, found {}", json_kind(instance))));
        }
        Kind::Enum { options } => {
            let allowed = options.as_array().map(|a| a.iter().map(show).collect::<Vec<_>>().join(", ")).unwrap_or_default();
            out.push(Diagnostic::new(Code::NotAllowedValue, pointer, format!("{shown} is not one of {allowed}")));
        }
        Kind::Constant { expected_value } => {
            out.push(Diagnostic::new(Code::NotAllowedValue, pointer, format!("{shown} is not {}", show(expected_value))));
        }
        Kind::Pattern { pattern } => {
            out.push(Diagnostic::new(Code::PatternMismatch, pointer, format!("{shown} does not match `{pattern}`")));
        }
        Kind::MinItems { limit } => {
            out.push(Diagnostic::new(Code::ArrayLength, pointer, format!("expected at least {limit} item(s)")));
        }
        Kind::MaxItems { limit } => {
            out.push(Diagnostic::new(Code::ArrayLength, pointer, format!("expected at most {limit} item(s)")));
        }
        Kind::MinProperties { limit } => {
            out.push(Diagnostic::new(Code::ArrayLength, pointer, format!("expected at least {limit} field(s)")));
        }
        Kind::MaxProperties { limit } => {
            out.push(Diagnostic::new(Code::ArrayLength, pointer, format!("expected at most {limit} field(s), found {shown}")));
        }
        Kind::Minimum { limit } | Kind::ExclusiveMinimum { limit } => {
            out.push(Diagnostic::new(Code::OutOfBounds, pointer, format!("{shown} is less than the minimum {limit}")));
        }
        Kind::Maximum { limit } | Kind::ExclusiveMaximum { limit } => {
            out.push(Diagnostic::new(Code::OutOfBounds, pointer, format!("{shown} is greater than the maximum {limit}")));
        }
        Kind::MinLength { limit } => {
            out.push(Diagnostic::new(Code::OutOfBounds, pointer, format!("expected at least {limit} character(s)")));
        }
        Kind::MaxLength { limit } => {
            out.push(Diagnostic::new(Code::OutOfBounds, pointer, format!("expected at most {limit} character(s)")));
        }
        Kind::PropertyNames { error } => map_error(error, out),
        Kind::AnyOf { context } | Kind::OneOfNotValid { context }
            if context.iter().all(|errors| matches!(errors.as_slice(), [e] if matches!(e.kind(), Kind::Constant { .. }))) =>
        {
            // An enum whose values carry descriptions is a oneOf of constants: list them all.
            let allowed: Vec<String> = context
                .iter()
                .filter_map(|errors| match errors.first()?.kind() {
                    Kind::Constant { expected_value } => Some(show(expected_value)),
                    _ => None,
                })
                .collect();
            out.push(Diagnostic::new(Code::NotAllowedValue, pointer, format!("{shown} is not one of {}", allowed.join(", "))));
        }
        Kind::AnyOf { context } | Kind::OneOfNotValid { context } => {
            // Report the alternative the value came closest to: one whose type it has.
            let best = context
                .iter()
                .filter(|errors| !errors.is_empty())
                .find(|errors| !errors.iter().any(|e| matches!(e.kind(), Kind::Type { .. }) && e.instance_path().as_str() == pointer));
            match best {
                Some(errors) => errors.iter().for_each(|e| map_error(e, out)),
                None => out.push(Diagnostic::new(Code::WrongType, pointer, format!("{shown} has none of the allowed forms"))),
            }
        }
        _ => out.push(Diagnostic::new(Code::SchemaViolation, pointer, error.to_string())),
    }
}

fn article(t: &str) -> String {
    match t {
        "object" | "array" | "integer" => format!("an {t}"),
        "null" => "null".into(),
        _ => format!("a {t}"),
    }
}

/// A value as a message shows it: short, in backticks.
fn show(v: &Value) -> String {
    let text = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let short: String = text.chars().take(60).collect();
    if short.len() < text.len() { format!("`{short}…`") } else { format!("`{short}`") }
}
