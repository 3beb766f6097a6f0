//! thingkit: thing models — Alibaba Cloud IoT TSL and ThingModelJson, Tencent data templates,
//! Huawei product models, W3C WoT Thing Models — read into one internal model, validated with
//! located diagnostics and converted with a fidelity report (what each conversion carried
//! exactly, approximated or lost); device messages checked against a model; data-parsing
//! scripts run in a sandbox.
//!
//! The layers, each owning one concept: [`format`] (the formats), [`model`] (their serde
//! types), [`hub`] (the internal model), [`interop`] (a reader and a writer per format),
//! [`huawei_package`] (Huawei's multi-file product model package), [`rules`] (the
//! semantic checks, once), [`validate`], [`convert`], [`data`], [`script`], [`codec_tests`] (codec
//! test vectors), [`lint`] (scripts checked against the platforms that run them), [`diagnostic`] and
//! [`json`] (the shapes every front end prints).
//!
//! ```
//! let report = thingkit::validate(r#"{"profile":{"productKey":"a1"},"properties":[]}"#);
//! assert!(report.valid);
//! ```

pub mod codec_tests;
pub mod convert;
pub mod data;
pub mod diagnostic;
pub mod error;
pub mod format;
pub mod hub;
pub mod huawei_package;
pub mod interop;
pub mod json;
pub mod lint;
pub mod model;
pub mod rules;
pub mod schema;
pub mod script;
pub mod source;
pub mod validate;

pub use convert::{Conversion, convert, convert_as};
pub use diagnostic::{Code, Diagnostic, Severity};
pub use error::ConvertError;
pub use format::Format;
pub use validate::{Report, validate};
