//! wasm-bindgen adapter over the thingkit core for web consoles and Node: parse input, call core,
//! serialize, and map every failure in one helper ([`thrown`]) to a JavaScript `Error` named
//! `ThingkitError` with a stable `code` (and `line`, `column`, `platformCode`, `diagnostics` when
//! known). The answers are the CLI's JSON shapes (`thingkit::json`), as plain objects.
//!
//! Everything that does not touch JavaScript lives in [`api`], so native tests cover it.

pub mod api;

use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

/// Validates a TSL or ThingModelJson document (the kind is told by the content):
/// `{kind, valid, diagnostics}`.
#[wasm_bindgen]
pub fn validate(text: &str) -> JsValue {
    to_js(&api::validate(text))
}

/// Converts a document to `tsl`, `thing-model-json`, `simple-tsl` or `extend-config`:
/// `{document, diagnostics}`. Throws `ThingkitError` (with all the `diagnostics` when the
/// document has errors).
#[wasm_bindgen]
pub fn convert(text: &str, to: &str) -> Result<JsValue, JsValue> {
    api::convert(text, to).map(|v| to_js(&v)).map_err(thrown)
}

/// A JSON Schema: `tsl`, `thing-model-json` or `extend-config`.
#[wasm_bindgen]
pub fn schema(name: &str) -> Result<JsValue, JsValue> {
    api::schema(name).map(|v| to_js(&v)).map_err(thrown)
}

/// Checks an Alink message against a TSL (an object or its text, or a list with custom modules)
/// at a `ValidateType` level (`strong`, `weak`, `none`): `{level, failures, passed}`.
#[wasm_bindgen(js_name = checkData)]
pub fn check_data(model: JsValue, message: JsValue, level: &str) -> Result<JsValue, JsValue> {
    let model = from_js(model)?;
    let message = from_js(message)?;
    api::check_data(model, message, level).map(|v| to_js(&v)).map_err(thrown)
}

/// A data-parsing script, compiled once, then run for any number of messages.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Codec {
    inner: api::Codec,
}

#[wasm_bindgen]
impl Codec {
    /// Compiles `script`. `options`: `{unsignedBytes, timeLimitMs, stepBudget, recursionLimit,
    /// loopIterationLimit, deterministic: {nowMs, seed}}`, each optional.
    #[wasm_bindgen(constructor)]
    pub fn new(script: &str, options: JsValue) -> Result<Codec, JsValue> {
        let options = if options.is_undefined() || options.is_null() { Value::Null } else { from_js(options)? };
        api::Codec::compile(script, &options).map(|inner| Codec { inner }).map_err(thrown)
    }

    /// The conventions' functions the script defines.
    #[wasm_bindgen(getter)]
    pub fn entrypoints(&self) -> Vec<String> {
        self.inner.entry_points()
    }

    /// Device bytes (`Uint8Array` or numbers 0-255) to the script's JSON; `input` is
    /// `{topic?, fPort?}` (a custom topic goes to `transformPayload`).
    pub fn decode(&mut self, bytes: JsValue, input: JsValue) -> Result<JsValue, JsValue> {
        let bytes = bytes_from_js(&bytes)?;
        let input = if input.is_undefined() || input.is_null() { Value::Null } else { from_js(input)? };
        self.inner.decode(&bytes, &input).map(|v| to_js(&v)).map_err(thrown)
    }

    /// A message to device bytes.
    pub fn encode(&mut self, message: JsValue, f_port: Option<u8>) -> Result<Vec<u8>, JsValue> {
        let message = from_js(message)?;
        self.inner.encode(&message, f_port).map_err(thrown)
    }
}

/// Plain JavaScript objects (not `Map`s), integers as numbers.
fn to_js(value: &Value) -> JsValue {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}

fn from_js(value: JsValue) -> Result<Value, JsValue> {
    serde_wasm_bindgen::from_value(value).map_err(|e| thrown(api::bad_argument(format!("not a JSON value: {e}"))))
}

fn bytes_from_js(value: &JsValue) -> Result<Vec<u8>, JsValue> {
    if let Some(array) = value.dyn_ref::<js_sys::Uint8Array>() {
        return Ok(array.to_vec());
    }
    let numbers: Value = from_js(value.clone())?;
    api::bytes_from_numbers(&numbers).map_err(thrown)
}

/// The one place a failure becomes a JavaScript error: `ThingkitError` with every field of the
/// shared error shape as a property.
fn thrown(error: Value) -> JsValue {
    let message = error["message"].as_str().unwrap_or("thingkit failed");
    let js = js_sys::Error::new(message);
    js.set_name("ThingkitError");
    if let Value::Object(fields) = &error {
        for (key, value) in fields {
            if key != "message" {
                let _ = js_sys::Reflect::set(&js, &JsValue::from_str(key), &to_js(value));
            }
        }
    }
    js.into()
}
