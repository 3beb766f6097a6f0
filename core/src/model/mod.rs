//! The thing-model formats as Rust types: serde reads them liberally and writes them in their
//! canonical form; schemars turns them into the JSON Schemas in `schemas/`.

pub mod data_type;
pub mod extend_config;
pub mod huawei;
pub(crate) mod lenient;
pub mod tencent;
pub mod thing_model_json;
pub mod tsl;
pub mod wot;

pub use data_type::{ArraySpecs, DataType, Labels, NumberSpecs, StructMember, TextSpecs, TypeName};
pub use extend_config::{ExtendConfig, ExtendConfigDocument};
pub use huawei::ProductModel as HuaweiProductModel;
pub use tencent::DataTemplate;
pub use thing_model_json::ThingModelJson;
pub use tsl::Tsl;
pub use wot::ThingModel as WotThingModel;
