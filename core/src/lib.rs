//! thingkit: Alibaba Cloud IoT thing models (TSL and ThingModelJson) — types, strict validation
//! with located diagnostics, and lossless conversion — and the other platforms' models (Tencent
//! data templates, Huawei product models, W3C WoT Thing Models), converted with a fidelity report.
//!
//! ```
//! let report = thingkit::validate(r#"{"profile":{"productKey":"a1"},"properties":[]}"#);
//! assert!(report.valid);
//! ```

pub mod convert;
pub mod data;
pub mod diagnostic;
pub mod error;
pub mod interop;
pub mod json;
pub mod model;
pub mod schema;
pub mod script;
pub mod source;
pub mod validate;

pub use convert::{Conversion, Target, convert, convert_as};
pub use diagnostic::{Code, Diagnostic, Severity};
pub use error::ConvertError;
pub use validate::{DocumentKind, Report, validate};
