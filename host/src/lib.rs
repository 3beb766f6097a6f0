//! The `thingkit` host: the wasmtime plugin runner behind `thingkit serve` and `--wasm`
//! (the command-line tool itself is the `thingkit` binary).

pub mod plugin;
