//! Workspace integration tests live in `tests/*.rs`; fixtures in `fixtures/`. What several of
//! them share is here.

pub mod generators;
