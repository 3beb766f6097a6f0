//! Other platforms' thing models — Tencent IoT Explorer data templates, Huawei IoTDA product
//! models, W3C WoT Thing Models — and TSL, all converted through one internal model ([`crate::hub`]):
//! each format has a reader into it and a writer out of it, never a path to another format.
//! Every conversion through it yields a fidelity report ([`fidelity`]).

pub mod fidelity;
pub(crate) mod huawei;
pub(crate) mod identifiers;
mod losses;
mod same;
pub(crate) mod tencent;
pub(crate) mod tsl;
pub(crate) mod wot;

pub use fidelity::{FidelityEntry, Outcome};
pub(crate) use same::as_is;

use crate::diagnostic::Diagnostic;
use crate::format::Format;
use crate::hub::Thing;
use crate::model::{DataTemplate, HuaweiProductModel, WotThingModel};
use crate::rules::{Limits, check_thing};
use fidelity::Fidelity;
use serde::Deserialize;
use serde_json::Value;

/// Reads a document of one of the other platforms' kinds into the internal model. A WoT
/// document is read from its text, whose key order is the order of its affordances (the parsed
/// value's objects are sorted).
pub(crate) fn read_other(text: &str, value: &Value, kind: Format, fidelity: &mut Fidelity) -> Result<Option<Thing>, serde_json::Error> {
    Ok(Some(match kind {
        Format::Tencent => tencent::read(&DataTemplate::deserialize(value)?, fidelity),
        Format::Huawei => huawei::read(&HuaweiProductModel::deserialize(value)?, fidelity),
        Format::Wot => {
            let doc = serde_json::from_str::<WotThingModel>(text).or_else(|_| WotThingModel::deserialize(value))?;
            wot::read(&doc, value, fidelity)
        }
        Format::Tsl | Format::SimpleTsl | Format::ThingModelJson | Format::ExtendConfig => return Ok(None),
    }))
}

/// The rules of the other platforms' kinds, checked on the internal model. A document that does
/// not read is left to the structural check, which says why.
pub(crate) fn check(text: &str, value: &Value, kind: Format, out: &mut Vec<Diagnostic>) {
    if kind == Format::Wot {
        wot::check_document(value, out);
    }
    // Values the readers take as absent (console placeholders) are not silently so.
    if kind == Format::Tencent {
        tencent::check_placeholders(value, out);
    }
    if kind == Format::Huawei {
        huawei::check_unset_steps(value, out);
    }
    if let Ok(Some(thing)) = read_other(text, value, kind, &mut Fidelity::default()) {
        let mut found = Vec::new();
        check_thing(&thing, &Limits::of(kind), &mut found);
        // A WoT document names its affordances and members by keys, unique per object by JSON
        // itself (TK0003): a property and an action may share a name (TD 1.1 §5.3.1.1).
        found.retain(|d| kind != Format::Wot || d.code != crate::diagnostic::Code::DuplicateIdentifier);
        out.extend(found);
    }
}
