//! PATCH (thingkit): rolling back what a piece of work changed in objects that existed before
//! it, so that one embedder context can run many untrusted calls with nothing carried from one
//! to the next (see `PATCHES.md`).
//!
//! Objects created while [`watch_new_objects`] is on are *watched*. Between [`begin`] and
//! [`rollback`], the first mutable borrow of a watched object saves its properties (the
//! shape, and so the prototype, included), extensibility and private elements; [`rollback`]
//! writes every saved state back. Internal slots (`ObjectData`) are not saved: the embedder
//! watches objects whose slots are immutable, such as the realm's intrinsics.
//!
//! The state is per thread, as contexts are.

use super::{JsObject, NativeObject, Object, PrivateElement, PrivateName};
use crate::object::property_map::PropertyMap;
use std::cell::{Cell, RefCell};
use thin_vec::ThinVec;

thread_local! {
    static WATCH_NEW: Cell<bool> = const { Cell::new(false) };
    static RECORDING: Cell<bool> = const { Cell::new(false) };
    static LOG: RefCell<Vec<Box<dyn Restore>>> = const { RefCell::new(Vec::new()) };
}

/// Whether objects created from now on, on this thread, are watched.
pub fn watch_new_objects(on: bool) {
    WATCH_NEW.with(|w| w.set(on));
}

/// Starts recording the first change of every watched object on this thread.
pub fn begin() {
    RECORDING.with(|r| r.set(true));
}

/// Stops recording and restores every watched object changed since [`begin`] to its state at
/// that time. Returns how many objects were restored.
pub fn rollback() -> usize {
    RECORDING.with(|r| r.set(false));
    let log = LOG.with(|log| std::mem::take(&mut *log.borrow_mut()));
    let count = log.len();
    // Restored in reverse, although each object appears once.
    for entry in log.into_iter().rev() {
        entry.restore();
    }
    if count > 0 {
        crate::vm::inline_cache::invalidate_all();
    }
    count
}

/// The per-object flags, kept beside the object's cell so that checking them takes no borrow.
#[derive(Debug)]
pub(crate) struct Watch {
    watched: Cell<bool>,
    saved: Cell<bool>,
}

impl Watch {
    pub(crate) fn new() -> Self {
        Self { watched: Cell::new(WATCH_NEW.with(Cell::get)), saved: Cell::new(false) }
    }

    #[inline]
    pub(crate) fn needs_saving(&self) -> bool {
        self.watched.get() && !self.saved.get()
    }
}

/// Saves `object`'s state if it is watched, recording is on and it was not saved yet; called
/// before every mutable borrow.
pub(crate) fn before_mutation<T: NativeObject>(object: &JsObject<T>, watch: &Watch, cell: &boa_gc::GcRefCell<Object<T>>) {
    if !RECORDING.with(Cell::get) {
        return;
    }
    let Ok(current) = cell.try_borrow() else {
        // Already borrowed mutably: the borrow that follows fails the same way.
        return;
    };
    let saved = Saved {
        properties: current.properties.deep_clone(),
        extensible: current.extensible,
        private_elements: current.private_elements.clone(),
    };
    drop(current);
    watch.saved.set(true);
    LOG.with(|log| log.borrow_mut().push(Box::new(Entry { object: object.clone(), saved })));
}

struct Saved {
    properties: PropertyMap,
    extensible: bool,
    private_elements: ThinVec<(PrivateName, PrivateElement)>,
}

struct Entry<T: NativeObject> {
    object: JsObject<T>,
    saved: Saved,
}

trait Restore {
    fn restore(self: Box<Self>);
}

impl<T: NativeObject> Restore for Entry<T> {
    fn restore(self: Box<Self>) {
        let Entry { object, saved } = *self;
        let (watch, cell) = object.watch_and_cell();
        if let Ok(mut current) = cell.try_borrow_mut() {
            current.properties = saved.properties;
            current.extensible = saved.extensible;
            current.private_elements = saved.private_elements;
        }
        watch.saved.set(false);
    }
}
