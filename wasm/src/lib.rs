//! wasm-bindgen adapter over the thingkit core for web consoles and Node: parse input, call core,
//! serialize, and map every failure in one helper ([`thrown`]) to a JavaScript `Error` named
//! `ThingkitError` with a stable `code` (and `line`, `column`, `platformCode`, `diagnostics` when
//! known). The answers are the CLI's JSON shapes (`thingkit::json`), as plain objects.
//!
//! The TypeScript declarations come from the Rust types: the shapes in `thingkit::json` and
//! [`api`]'s options derive them (tsify), and each function names its types with wasm-bindgen's
//! `unchecked_*_type`. Only the JSON-value and error types below are written out as TypeScript.
//!
//! Everything that does not touch JavaScript lives in [`api`], so native tests cover it.

pub mod api;

use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const JSON_AND_ERROR_TYPES: &str = r#"
/** Any JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };
/** Device bytes: a `Uint8Array`, or an array of integers 0-255. */
export type Bytes = Uint8Array | number[];
/** A thing model for `checkData` and `DataModel`: a TSL object or its text, or a list of them (the model and its custom modules). */
export type ModelInput = JsonObject | string | Array<JsonObject | string>;
/** What every call of thingkit throws: an `Error` named `ThingkitError` with the fields of `ErrorFields`. */
export interface ThingkitError extends Error, ErrorFields {
    name: "ThingkitError";
}
/** One payload's outcome in `Codec.decodeBatch`: the routine's result, or the error `decode` would have thrown. */
export type BatchOutcome = { result: JsonValue } | { error: ErrorFields };
/** What became of one codec test vector (`testCodec`). */
export type VectorResult = {
    /** The vector's description. */
    description: string;
    /** What it called. */
    routine: Routine;
    /** Where the vector is in its file (a JSON pointer). */
    pointer: string;
} & Status;
/** One line a call logged through `console`. */
export interface LogLine {
    level: "log" | "info" | "warn" | "error" | "debug";
    message: string;
}
/** Device bytes to send, with what the routine returned beside them. */
export interface Encoded {
    /** 0-255 each; empty only for a TS013 downlink of no bytes. */
    bytes: number[];
    /** The port `encodeDownlink` returned. */
    fPort?: number;
    /** `encodeDownlink`'s warnings, as returned. */
    warnings: JsonValue[];
}
"#;

/// Runs when the module is instantiated (again after a restart). A panic aborts the module
/// (panic=abort), so the hook leaves the panic as the `ThingkitError` (TK0009) that the failed
/// call should throw where the package's guard (`js/guarded.js`) looks for it.
#[wasm_bindgen(start, skip_typescript)]
fn start() {
    std::panic::set_hook(Box::new(|info| {
        let at = info.location().map(|l| format!(" at {}:{}:{}", l.file(), l.line(), l.column())).unwrap_or_default();
        let error = thrown(api::internal(format!("thingkit panicked{at}: {}", info.payload_as_str().unwrap_or("(no message)"))));
        let _ = js_sys::Reflect::set(&js_sys::global(), &js_sys::Symbol::for_("thingkit.panic"), &error);
    }));
}

/// Panics with `message`: how the package's tests check that a panic becomes a `ThingkitError`
/// and the module recovers. Not part of the typed API.
#[doc(hidden)]
#[wasm_bindgen(js_name = "__panicForTests", skip_typescript)]
pub fn panic_for_tests(message: &str) {
    panic!("{message}");
}

/// Validates a TSL or ThingModelJson document (the kind is told by the content), with every
/// problem located by code, JSON pointer, line and column.
#[wasm_bindgen(unchecked_return_type = "ValidationReport")]
pub fn validate(text: &str) -> JsValue {
    to_js(&api::validate(text))
}

/// Converts a document to another format. The diagnostics are warnings: what the conversion did
/// not carry over. Throws `ThingkitError` (with all the `diagnostics` when the document has errors).
#[wasm_bindgen(unchecked_return_type = "Conversion")]
pub fn convert(text: &str, #[wasm_bindgen(unchecked_param_type = "Format")] to: &str) -> Result<JsValue, JsValue> {
    api::convert(text, to).map(|v| to_js(&v)).map_err(thrown)
}

/// One of the JSON Schemas (draft-07) thingkit publishes.
#[wasm_bindgen(unchecked_return_type = "JsonObject")]
pub fn schema(#[wasm_bindgen(unchecked_param_type = "Format")] name: &str) -> Result<JsValue, JsValue> {
    api::schema(name).map(|v| to_js(&v)).map_err(thrown)
}

