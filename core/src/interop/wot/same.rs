//! WoT → WoT: a Thing Model or Thing Description converted to its own format is the document
//! itself, in canonical form (its own key order, pretty-printed). It does not go through the
//! internal model, which holds what every format can say: a Thing Description stays one, its
//! `id`, forms, security, multilingual texts, data-schema terms and extension terms stay as
//! written, and the report says every affordance and member was carried exactly.

use super::super::fidelity::Fidelity;
use crate::format::Format;
use crate::model::wot::Ordered;
use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Number, Value};
use std::fmt;

/// The (validated) document `text`, whose parsed value is `value`, as its own canonical form.
/// Its elements (affordances, parameters, members: those the internal model's reader reports,
/// so that the report has the same shape as any conversion's) are each reported exact.
///
/// # Errors
/// When the text is not JSON or the document does not read as a WoT document.
pub(crate) fn as_is(text: &str, value: &Value, fidelity: &mut Fidelity) -> Result<String, serde_json::Error> {
    let mut read = Fidelity::default();
    super::super::read_other(text, value, Format::Wot, &mut read)?;
    *fidelity = read.elements_only();
    let document: InOrder = serde_json::from_str(text)?;
    serde_json::to_string_pretty(&document)
}

/// A JSON value whose objects keep the text's key order (a [`Value`]'s are sorted).
#[derive(Debug, Clone, PartialEq)]
enum InOrder {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<InOrder>),
    Object(Ordered<InOrder>),
}

impl Serialize for InOrder {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            InOrder::Null => s.serialize_unit(),
            InOrder::Bool(b) => s.serialize_bool(*b),
            InOrder::Number(n) => n.serialize(s),
            InOrder::String(text) => s.serialize_str(text),
            InOrder::Array(items) => items.serialize(s),
            InOrder::Object(entries) => entries.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for InOrder {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Any;
        impl<'de> Visitor<'de> for Any {
            type Value = InOrder;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_unit<E>(self) -> Result<InOrder, E> {
                Ok(InOrder::Null)
            }
            fn visit_none<E>(self) -> Result<InOrder, E> {
                Ok(InOrder::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<InOrder, D::Error> {
                InOrder::deserialize(d)
            }
            fn visit_bool<E>(self, b: bool) -> Result<InOrder, E> {
                Ok(InOrder::Bool(b))
            }
            fn visit_i64<E>(self, n: i64) -> Result<InOrder, E> {
                Ok(InOrder::Number(n.into()))
            }
            fn visit_u64<E>(self, n: u64) -> Result<InOrder, E> {
                Ok(InOrder::Number(n.into()))
            }
            fn visit_f64<E>(self, n: f64) -> Result<InOrder, E> {
                // JSON text has no NaN or infinity.
                Ok(Number::from_f64(n).map_or(InOrder::Null, InOrder::Number))
            }
            fn visit_str<E>(self, text: &str) -> Result<InOrder, E> {
                Ok(InOrder::String(text.to_string()))
            }
            fn visit_string<E>(self, text: String) -> Result<InOrder, E> {
                Ok(InOrder::String(text))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<InOrder, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(InOrder::Array(items))
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<InOrder, M::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, InOrder>()? {
                    entries.push(entry);
                }
                Ok(InOrder::Object(Ordered(entries)))
            }
        }
        d.deserialize_any(Any)
    }
}
