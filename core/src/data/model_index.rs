//! A thing model indexed for checking messages: features by wire key, where a custom module's
//! features are keyed `blockId:identifier` as they appear on the wire.

use super::value::Expected;
use crate::convert::convert;
use crate::error::ConvertError;
use crate::format::Format;
use crate::model::Tsl;
use crate::model::tsl::{AccessMode, InputItem, Param, generated};
use std::collections::HashMap;

/// One or more TSL modules (the default module and custom modules), ready for [`super::check`]:
/// every data type compiled once, here, into what a message is checked against.
#[derive(Debug, Default)]
pub struct DataModel {
    properties: HashMap<String, PropertyCheck>,
    /// Events by wire key: their `outputData`.
    events: HashMap<String, Vec<(String, Expected)>>,
    services: HashMap<String, ServiceCheck>,
}

#[derive(Debug)]
pub(super) struct PropertyCheck {
    pub(super) expected: Expected,
    pub(super) read_only: bool,
}

#[derive(Debug)]
pub(super) struct ServiceCheck {
    pub(super) input: Vec<(String, Expected)>,
    pub(super) output: Vec<(String, Expected)>,
}

fn params<'p>(list: impl IntoIterator<Item = &'p Param>) -> Vec<(String, Expected)> {
    list.into_iter().map(|p| (p.identifier.clone(), Expected::new(&p.data_type))).collect()
}

impl DataModel {
    /// Indexes a default module and any number of custom modules (TSLs with a `functionBlockId`).
    pub fn new<'a>(modules: impl IntoIterator<Item = &'a Tsl>) -> Self {
        let mut model = DataModel::default();
        for tsl in modules {
            let key = |id: &str| match &tsl.function_block_id {
                Some(block) => format!("{block}:{id}"),
                None => id.to_string(),
            };
            for p in &tsl.properties {
                let check = PropertyCheck { expected: Expected::new(&p.data_type), read_only: p.access_mode == AccessMode::ReadOnly };
                model.properties.insert(key(&p.identifier), check);
            }
            for e in tsl.events.iter().filter(|e| e.identifier != generated::POST) {
                model.events.insert(key(&e.identifier), params(&e.output_data));
            }
            for s in tsl.services.iter().filter(|s| s.identifier != generated::SET && s.identifier != generated::GET) {
                let input = params(s.input_data.iter().filter_map(|i| match i {
                    InputItem::Param(p) => Some(p),
                    InputItem::Identifier(_) => None,
                }));
                model.services.insert(key(&s.identifier), ServiceCheck { input, output: params(&s.output_data) });
            }
        }
        model
    }

    /// Reads, validates and indexes model documents — TSL or ThingModelJson, the default
    /// module and any custom modules — as the CLI, the npm package and the service take them.
    /// A document with errors indexes nothing: its diagnostics come back.
    ///
    /// # Errors
    /// The first document with errors, as [`read_module`] says.
    pub fn from_texts<'t>(texts: impl IntoIterator<Item = &'t str>) -> Result<Self, ConvertError> {
        let modules = texts.into_iter().map(read_module).collect::<Result<Vec<_>, _>>()?;
        Ok(DataModel::new(&modules))
    }

    pub(super) fn property(&self, key: &str) -> Option<&PropertyCheck> {
        self.properties.get(key)
    }

    pub(super) fn event(&self, key: &str) -> Option<&[(String, Expected)]> {
        self.events.get(key).map(Vec::as_slice)
    }

    pub(super) fn service(&self, key: &str) -> Option<&ServiceCheck> {
        self.services.get(key)
    }
}

/// Reads and validates one model document — any format that converts to TSL, or a simple TSL —
/// into canonical TSL.
///
/// # Errors
/// As [`convert`]: the document's diagnostics when it has errors.
pub fn read_module(text: &str) -> Result<Tsl, ConvertError> {
    let unreadable = crate::convert::unreadable;
    // Converting to canonical TSL validates and brings every format to one form.
    match convert(text, Format::Tsl) {
        Ok(canonical) => serde_json::from_str(&canonical.text).map_err(unreadable),
        // A simple TSL has the identifiers and data types a data check needs, but converts to
        // nothing fuller: it is read as it is (already validated).
        Err(ConvertError::Unsupported { from: Format::SimpleTsl, .. }) => {
            let value: serde_json::Value = serde_json::from_str(text).map_err(unreadable)?;
            crate::convert::simple_tsl_for_data(&value).map_err(unreadable)
        }
        Err(e) => Err(e),
    }
}
