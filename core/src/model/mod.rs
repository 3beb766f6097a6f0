//! The thing-model formats as Rust types: serde reads them liberally and writes them in their
//! canonical form; schemars turns them into the JSON Schemas in `schemas/`.

pub mod data_type;
pub mod extend_config;
pub(crate) mod lenient;
pub mod thing_model_json;
pub mod tsl;

pub use data_type::{ArraySpecs, DataType, Labels, NumberSpecs, StructMember, TextSpecs, TypeName};
pub use extend_config::{ExtendConfig, ExtendConfigDocument};
pub use thing_model_json::ThingModelJson;
pub use tsl::Tsl;
