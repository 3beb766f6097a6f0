//! PATCH (thingkit): a per-thread cap on the bytes of any one string allocation.
//!
//! Upstream boa aborts the process when a string cannot be allocated, and nothing bounds how
//! large a string may grow (`s += s` doubles it per step). A sandbox needs a bound that stops
//! the script instead: an allocation above the cap unwinds with an [`AllocationLimitExceeded`]
//! payload (through `resume_unwind`, so no panic hook runs), before any memory is taken or any
//! state changes. The embedder catches it around the interpreter and discards the context.

use std::cell::Cell;

thread_local! {
    static LIMIT: Cell<usize> = const { Cell::new(usize::MAX) };
}

/// The payload of the unwind raised when a string allocation is over the cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AllocationLimitExceeded {
    /// Bytes the allocation asked for.
    pub requested: usize,
    /// The cap in force.
    pub limit: usize,
}

/// Sets this thread's cap on the bytes of one string allocation; returns the previous cap.
/// `usize::MAX` (the default) means no cap.
pub fn set_string_allocation_limit(bytes: usize) -> usize {
    LIMIT.with(|l| l.replace(bytes))
}

/// Unwinds if `bytes` is over this thread's cap.
#[inline]
pub(crate) fn check(bytes: usize) {
    let limit = LIMIT.with(Cell::get);
    if bytes > limit {
        std::panic::resume_unwind(Box::new(AllocationLimitExceeded { requested: bytes, limit }));
    }
}
