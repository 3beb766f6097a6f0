//! Conversion between TSL, ThingModelJson, simple TSL and the extendConfig export, and, through
//! the internal model of [`crate::interop`], to and from the other platforms' formats (another
//! platform's document converted to its own format is kept as it is, in canonical form).
//!
//! A conversion first validates its input (an invalid model converts to nothing), then maps
//! the typed model, and says what the target cannot hold in a fidelity report. Between TSL and
//! ThingModelJson each field left out is also a [`Code::NotCarried`] warning, each
//! platform-generated part rebuilt a [`Code::Regenerated`].

mod lost;
mod simple;
mod to_thing_model_json;
mod to_tsl;

use crate::diagnostic::{Code, Diagnostic};
use crate::error::ConvertError;
use crate::format::Format;
use crate::interop::{self, FidelityEntry, fidelity::Fidelity};
use crate::model::{ExtendConfigDocument, ThingModelJson, Tsl};
use crate::source::Source;
use crate::validate::validate_source;
use lost::Lost;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use to_thing_model_json::extend_config_document;

/// A converted document and what was said about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversion {
    /// The document, pretty-printed, in the target's canonical field order.
    pub text: String,
    /// Warnings: the input's own, and what the conversion could not carry over.
    pub diagnostics: Vec<Diagnostic>,
    /// For each feature and field of the source: carried exactly, approximated or lost.
    pub fidelity: Vec<FidelityEntry>,
}

impl Conversion {
    /// The document as a JSON value.
    pub fn document(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or(Value::Null)
    }
}

/// Validates `text` and converts it to `to`.
///
/// # Errors
/// [`ConvertError::Invalid`] with every diagnostic when the input has errors (or is not a
/// thing model); [`ConvertError::Unsupported`] when its format does not convert to `to`
/// ([`Format::converts_to`]).
pub fn convert(text: &str, to: Format) -> Result<Conversion, ConvertError> {
    convert_as(text, None, to)
}

/// Validates `text` as `from` (or the format its content tells, when `None`) and converts it.
///
/// # Errors
/// As [`convert`].
pub fn convert_as(text: &str, from: Option<Format>, to: Format) -> Result<Conversion, ConvertError> {
    let source = Source::parse(text).map_err(|d| ConvertError::Invalid { errors: vec![d] })?;
    let report = validate_source(&source, from);
    let kind = match report.kind {
        Some(kind) if report.valid => kind,
        _ => {
            return Err(ConvertError::Invalid { errors: report.diagnostics });
        }
    };
    // A simple TSL lacks what every full model needs (names, specs, access modes): it converts
    // to a simple TSL only, and is read as the TSL it is.
    let simple = kind == Format::Tsl && crate::validate::is_simple(source.value());
    if !(if simple { Format::SimpleTsl } else { kind }).converts_to(to) {
        return Err(ConvertError::Unsupported { from: if simple { Format::SimpleTsl } else { kind }, to });
    }
    let mut lost = Lost::default();
    let mut fidelity = Fidelity::default();
    let text = if kind.is_other_platform() && to == kind {
        // The document itself: the internal model holds only what every format can say.
        interop::as_is(source.text(), source.value(), kind, &mut fidelity).map_err(unreadable)?
    } else if through_hub(kind, to) {
        hub_conversion(source.text(), source.value(), kind, to, &mut fidelity, &mut lost)?
    } else {
        convert_value(source.value(), kind, to, &mut lost)?
    };
    let mut fidelity = fidelity.finish();
    if kind == Format::ThingModelJson && through_hub(kind, to) {
        // The internal model read the TSL form of the ThingModelJson: point into the source.
        for e in &mut fidelity {
            e.pointer = to_tsl::source_pointer(&e.pointer, source.value());
        }
    }
    // Between TSL and ThingModelJson the report is what was not carried (all else is exact).
    fidelity.extend(lost.report());
    let mut diagnostics = lost.into_diagnostics();
    source.locate(&mut diagnostics);
    let mut all = report.diagnostics;
    all.extend(diagnostics);
    Ok(Conversion { text, diagnostics: all, fidelity })
}

/// Whether a conversion goes through the internal model: whenever another platform's format is
/// on either side (but from one to itself, which keeps the document as it is).
fn through_hub(from: Format, to: Format) -> bool {
    from.is_other_platform() || to.is_other_platform()
}

