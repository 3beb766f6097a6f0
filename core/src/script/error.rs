//! Why a script call produced no result.

use crate::diagnostic::Code;
use serde_json::Value;
use std::time::Duration;

/// A failed compile or call. [`ScriptError::code`] gives the stable code; the platform's own
/// number, where it has one, is [`ScriptError::platform_code`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ScriptError {
    /// The script does not parse.
    #[error("syntax error: {message} at line {line} column {column}")]
    Syntax { message: String, line: usize, column: usize },
    /// The script is too large.
    #[error("the script has {size} bytes, more than the limit of {limit}")]
    ScriptTooLarge { size: usize, limit: usize },
    /// The input is too large.
    #[error("the input has {size} bytes, more than the limit of {limit}")]
    InputTooLarge { size: usize, limit: usize },
    /// The result is too large.
    #[error("the result has {size} bytes of JSON, more than the limit of {limit}")]
    OutputTooLarge { size: usize, limit: usize },
    /// The call ran past its time limit.
    #[error("the call ran longer than {limit:?}")]
    Timeout { limit: Duration },
    /// The call used up its step budget.
    #[error("the call used up its budget of {budget} steps")]
    StepBudget { budget: u64 },
    /// The heap grew past its budget.
    #[error("the call grew the heap by more than {limit} bytes")]
    HeapLimit { limit: usize },
    /// Calls nested too deep.
    #[error("calls nested deeper than {limit}")]
    Recursion { limit: usize },
    /// One function looped too long.
    #[error("one function ran more than {limit} loop iterations")]
    LoopLimit { limit: u64 },
    /// The script threw; `position` is the line and column (from 1) of the throw in the script.
    #[error("the script threw: {message}{}", position.map(|(l, c)| format!(" at line {l} column {c}")).unwrap_or_default())]
    Threw { message: String, position: Option<(usize, usize)> },
    /// The script lacks the function this call needs.
    #[error("the script defines no `{wanted}`")]
    MissingEntryPoint { wanted: String },
    /// The script returned nothing.
    #[error("`{function}` returned nothing")]
    EmptyResult { function: &'static str },
    /// The result has the wrong shape.
    #[error("`{function}` returned {message}")]
    MalformedResult { function: &'static str, message: String },
    /// An uplink result without `method`.
    #[error("the uplink result has no `method`")]
    MissingMethod,
    /// The result holds something JSON cannot.
    #[error("the result holds {what}{}", key.as_ref().map(|k| format!(" (at key `{k}`)")).unwrap_or_default())]
    NotJson { what: String, key: Option<String> },
    /// An output byte out of range.
    #[error("output byte {index} is {value}, not an integer from 0 to 255")]
    ByteOutOfRange { index: usize, value: String },
    /// A LoRaWAN codec reported errors.
    #[error("the codec reported errors: {}", errors.iter().map(Value::to_string).collect::<Vec<_>>().join(", "))]
    Reported { errors: Vec<Value>, warnings: Vec<Value> },
    /// Input bytes given as text (hex or base64) do not decode.
    #[error("the input is not valid {encoding}: {message}")]
    BadInputBytes { encoding: &'static str, message: String, column: usize },
    /// The input handed to the script has the wrong shape.
    #[error("{message}")]
    MalformedInput { message: String },
    /// The engine failed.
    #[error("the script engine failed: {message}")]
    Engine { message: String },
}

impl ScriptError {
    /// The stable code.
    pub fn code(&self) -> Code {
        match self {
            ScriptError::Syntax { .. } => Code::ScriptSyntax,
            ScriptError::ScriptTooLarge { .. } => Code::ScriptTooLarge,
            ScriptError::InputTooLarge { .. } => Code::InputTooLarge,
            ScriptError::OutputTooLarge { .. } => Code::OutputTooLarge,
            ScriptError::Timeout { .. } => Code::Timeout,
            ScriptError::StepBudget { .. } => Code::StepBudget,
            ScriptError::HeapLimit { .. } => Code::HeapLimit,
            ScriptError::Recursion { .. } => Code::RecursionLimit,
            ScriptError::LoopLimit { .. } => Code::LoopLimit,
            ScriptError::Threw { .. } => Code::ScriptThrew,
            ScriptError::MissingEntryPoint { .. } => Code::MissingEntryPoint,
            ScriptError::EmptyResult { .. } => Code::EmptyResult,
            ScriptError::MalformedResult { .. } => Code::MalformedResult,
            ScriptError::MissingMethod => Code::MissingMethod,
            ScriptError::NotJson { .. } => Code::NotJson,
            ScriptError::ByteOutOfRange { .. } => Code::ByteOutOfRange,
            ScriptError::Reported { .. } => Code::CodecReportedErrors,
            ScriptError::Engine { .. } => Code::EngineFailure,
            ScriptError::BadInputBytes { .. } => Code::BadInputBytes,
            ScriptError::MalformedInput { .. } => Code::MalformedInput,
        }
    }

    /// Alibaba's error number for the same failure, where it has one.
    pub fn platform_code(&self) -> Option<u16> {
        match self {
            ScriptError::EmptyResult { .. } => Some(6201),
            ScriptError::MalformedResult { .. } | ScriptError::NotJson { .. } | ScriptError::ByteOutOfRange { .. } => Some(6207),
            ScriptError::MissingMethod => Some(6450),
            _ => None,
        }
    }

    /// Line and column in the script, where known.
    pub fn location(&self) -> Option<(usize, usize)> {
        match self {
            ScriptError::Syntax { line, column, .. } => Some((*line, *column)),
            ScriptError::Threw { position, .. } => *position,
            // The input text is one line.
            ScriptError::BadInputBytes { column, .. } => Some((1, *column)),
            _ => None,
        }
    }
}
