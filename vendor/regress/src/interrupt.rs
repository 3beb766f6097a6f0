//! PATCH (thingkit): a way for an embedder to stop a match that runs too long.
//!
//! Backtracking is exponential in the worst case (`/(a+)+$/` on `"aaaa…!"`), and a match
//! cannot otherwise be interrupted. Every [`INTERVAL`] backtracks, the executor asks the hook
//! set with [`set_interrupt_hook`]; when it answers `true`, the match gives up and reports no
//! match, and [`take_interrupted`] tells the embedder that the answer is not a real "no match".
//! The state is per thread.

use core::cell::Cell;

/// Backtracks between two calls of the hook.
pub const INTERVAL: u32 = 4096;

std::thread_local! {
    static HOOK: Cell<Option<fn() -> bool>> = const { Cell::new(None) };
    static COUNT: Cell<u32> = const { Cell::new(0) };
    static INTERRUPTED: Cell<bool> = const { Cell::new(false) };
}

/// Sets this thread's interrupt hook (`None`: never interrupt); returns the previous one.
pub fn set_interrupt_hook(hook: Option<fn() -> bool>) -> Option<fn() -> bool> {
    HOOK.with(|h| h.replace(hook))
}

/// Whether a match on this thread was given up since the last call, and forgets it.
pub fn take_interrupted() -> bool {
    INTERRUPTED.with(|i| i.replace(false))
}

/// Whether the running match must stop: counts one backtrack, asking the hook every
/// [`INTERVAL`]; once interrupted, stays so until [`take_interrupted`].
#[inline]
pub(crate) fn backtracked() -> bool {
    if INTERRUPTED.with(Cell::get) {
        return true;
    }
    let count = COUNT.with(|c| {
        let n = c.get().wrapping_add(1);
        c.set(n);
        n
    });
    if count % INTERVAL != 0 {
        return false;
    }
    let stop = HOOK.with(Cell::get).is_some_and(|hook| hook());
    if stop {
        INTERRUPTED.with(|i| i.set(true));
    }
    stop
}

/// Whether the running match was given up.
#[inline]
pub(crate) fn interrupted() -> bool {
    INTERRUPTED.with(Cell::get)
}
