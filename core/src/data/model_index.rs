//! A thing model indexed for checking messages: features by wire key, where a custom module's
//! features are keyed `blockId:identifier` as they appear on the wire.

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
