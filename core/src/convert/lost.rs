//! What a conversion could not carry over, gathered per field so that a model with a hundred
//! `createTs` gets one warning with a count, not a hundred — while the fidelity report names
//! every place.

use crate::diagnostic::{Code, Diagnostic};
use crate::interop::{FidelityEntry, Outcome};

#[derive(Debug, Default)]
pub(super) struct Lost {
    /// (code, field, every pointer, why), in the order first seen.
    entries: Vec<(Code, String, Vec<String>, String)>,
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
            e.2.push(pointer);
        } else {
            self.entries.push((code, field.to_string(), vec![pointer], why.to_string()));
        }
    }

    /// One fidelity entry per place: a regenerated part approximated, anything else lost.
    pub fn report(&self) -> Vec<FidelityEntry> {
        let mut out = Vec::new();
        for (code, field, pointers, why) in &self.entries {
            let (outcome, message) = match code {
                Code::Regenerated => (Outcome::Approximated, format!("`{field}` was regenerated: {why}")),
                _ => (Outcome::Lost, format!("`{field}` was not carried over: {why}")),
            };
            out.extend(pointers.iter().map(|pointer| FidelityEntry { file: None, pointer: pointer.clone(), outcome, message: message.clone() }));
        }
        out
    }

    /// One warning per field, at its first place, with the count of places.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.entries
            .into_iter()
            .map(|(code, field, pointers, why)| {
                let (pointer, count) = (pointers[0].clone(), pointers.len());
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
