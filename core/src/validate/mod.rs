//! Validation: every problem of a thing model in any [`Format`] in one pass, each with a stable
//! code, a JSON pointer, and line, column and character range in the input text.
//!
//! Three layers, each owning its checks: the text ([`crate::source`]: syntax, duplicate keys,
//! size), the structure (`structure`: the generated JSON Schemas, run by the `jsonschema`
//! crate) and the rules (`rules` and the per-format walkers: everything a schema cannot say).

mod extend_config;
mod structure;
mod thing_model_json;
mod tsl;

pub(crate) use tsl::is_simple;

use crate::diagnostic::{Code, Diagnostic};
use crate::format::Format;
use crate::source::Source;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The result of validating one document. JSON: `{kind, valid, diagnostics}`; in TypeScript
/// `ValidationReport`.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(rename = "ValidationReport"))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Report {
    /// The format the document was read as; `null` when it is not JSON or nothing told (a
    /// simple TSL is read as `tsl`).
    #[cfg_attr(feature = "typescript", tsify(type = "Format | null"))]
    pub kind: Option<Format>,
    /// Whether there are no errors (warnings allowed).
    pub valid: bool,
    /// Every problem, in document order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }
}

/// Validates a document, telling its kind by its fields.
pub fn validate(text: &str) -> Report {
    validate_as(text, None)
}

/// Validates a document as the given format (or tells the format when `None`; a simple TSL is
/// validated as a TSL).
pub fn validate_as(text: &str, kind: Option<Format>) -> Report {
    match Source::parse(text) {
        Ok(source) => validate_source(&source, kind),
        Err(d) => Report { kind: None, valid: false, diagnostics: vec![d] },
    }
}

/// Validates an already parsed document.
pub fn validate_source(source: &Source<'_>, kind: Option<Format>) -> Report {
    let value = source.value();
    let mut diagnostics = source.text_diagnostics();
    let kind = if !value.is_object() {
        diagnostics.push(Diagnostic::new(
            Code::NotAnObject,
            "",
            format!("expected a thing model (a JSON object), found {}", crate::diagnostic::json_kind(value)),
        ));
        None
    } else {
        let kind = kind.map(Format::read_as).or_else(|| Format::detect(value));
        if kind.is_none() {
            diagnostics.push(
                Diagnostic::new(Code::UnknownFormat, "", "cannot tell which kind of thing model this is").with_help(Format::DETECTION_HELP),
            );
        }
        kind
    };
    if let Some(kind) = kind {
        let simple = kind == Format::Tsl && tsl::is_simple(value);
        let mut semantic = Vec::new();
        match kind {
            Format::Tsl | Format::SimpleTsl => tsl::check(value, simple, &mut semantic),
            Format::ThingModelJson => thing_model_json::check(value, &mut semantic),
            Format::ExtendConfig => extend_config::check_document(value, &mut semantic),
            Format::Tencent | Format::Huawei | Format::Wot => crate::interop::check(source.text(), value, kind, &mut semantic),
        }
        // A rule's diagnostic says more than the schema's at the same place: keep the rule's.
        let claimed: HashSet<&str> = semantic.iter().map(|d| d.pointer.as_str()).collect();
        let mut structural = structure::check(kind, value);
        if simple {
            structural.retain(|d| !tsl::simple_omits(d));
        }
        structural.retain(|d| !claimed.contains(d.pointer.as_str()));
        diagnostics.extend(structural);
        diagnostics.extend(semantic);
    }
    source.locate(&mut diagnostics);
    sort(&mut diagnostics);
    let valid = !diagnostics.iter().any(Diagnostic::is_error);
    Report { kind, valid, diagnostics }
}

/// Document order, then code: the same input always lists the same problems the same way.
fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| (a.line, a.column, a.code, &a.pointer, &a.message).cmp(&(b.line, b.column, b.code, &b.pointer, &b.message)));
    diagnostics.dedup_by(|a, b| a.code == b.code && a.pointer == b.pointer && a.message == b.message);
}
