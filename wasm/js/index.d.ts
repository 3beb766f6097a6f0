// The package's entry point: the calls and types that wasm-bindgen and tsify generate from the
// Rust types (thingkit.d.ts), without the loader, which the entry point runs itself.
export { validate, convert, schema, checkData, Codec } from "./thingkit.js";
export type * from "./thingkit.js";
