//! Workspace integration tests live in `tests/*.rs`; fixtures in `fixtures/`.
