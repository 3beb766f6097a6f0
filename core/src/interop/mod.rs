//! Other platforms' thing models — Tencent IoT Explorer data templates, Huawei IoTDA product
//! models, W3C WoT Thing Models — and TSL, all converted through one internal model ([`hub`]):
//! each format has a reader into it and a writer out of it, never a path to another format.
//! Every conversion through it yields a fidelity report ([`fidelity`]).

pub mod fidelity;
pub(crate) mod huawei;
pub mod hub;
pub(crate) mod identifiers;
mod rules;
pub(crate) mod tencent;
pub(crate) mod tsl;
pub(crate) mod wot;

pub use fidelity::{FidelityEntry, Outcome};

use crate::diagnostic::Diagnostic;
use crate::model::{DataTemplate, HuaweiProductModel, WotThingModel};
use crate::validate::DocumentKind;
use fidelity::Fidelity;
use hub::Thing;
use serde::Deserialize;
use serde_json::Value;

/// Reads a document of one of the other platforms' kinds into the internal model. A WoT
/// document is read from its text, whose key order is the order of its affordances (the parsed
/// value's objects are sorted).
pub(crate) fn read_other(
    text: &str,
    value: &Value,
    kind: DocumentKind,
    fidelity: &mut Fidelity,
) -> Result<Option<Thing>, serde_json::Error> {
    Ok(Some(match kind {
        DocumentKind::Tencent => tencent::read(&DataTemplate::deserialize(value)?, fidelity),
        DocumentKind::Huawei => huawei::read(&HuaweiProductModel::deserialize(value)?, fidelity),
        DocumentKind::Wot => {
            let doc = serde_json::from_str::<WotThingModel>(text).or_else(|_| WotThingModel::deserialize(value))?;
            wot::read(&doc, value, fidelity)
        }
        DocumentKind::Tsl | DocumentKind::ThingModelJson | DocumentKind::ExtendConfig => return Ok(None),
    }))
}

/// The rules of the other platforms' kinds, checked on the internal model. A document that does
/// not read is left to the structural check, which says why.
pub(crate) fn check(text: &str, value: &Value, kind: DocumentKind, out: &mut Vec<Diagnostic>) {
    if kind == DocumentKind::Wot {
        wot::check_document(value, out);
    }
    if let Ok(Some(thing)) = read_other(text, value, kind, &mut Fidelity::default()) {
        rules::check(&thing, out);
    }
}
