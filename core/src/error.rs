//! Errors of the operations that can fail as a whole (as opposed to diagnostics, which
//! describe problems inside a document).

use crate::diagnostic::Diagnostic;

/// Why a conversion produced no document.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConvertError {
    /// The input has errors; they are listed.
    #[error("the document has {} error(s); the first: {}", errors.len(), errors.first().map(|d| d.to_string()).unwrap_or_default())]
    Invalid {
        /// Every diagnostic of the input, errors and warnings.
        errors: Vec<Diagnostic>,
    },
    /// The requested conversion does not exist for this input.
    #[error("cannot convert a {from} document to {to}")]
    Unsupported {
        /// Input kind.
        from: &'static str,
        /// Requested target.
        to: &'static str,
    },
}