/// Source → internal model → target. A ThingModelJson source is read through its TSL form, so
/// its report points into that form.
fn hub_conversion(text: &str, value: &Value, kind: Format, to: Format, fidelity: &mut Fidelity, lost: &mut Lost) -> Result<String, ConvertError> {
    let unsupported = || ConvertError::Unsupported { from: kind, to };
    let thing = match kind {
        Format::Tsl => interop::tsl::read(&Tsl::deserialize(value).map_err(unreadable)?, fidelity),
        Format::ThingModelJson => {
            // What its TSL form drops is noted at its place in the ThingModelJson.
            let tmj = ThingModelJson::deserialize(value).map_err(unreadable)?;
            interop::tsl::read(&to_tsl::from_thing_model_json(&tmj, lost), fidelity)
        }
        Format::ExtendConfig => return Err(unsupported()),
        other => interop::read_other(text, value, other, fidelity).map_err(unreadable)?.ok_or_else(unsupported)?,
    };
    let spelling = match to {
        Format::Tsl | Format::SimpleTsl | Format::ThingModelJson => &interop::identifiers::TSL,
        Format::Tencent => &interop::identifiers::TENCENT,
        Format::Huawei => &interop::identifiers::HUAWEI,
        Format::Wot => &interop::identifiers::WOT,
        Format::ExtendConfig => return Err(unsupported()),
    };
    let thing = interop::identifiers::fit(&thing, spelling, fidelity);
    match to {
        Format::Tsl | Format::SimpleTsl | Format::ThingModelJson => {
            // `1.0` and `1.5` are versions of TSL's own format; another is the model's, which
            // ThingModelJson does not hold.
            if to == Format::ThingModelJson && thing.version.as_deref().is_some_and(|v| !matches!(v, "1.0" | "1.5")) {
                let version = thing.version.as_deref().unwrap_or_default();
                fidelity.lost("", format!("the model's version `{version}`: ThingModelJson has none"));
            }
            let tsl = to_tsl::canonical(interop::tsl::write(&thing, fidelity), &Value::Null, &mut Lost::default());
            match to {
                Format::ThingModelJson => sorted(&to_thing_model_json::from_tsl(&tsl, &Value::Null, &mut Lost::default())),
                Format::SimpleTsl => pretty(&simple::from_tsl(&tsl)),
                _ => pretty(&tsl),
            }
        }
        Format::ExtendConfig => Err(unsupported()),
        Format::Tencent => pretty(&interop::tencent::write(&thing, fidelity)),
        Format::Huawei => pretty(&interop::huawei::write(&thing, fidelity)),
        Format::Wot => pretty(&interop::wot::write(&thing, fidelity)),
    }
}

/// Converts an already validated document of a known kind, without validating it again.
/// This is the hot path measured by the benchmark; `lost` collects what was not carried.
fn convert_value(value: &Value, kind: Format, to: Format, lost: &mut Lost) -> Result<String, ConvertError> {
    let unsupported = || ConvertError::Unsupported { from: kind, to };
    match kind {
        Format::Tsl => {
            let tsl = Tsl::deserialize(value).map_err(unreadable)?;
            match to {
                Format::Tsl => pretty(&to_tsl::canonical(tsl, value, lost)),
                Format::ThingModelJson => sorted(&to_thing_model_json::from_tsl(&tsl, value, lost)),
                Format::SimpleTsl => pretty(&simple::from_tsl(&to_tsl::canonical(tsl, value, &mut Lost::default()))),
                _ => Err(unsupported()),
            }
        }
        Format::ThingModelJson => {
            let tmj = ThingModelJson::deserialize(value).map_err(unreadable)?;
            match to {
                Format::Tsl => pretty(&to_tsl::from_thing_model_json(&tmj, lost)),
                Format::ThingModelJson => sorted(&tmj),
                Format::SimpleTsl => pretty(&simple::from_tsl(&to_tsl::from_thing_model_json(&tmj, &mut Lost::default()))),
                Format::ExtendConfig => pretty(&extend_config_document(&tmj)),
                _ => Err(unsupported()),
            }
        }
        Format::ExtendConfig => match to {
            Format::ExtendConfig => {
                let doc = ExtendConfigDocument::deserialize(value).map_err(unreadable)?;
                pretty(&doc)
            }
            _ => Err(unsupported()),
        },
        _ => Err(unsupported()),
    }
}

/// A validated document that serde still cannot read into its model (a reader bug or a rule the
/// schema does not state): the whole document's error, located at its start.
pub(crate) fn unreadable(e: serde_json::Error) -> ConvertError {
    let mut d = Diagnostic::new(Code::SchemaViolation, "", format!("the model could not be read: {e}"));
    (d.line, d.column) = (1, 1);
    ConvertError::Invalid { errors: vec![d] }
}

fn pretty<T: Serialize>(doc: &T) -> Result<String, ConvertError> {
    Ok(serde_json::to_string_pretty(doc).unwrap_or_default())
}

/// ThingModelJson is written with every object's keys in sorted order.
fn sorted<T: Serialize>(doc: &T) -> Result<String, ConvertError> {
    let mut value = serde_json::to_value(doc).unwrap_or(Value::Null);
    sort_keys(&mut value);
    pretty(&value)
}

fn sort_keys(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.sort_keys();
            map.values_mut().for_each(sort_keys);
        }
        Value::Array(items) => items.iter_mut().for_each(sort_keys),
        _ => {}
    }
}

/// A validated simple TSL as the canonical TSL a data check reads: the generated `post`, `set`
/// and `get` rebuilt, names and specs left as the simple TSL has them (none).
pub(crate) fn simple_tsl_for_data(value: &Value) -> Result<Tsl, serde_json::Error> {
    Ok(to_tsl::canonical(Tsl::deserialize(value)?, value, &mut Lost::default()))
}

#[doc(hidden)]
/// Benchmark entry: conversion of an already validated document (no validation pass).
pub fn convert_validated(text: &str, kind: Format, to: Format) -> Result<String, ConvertError> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| ConvertError::Invalid { errors: vec![Diagnostic::new(Code::JsonSyntax, "", e.to_string())] })?;
    convert_value(&value, kind, to, &mut Lost::default())
}
