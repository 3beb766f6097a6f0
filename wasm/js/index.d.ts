// The package's entry point: the calls and types that wasm-bindgen and tsify generate from the
// Rust types (thingkit.d.ts), without the loader, which the entry point runs itself.
export { validate, convert, schema, checkData, testCodec, DataModel, Codec } from "./thingkit.js";
export type * from "./thingkit.js";

import type { Format } from "./thingkit.js";

/** @deprecated Use `Format`: every call names its formats with that one type. */
export type ConvertTarget = Format;
/** @deprecated Use `Format`: every call names its formats with that one type. */
export type SchemaName = Format;
/** @deprecated Use `Format` (`ValidationReport.kind` is `Format | null`). */
export type DocumentKind = Format;
