//! A thing model indexed for checking messages: features by wire key, where a custom module's
//! features are keyed `blockId:identifier` as they appear on the wire.

use crate::convert::convert;
use crate::error::ConvertError;
use crate::format::Format;
use crate::model::Tsl;
use crate::model::data_type::DataType;
use crate::model::tsl::{AccessMode, Event, Property, Service, generated};
use std::collections::HashMap;

/// One or more TSL modules (the default module and custom modules), ready for [`super::check`].
#[derive(Debug, Default)]
pub struct DataModel {
    properties: HashMap<String, Property>,
    events: HashMap<String, Event>,
    services: HashMap<String, Service>,
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
                model.properties.insert(key(&p.identifier), p.clone());
            }
            for e in tsl.events.iter().filter(|e| e.identifier != generated::POST) {
                model.events.insert(key(&e.identifier), e.clone());
            }
            for s in tsl.services.iter().filter(|s| s.identifier != generated::SET && s.identifier != generated::GET) {
                model.services.insert(key(&s.identifier), s.clone());
            }
        }
        model
    }

    /// Reads, validates and indexes model documents — TSL or ThingModelJson, the default
    /// module and any custom modules — as the CLI, the npm package and the service take them.
    /// A document with errors indexes nothing: its diagnostics come back.
    pub fn from_texts<'t>(texts: impl IntoIterator<Item = &'t str>) -> Result<Self, ConvertError> {
        let modules = texts.into_iter().map(read_module).collect::<Result<Vec<_>, _>>()?;
        Ok(DataModel::new(&modules))
    }

    pub(super) fn property(&self, key: &str) -> Option<&Property> {
        self.properties.get(key)
    }

    pub(super) fn event(&self, key: &str) -> Option<&Event> {
        self.events.get(key)
    }

    pub(super) fn service(&self, key: &str) -> Option<&Service> {
        self.services.get(key)
    }

    pub(super) fn property_type(&self, key: &str) -> Option<&DataType> {
        self.properties.get(key).map(|p| &p.data_type)
    }

    pub(super) fn is_read_only(&self, key: &str) -> bool {
        self.properties.get(key).is_some_and(|p| p.access_mode == AccessMode::ReadOnly)
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
