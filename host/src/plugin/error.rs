//! Why a plugin call produced no result: the guest's own typed error, or what the host stopped.

use serde_json::Value;
use std::time::Duration;
use thingkit::json::ErrorFields;
use thingkit::{Code, Diagnostic};

/// A failed plugin call. [`PluginError::code`] is the stable code, as for scripts run in-process.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum PluginError {
    /// The guest answered with an error (a script that threw, a document with errors…).
    #[error("{message}")]
    Guest {
        code: String,
        message: String,
        line: Option<u32>,
        column: Option<u32>,
        platform_code: Option<u32>,
        /// A document with errors: all its diagnostics (else empty).
        diagnostics: Vec<Diagnostic>,
        /// Which of several model texts the diagnostics are in.
        model: Option<u32>,
    },
    /// The call ran past its wall-clock deadline; wasmtime interrupted it.
    #[error("the call ran longer than {limit:?} and was interrupted")]
    Timeout { limit: Duration },
    /// The guest asked for more linear memory than its cap.
    #[error("the plugin asked for more than its {limit} bytes of memory")]
    MemoryLimit { limit: usize },
    /// The script nested deeper than the sandbox's stack holds (its source, a `JSON.parse` of
    /// deeply nested data, recursion in native code); the instance is discarded.
    #[error("the script nested deeper than the sandbox's stack holds")]
    StackOverflow,
    /// The guest trapped (or could not be loaded or instantiated); the instance is discarded.
    #[error("the plugin trapped: {message}")]
    Trapped { message: String },
}

impl PluginError {
    /// The stable code: the guest's own, or TK5005 (time), TK5009 (memory), TK5007 (stack),
    /// TK5020 (any other trap).
    pub fn code(&self) -> &str {
        match self {
            PluginError::Guest { code, .. } => code,
            PluginError::Timeout { .. } => Code::Timeout.as_str(),
            PluginError::MemoryLimit { .. } => Code::HeapLimit.as_str(),
            PluginError::StackOverflow => Code::RecursionLimit.as_str(),
            PluginError::Trapped { .. } => Code::PluginTrapped.as_str(),
        }
    }

    /// The error in core's one shape, [`ErrorFields`]: `{code, message, line?, column?,
    /// platformCode?, diagnostics?}` (`diagnostics` when a document had errors).
    pub fn to_fields(&self) -> ErrorFields {
        let code = Code::parse(self.code()).unwrap_or(Code::PluginTrapped);
        let mut fields = ErrorFields::new(code, self.to_string());
        if let PluginError::Guest { line, column, platform_code, diagnostics, model, .. } = self {
            fields.line = line.map(|n| n as usize);
            fields.column = column.map(|n| n as usize);
            fields.platform_code = platform_code.and_then(|n| u16::try_from(n).ok());
            fields.diagnostics = (!diagnostics.is_empty()).then(|| diagnostics.clone());
            fields.model = model.map(|n| n as usize);
        }
        fields
    }

    /// [`PluginError::to_fields`] as JSON.
    pub fn to_json(&self) -> Value {
        self.to_fields().to_value()
    }

    /// The diagnostics of a document with errors (empty for every other failure).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            PluginError::Guest { diagnostics, .. } => diagnostics,
            _ => &[],
        }
    }
}