/// Checks an Alink message (an object or its text) against a thing model at a `ValidateType`
/// level, as the platform does before data goes on.
#[wasm_bindgen(js_name = checkData, unchecked_return_type = "DataCheckResult")]
pub fn check_data(
    #[wasm_bindgen(unchecked_param_type = "ModelInput")] model: JsValue,
    #[wasm_bindgen(unchecked_param_type = "JsonObject | string")] message: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Level")] level: &str,
) -> Result<JsValue, JsValue> {
    let model = from_js(model)?;
    let message = from_js(message)?;
    api::check_data(model, message, level).map(|v| to_js(&v)).map_err(thrown)
}

/// Runs codec test vectors on `script`, as `thingkit test` does, one result per vector: The Things
/// Network's codec file (as an object), TS013 `examples.json`, ChirpStack's tests or thingkit's
/// vector file, told by their shape; deterministic (UTC, a fixed clock or the vector's
/// `recvTime`, a seeded `Math.random`). `filter` keeps the vectors whose description contains
/// it. Throws `ThingkitError` for vectors in no layout's shape (TK7001) or a script that does
/// not compile.
#[wasm_bindgen(js_name = testCodec, unchecked_return_type = "VectorResult[]")]
pub fn test_codec(
    script: &str,
    #[wasm_bindgen(unchecked_param_type = "JsonValue")] vectors: JsValue,
    filter: Option<String>,
) -> Result<JsValue, JsValue> {
    let vectors = from_js(vectors)?;
    api::test_codec(script, &vectors, filter.as_deref()).map(|v| to_js(&v)).map_err(thrown)
}

/// A thing model — a TSL or ThingModelJson document, or the model and its custom modules — read,
/// validated and indexed once, then checked against any number of Alink messages (what
/// `checkData` does for one).
#[wasm_bindgen]
#[derive(Debug)]
pub struct DataModel {
    inner: api::DataModel,
}

#[wasm_bindgen]
impl DataModel {
    /// Reads and validates `model`. Throws `ThingkitError` when a document is invalid: the code
    /// of its first error, with all the `diagnostics`.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "ModelInput")] model: JsValue) -> Result<DataModel, JsValue> {
        let model = from_js(model)?;
        api::DataModel::compile(model).map(|inner| DataModel { inner }).map_err(thrown)
    }

    /// Checks an Alink message (an object or its text) at a `ValidateType` level (default
    /// `"weak"`, the platform's), as `checkData` does.
    #[wasm_bindgen(unchecked_return_type = "DataCheckResult")]
    pub fn check(
        &self,
        #[wasm_bindgen(unchecked_param_type = "JsonObject | string")] message: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Level")] level: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let message = from_js(message)?;
        self.inner.check(message, level.as_deref().unwrap_or(api::DEFAULT_LEVEL)).map(|v| to_js(&v)).map_err(thrown)
    }
}

/// A data-parsing script (Alibaba's `rawDataToProtocol`/`protocolToRawData`/`transformPayload`,
/// or LoRaWAN's `decodeUplink`/`encodeDownlink`), compiled once, then run for any number of
/// messages in a sandbox with hard limits; no state survives from one message to the next.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Codec {
    inner: api::Codec,
}

#[wasm_bindgen]
impl Codec {
    /// Compiles `script`. Throws `ThingkitError` for a syntax error (with its line and column),
    /// a script without any of the conventions' functions, or an unknown option.
    #[wasm_bindgen(constructor)]
    pub fn new(
        script: &str,
        #[wasm_bindgen(unchecked_optional_param_type = "CodecOptions")] options: Option<JsValue>,
    ) -> Result<Codec, JsValue> {
        let options = optional(options)?;
        api::Codec::compile(script, &options).map(|inner| Codec { inner }).map_err(thrown)
    }

    /// The conventions' functions the script defines.
    #[wasm_bindgen(getter)]
    pub fn entrypoints(&self) -> Vec<String> {
        self.inner.entry_points()
    }

    /// Device bytes to the routine's result (an Alink message; TS013's whole `{data,
    /// warnings?}`; `decodeDownlink`'s with `downlink`). Throws `ThingkitError` when the script
    /// fails or breaks a limit.
    #[wasm_bindgen(unchecked_return_type = "JsonValue")]
    pub fn decode(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Bytes")] bytes: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "DecodeOptions")] input: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let bytes = bytes_from_js(&bytes)?;
        let input = optional(input)?;
        self.inner.decode(&bytes, &input).map(|v| to_js(&v)).map_err(thrown)
    }

