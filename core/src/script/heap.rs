//! The heap budget's measure. A library cannot see the allocator, so the program hands in a
//! probe: a function returning the bytes its allocator has live (for example `cap::Cap`'s
//! `allocated`). Without a probe, `max_heap_bytes` is not enforced.
//!
//! The probe counts the whole process: codecs running on other threads at the same time add to
//! what one call sees, which errs on the side of stopping it.

use std::sync::OnceLock;

static PROBE: OnceLock<fn() -> usize> = OnceLock::new();

/// Registers the heap probe (once per process; later calls are ignored).
pub fn set_heap_probe(probe: fn() -> usize) {
    let _ = PROBE.set(probe);
}

/// Bytes live now, if a probe is registered.
pub(super) fn in_use() -> Option<usize> {
    PROBE.get().map(|probe| probe())
}
