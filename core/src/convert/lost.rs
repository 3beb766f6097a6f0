//! What a conversion could not carry over, gathered per field so that a model with a hundred
//! `createTs` gets one warning with a count, not a hundred.

use crate::diagnostic::{Code, Diagnostic};

#[derive(Debug, Default)]
pub(super) struct Lost {
    /// (code, field, first pointer, count, why), in the order first seen.
    entries: Vec<(Code, String, String, usize, String)>,
}

impl Lost {
    /// Notes that `field` at `pointer` was left out, and why.
    pub fn note(&mut self, field: &str, pointer: String, why: &str) {
        self.add(Code::NotCarried, field, pointer, why);
    }

    /// Notes that a platform-generated part was rebuilt rather than kept.
    pub fn regenerated(&mut self, what: &str, pointer: String, why: &str) {
        self.add(Code::Regenerated, what, pointer, why);
    }

    fn add(&mut self, code: Code, field: &str, pointer: String, why: &str) {
        if let Some(e) = self.entries.iter_mut().find(|e| e.0 == code && e.1 == field) {
            e.3 += 1;
        } else {
            self.entries.push((code, field.to_string(), pointer, 1, why.to_string()));
        }
    }

    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.entries
            .into_iter()
            .map(|(code, field, pointer, count, why)| {
                let message = match (code, count) {
                    (Code::Regenerated, _) => format!("`{field}` was regenerated: {why}"),
                    (_, 1) => format!("`{field}` was not carried over: {why}"),
                    (_, n) => format!("`{field}` was not carried over ({n} places, the first shown): {why}"),
                };
                Diagnostic::new(code, pointer, message)
            })
            .collect()
    }
}
