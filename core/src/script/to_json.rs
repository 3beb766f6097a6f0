//! A script's result as JSON, read straight from the engine's values: `JSON.stringify`'s rules
//! (own enumerable string keys in order, `toJSON` and dates, `undefined` members dropped — or
//! `null`, as The Things Stack gives them, with [`Members::UndefinedAsNull`] — and `undefined`
//! items as `null`), integral numbers as JSON integers, typed arrays and buffers as
//! byte lists, and an error — never a silent `null` — for NaN, Infinity, functions, symbols,
//! BigInt and cycles. Doing this here rather than through `JSON.stringify` with a replacer saves
//! a JavaScript call per value and a parse of the text.

use super::engine::Members;
use super::error::ScriptError;
use boa_engine::builtins::object::OrdinaryObject;
use boa_engine::object::builtins::{JsArrayBuffer, JsDataView, JsDate, JsTypedArray};
use boa_engine::property::PropertyKey;
use boa_engine::value::JsVariant;
use boa_engine::{Context, JsObject, JsString, JsValue, js_string};
use boa_string::JsStrVariant;
use serde_json::{Map, Number, Value};

/// Deepest nesting a result may have (the platform's own models nest far less).
const MAX_DEPTH: usize = 128;

/// Converts `value`; `None` for `undefined`. `max_bytes` bounds the JSON text it would make.
pub(super) fn to_json(value: &JsValue, context: &mut Context, max_bytes: usize, members: Members) -> Result<Option<Value>, ScriptError> {
    let mut walker = Walker { context, stack: Vec::new(), size: 0, max_bytes, members };
    walker.value(value, None)
}

struct Walker<'c> {
    context: &'c mut Context,
    /// Objects being converted, outermost first: a repeat is a cycle.
    stack: Vec<JsObject>,
    /// JSON bytes so far (an estimate a little under the real text, for stopping early).
    size: usize,
    max_bytes: usize,
    members: Members,
}

fn engine(e: impl std::fmt::Display) -> ScriptError {
    ScriptError::Engine { message: e.to_string() }
}

