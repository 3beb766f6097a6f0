//! Why a plugin call produced no result: the guest's own typed error, or what the host stopped.

use serde_json::{Map, Value};
use std::time::Duration;
use thingkit::Code;

/// A failed plugin call. [`PluginError::code`] is the stable code, as for scripts run in-process.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum PluginError {
    /// The guest answered with an error (a script that threw, a document with errors…).
    #[error("{message}")]
    Guest { code: String, message: String, line: Option<u32>, column: Option<u32>, platform_code: Option<u32> },
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

    /// `{code, message, line?, column?, platformCode?}`, the shape of `thingkit::json::script_error`.
    pub fn to_json(&self) -> Value {
        let mut error = Map::new();
        error.insert("code".into(), self.code().into());
        error.insert("message".into(), self.to_string().into());
        if let PluginError::Guest { line, column, platform_code, .. } = self {
            if let (Some(line), Some(column)) = (line, column) {
                error.insert("line".into(), (*line).into());
                error.insert("column".into(), (*column).into());
            }
            if let Some(code) = platform_code {
                error.insert("platformCode".into(), (*code).into());
            }
        }
        Value::Object(error)
    }
}
