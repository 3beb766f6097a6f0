//! The fidelity report of a conversion: for each feature and field of the source, whether it was
//! carried exactly, approximated (and how), or lost (and why), located by a JSON pointer into
//! the source document.

use serde::{Deserialize, Serialize};

/// What became of a source field.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The target says the same thing.
    Exact,
    /// The target says something close; the message says what differs.
    Approximated,
    /// The target cannot say it.
    Lost,
}

/// One line of the report.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FidelityEntry {
    /// The source file the pointer is in, for a model of several files (a Huawei product model
    /// package); absent for a single document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub file: Option<String>,
    /// RFC 6901 pointer to the field in the source document.
    pub pointer: String,
    /// `exact`, `approximated` or `lost`.
    pub outcome: Outcome,
    /// What was carried, how it was approximated, or why it was lost.
    pub message: String,
}

/// Collects the report while a conversion runs.
#[derive(Debug, Default)]
pub struct Fidelity {
    entries: Vec<FidelityEntry>,
    /// Elements (features, parameters, members) in source order, each reported exact at the end
    /// unless something at or under it was approximated or lost.
    elements: Vec<(String, String)>,
}

impl Fidelity {
    /// A source element (feature, parameter, member) at `pointer`, described as `what`.
    pub fn element(&mut self, pointer: &str, what: String) {
        self.elements.push((pointer.to_string(), what));
    }

    /// Something at `pointer` was carried approximately.
    pub fn approximated(&mut self, pointer: &str, message: String) {
        self.push(pointer, Outcome::Approximated, message);
    }

    /// Something at `pointer` could not be carried.
    pub fn lost(&mut self, pointer: &str, message: String) {
        self.push(pointer, Outcome::Lost, message);
    }

    /// The elements without the remarks: for a conversion that carries the whole source as it
    /// is (a format to itself), where what a reader would approximate or lose is kept.
    pub fn elements_only(self) -> Fidelity {
        Fidelity { entries: Vec::new(), elements: self.elements }
    }

    fn push(&mut self, pointer: &str, outcome: Outcome, message: String) {
        let entry = FidelityEntry { file: None, pointer: pointer.to_string(), outcome, message };
        if !self.entries.contains(&entry) {
            self.entries.push(entry);
        }
    }

    /// The report: every element carried without a remark as exact, then the remarks, in
    /// source order.
    pub fn finish(mut self) -> Vec<FidelityEntry> {
        let under = |parent: &str, pointer: &str| pointer == parent || pointer.starts_with(&format!("{parent}/"));
        for (pointer, what) in std::mem::take(&mut self.elements) {
            if !self.entries.iter().any(|e| under(&pointer, &e.pointer)) {
                self.entries.push(FidelityEntry { file: None, pointer, outcome: Outcome::Exact, message: format!("{what}: carried exactly") });
            }
        }
        self.entries.sort_by(|a, b| pointer_order(&a.pointer).cmp(&pointer_order(&b.pointer)).then(a.outcome.cmp(&b.outcome)));
        self.entries
    }
}

/// Orders pointers as the document does: `/properties/2` before `/properties/10`.
fn pointer_order(pointer: &str) -> Vec<(u64, &str)> {
    pointer.split('/').map(|part| (part.parse().unwrap_or(u64::MAX), part)).collect()
}

/// Whether a report says every field was carried exactly.
pub fn all_exact(report: &[FidelityEntry]) -> bool {
    report.iter().all(|e| e.outcome == Outcome::Exact)
}