impl Walker<'_> {
    fn grow(&mut self, bytes: usize) -> Result<(), ScriptError> {
        self.size += bytes;
        if self.size > self.max_bytes {
            return Err(ScriptError::OutputTooLarge { size: self.size, limit: self.max_bytes });
        }
        Ok(())
    }

    fn not_json(what: &str, key: Option<&str>) -> ScriptError {
        ScriptError::NotJson { what: what.into(), key: key.map(str::to_string) }
    }

    fn value(&mut self, value: &JsValue, key: Option<&str>) -> Result<Option<Value>, ScriptError> {
        Ok(Some(match value.variant() {
            JsVariant::Undefined => return Ok(None),
            JsVariant::Null => {
                self.grow(4)?;
                Value::Null
            }
            JsVariant::Boolean(b) => {
                self.grow(5)?;
                Value::Bool(b)
            }
            JsVariant::Integer32(n) => {
                self.grow(4)?;
                Value::from(n)
            }
            JsVariant::Float64(x) => {
                self.grow(8)?;
                number(x).ok_or_else(|| Self::not_json(if x.is_nan() { "NaN" } else { "Infinity" }, key))?
            }
            JsVariant::String(s) => {
                let text = text(&s);
                self.grow(text.len() + 2)?;
                Value::String(text)
            }
            JsVariant::BigInt(_) => return Err(Self::not_json("a BigInt", key)),
            JsVariant::Symbol(_) => return Err(Self::not_json("a symbol", key)),
            JsVariant::Object(object) => return self.object(&object, key),
        }))
    }

    fn object(&mut self, object: &JsObject, key: Option<&str>) -> Result<Option<Value>, ScriptError> {
        if object.is_callable() {
            return Err(Self::not_json("a function", key));
        }
        if self.stack.iter().any(|o| JsObject::equals(o, object)) {
            return Err(Self::not_json("a cycle", key));
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(Self::not_json(&format!("nesting deeper than {MAX_DEPTH}"), key));
        }
        // Plain objects and arrays, nearly every value a script returns, are neither dates nor
        // bytes, and need no toJSON call when no object on their prototype chain has one.
        let plain = object.is::<OrdinaryObject>() || object.is_array();
        // Dates, and anything else with a toJSON method, stand for what it returns.
        if !plain && let Ok(date) = JsDate::from_object(object.clone()) {
            let v = date.to_json(self.context).map_err(engine)?;
            return self.value(&v, key);
        }
        if !(plain && self.has_no_to_json(object)) {
            let to_json = object.get(js_string!("toJSON"), self.context).map_err(engine)?;
            if let Some(f) = to_json.as_callable() {
                let key_value = JsValue::from(js_string!(key.unwrap_or("")));
                let v = f.call(&JsValue::from(object.clone()), &[key_value], self.context).map_err(engine)?;
                return self.value(&v, key);
            }
        }
        if !plain && let Some(bytes) = self.bytes(object)? {
            return Ok(Some(bytes));
        }
        self.stack.push(object.clone());
        let result = if object.is_array() { self.array(object) } else { self.members(object) };
        self.stack.pop();
        result.map(Some)
    }

    /// Whether a plain object or array surely has no `toJSON`: no ordinary object on its
    /// prototype chain (scripts may add one to `Object.prototype`) holds the key. Anything else
    /// on the chain (a Proxy) takes the general path.
    fn has_no_to_json(&mut self, object: &JsObject) -> bool {
        let key = js_string!("toJSON").into();
        let mut current = Some(object.clone());
        let mut depth = 0;
        while let Some(o) = current {
            if depth > 0 && !(o.is::<OrdinaryObject>() || o.is_array()) || depth > 8 {
                return false;
            }
            let borrowed = o.borrow();
            if borrowed.properties().contains_key(&key) {
                return false;
            }
            current = borrowed.prototype();
            depth += 1;
        }
        true
    }

    /// Typed arrays, ArrayBuffers and DataViews as lists of numbers.
    fn bytes(&mut self, object: &JsObject) -> Result<Option<Value>, ScriptError> {
        let list = if let Ok(typed) = JsTypedArray::from_object(object.clone()) {
            let n = typed.length(self.context).map_err(engine)?;
            self.grow(n * 2)?;
            let mut items = Vec::with_capacity(n);
            for i in 0..n {
                let v = typed.get(i, self.context).map_err(engine)?;
                items.push(self.value(&v, None)?.unwrap_or(Value::Null));
            }
            items
        } else if let Ok(buffer) = JsArrayBuffer::from_object(object.clone()) {
            let data = buffer.data().map(|d| d.to_vec()).unwrap_or_default();
            self.grow(data.len() * 2)?;
            data.into_iter().map(Value::from).collect()
        } else if let Ok(view) = JsDataView::from_object(object.clone()) {
            let buffer = view.buffer(self.context).map_err(engine)?;
            let offset = view.byte_offset(self.context).map_err(engine)? as usize;
            let length = view.byte_length(self.context).map_err(engine)? as usize;
            let data = buffer
                .as_object()
                .and_then(|b| JsArrayBuffer::from_object(b).ok())
                .and_then(|b| b.data().map(|d| d.get(offset..offset + length).map(<[u8]>::to_vec)))
                .flatten()
                .unwrap_or_default();
            self.grow(data.len() * 2)?;
            data.into_iter().map(Value::from).collect()
        } else {
            return Ok(None);
        };
        Ok(Some(Value::Array(list)))
    }

    fn array(&mut self, array: &JsObject) -> Result<Value, ScriptError> {
        let length = array.get(js_string!("length"), self.context).map_err(engine)?.as_number().unwrap_or(0.0) as u64;
        self.grow(2)?;
        let mut items = Vec::new();
        for i in 0..length {
            self.grow(1)?;
            let v = array.get(i, self.context).map_err(engine)?;
            items.push(self.value(&v, None)?.unwrap_or(Value::Null));
        }
        Ok(Value::Array(items))
    }

    fn members(&mut self, object: &JsObject) -> Result<Value, ScriptError> {
        self.grow(2)?;
        let mut map = Map::new();
        for property in object.own_property_keys(self.context).map_err(engine)? {
            let name = match &property {
                PropertyKey::String(s) => text(s),
                PropertyKey::Index(i) => i.get().to_string(),
                PropertyKey::Symbol(_) => continue,
            };
            let descriptor = object.borrow().properties().get(&property);
            let Some(descriptor) = descriptor.filter(|d| d.enumerable() == Some(true)) else { continue };
            // A data property is read as stored; an accessor runs its getter, as JSON.stringify does.
            let v = match descriptor.value() {
                Some(v) => v.clone(),
                None => object.get(property.clone(), self.context).map_err(engine)?,
            };
            self.grow(name.len() + 4)?;
            match self.value(&v, Some(&name))? {
                Some(item) => {
                    map.insert(name, item);
                }
                None if self.members == Members::UndefinedAsNull => {
                    map.insert(name, Value::Null);
                }
                None => {}
            }
        }
        Ok(Value::Object(map))
    }
}

/// A string's text: a direct copy when it is Latin-1 (nearly always), the escaped form
/// (`\uD800`) for an unpaired surrogate, which no JSON parser can represent otherwise.
fn text(s: &JsString) -> String {
    match s.as_str().variant() {
        JsStrVariant::Latin1(bytes) => match std::str::from_utf8(bytes) {
            Ok(ascii) if bytes.is_ascii() => ascii.to_owned(),
            _ => bytes.iter().map(|&b| char::from(b)).collect(),
        },
        JsStrVariant::Utf16(units) => String::from_utf16(units).unwrap_or_else(|_| s.to_std_string_escaped()),
    }
}

/// A finite number as JSON: integral values within 2^53 as integers (`50`, never `50.0`).
fn number(x: f64) -> Option<Value> {
    if !x.is_finite() {
        return None;
    }
    if x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0 {
        return Some(Value::from(x as i64));
    }
    Number::from_f64(x).map(Value::Number)
}