    /// Many payloads with the same options, in one call: `[{result} | {error}]`, one per payload
    /// in order; each is a call of its own under the codec's limits, and one that fails does
    /// not stop the others (a payload that is not `Bytes` is a TK0008 in its place). Throws
    /// `ThingkitError` only when `payloads` is not an array or the options are not
    /// `DecodeOptions`.
    #[wasm_bindgen(js_name = decodeBatch, unchecked_return_type = "BatchOutcome[]")]
    pub fn decode_batch(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Bytes[]")] payloads: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "DecodeOptions")] input: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let Some(list) = payloads.dyn_ref::<js_sys::Array>() else {
            return Err(thrown(api::bad_argument("the payloads must be an array of Bytes")));
        };
        let input = optional(input)?;
        let payloads: Vec<Result<Vec<u8>, thingkit::json::ErrorFields>> = list.iter().map(|item| read_bytes(&item)).collect();
        let outcomes = self.inner.decode_many(payloads.iter().map(|p| p.as_deref().map_err(Clone::clone)), &input).map_err(thrown)?;
        let out = js_sys::Array::new();
        for outcome in outcomes {
            let (key, value) = match outcome {
                Ok(result) => ("result", result),
                Err(error) => ("error", error.to_value()),
            };
            let entry = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&entry, &JsValue::from_str(key), &to_js(&value));
            out.push(&entry);
        }
        Ok(out.into())
    }

    /// The Things Stack's `normalizeUplink({data})` on decoded `data`: its result, with the
    /// normalized-payload vocabulary's violations added to `warnings`.
    #[wasm_bindgen(unchecked_return_type = "JsonObject")]
    pub fn normalize(&mut self, #[wasm_bindgen(unchecked_param_type = "JsonValue")] data: JsValue) -> Result<JsValue, JsValue> {
        let data = from_js(data)?;
        self.inner.normalize(&data).map(|v| to_js(&v)).map_err(thrown)
    }

    /// A message (JSON) to device bytes; `fPort` is the LoRaWAN port for `encodeDownlink`.
    pub fn encode(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "JsonValue")] message: JsValue,
        #[wasm_bindgen(js_name = fPort)] f_port: Option<u8>,
    ) -> Result<Vec<u8>, JsValue> {
        let message = from_js(message)?;
        let options = api::EncodeOptions { f_port, ..api::EncodeOptions::default() };
        self.inner.encoded(&message, &options).map(|out| out.bytes).map_err(thrown)
    }

    /// A message to device bytes with everything the routine returned: `{bytes, fPort?,
    /// warnings}`; with `whole`, `message` is `encodeDownlink`'s whole input object.
    #[wasm_bindgen(js_name = encodeResult, unchecked_return_type = "Encoded")]
    pub fn encode_result(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "JsonValue")] message: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "EncodeOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let message = from_js(message)?;
        let options = optional(options)?;
        self.inner.encode(&message, &options).map(|v| to_js(&v)).map_err(thrown)
    }

    /// What the last call logged through `console`, in order: `[{level, message}]`.
    #[wasm_bindgen(getter, unchecked_return_type = "LogLine[]")]
    pub fn logs(&self) -> JsValue {
        to_js(&self.inner.logs())
    }
}

/// Plain JavaScript objects (not `Map`s), integers as numbers.
fn to_js(value: &Value) -> JsValue {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}

fn from_js(value: JsValue) -> Result<Value, JsValue> {
    serde_wasm_bindgen::from_value(value).map_err(|e| thrown(api::bad_argument(format!("not a JSON value: {e}"))))
}

/// An optional argument: absent, `undefined` and `null` are all "none given".
fn optional(value: Option<JsValue>) -> Result<Value, JsValue> {
    match value {
        Some(value) if !value.is_undefined() && !value.is_null() => from_js(value),
        _ => Ok(Value::Null),
    }
}

fn bytes_from_js(value: &JsValue) -> Result<Vec<u8>, JsValue> {
    read_bytes(value).map_err(thrown)
}

/// `Bytes` (a `Uint8Array` or numbers 0-255), or why the value is not.
fn read_bytes(value: &JsValue) -> Result<Vec<u8>, thingkit::json::ErrorFields> {
    if let Some(array) = value.dyn_ref::<js_sys::Uint8Array>() {
        return Ok(array.to_vec());
    }
    let numbers: Value =
        serde_wasm_bindgen::from_value(value.clone()).map_err(|e| api::bad_argument(format!("not a JSON value: {e}")))?;
    api::bytes_from_numbers(&numbers)
}

/// The one place a failure becomes a JavaScript error: `ThingkitError` with every field of the
/// shared error shape as a property.
fn thrown(error: thingkit::json::ErrorFields) -> JsValue {
    let js = js_sys::Error::new(&error.message);
    js.set_name("ThingkitError");
    if let Value::Object(fields) = error.to_value() {
        for (key, value) in fields {
            if key != "message" {
                let _ = js_sys::Reflect::set(&js, &JsValue::from_str(&key), &to_js(&value));
            }
        }
    }
    js.into()
}
