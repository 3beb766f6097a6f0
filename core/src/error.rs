//! Errors of the operations that can fail as a whole (as opposed to diagnostics, which
//! describe problems inside a document).

use crate::diagnostic::Diagnostic;
use crate::format::Format;

/// Why a conversion produced no document.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConvertError {
    /// The input has errors; they are listed.
    #[error("the document has {} error(s); the first: {}", errors.iter().filter(|d| d.is_error()).count(), errors.iter().find(|d| d.is_error()).map(|d| d.to_string()).unwrap_or_default())]
    Invalid {
        /// Every diagnostic of the input, errors and warnings.
        errors: Vec<Diagnostic>,
    },
    /// The requested conversion does not exist for this input ([`Format::converts_to`]).
    #[error(
        "cannot convert a {} document to {}{}",
        from.title(),
        to.title(),
        if *from == Format::SimpleTsl { ": its features have no names or specs, which every full model needs" } else { "" }
    )]
    Unsupported {
        /// The input's format.
        from: Format,
        /// The requested format.
        to: Format,
    },
}
