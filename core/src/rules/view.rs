//! A format-neutral view of a data type, so that TSL and ThingModelJson share one set of
//! type rules: each format's walker builds [`TypeView`]s, `rules` checks them.

use crate::diagnostic::join;
use crate::model::TypeName;
use serde_json::Value;

/// A value in the document and where it is.
#[derive(Debug, Clone)]
pub(crate) struct Field<'a> {
    pub value: &'a Value,
    pub ptr: String,
}

impl<'a> Field<'a> {
    /// The member `key` of the object at `ptr`, if present.
    pub fn member(obj: &'a Value, ptr: &str, key: &str) -> Option<Field<'a>> {
        obj.get(key).map(|value| Field { value, ptr: join(ptr, key) })
    }

    /// The value as text: strings as they are, numbers as written.
    pub fn text(&self) -> Option<String> {
        match self.value {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
}

/// An enum or bool value and its label.
#[derive(Debug)]
pub(crate) struct Label<'a> {
    /// Pointer of the label's entry (a TSL specs member, a ThingModelJson `dataSpecsList` item).
    pub ptr: String,
    /// The key as text (TSL: the object key; ThingModelJson: `value`).
    pub key: Option<String>,
    pub key_ptr: String,
    pub name: Option<Field<'a>>,
}

/// A struct member.
#[derive(Debug)]
pub(crate) struct Member<'a> {
    /// Pointer of the member itself.
    pub ptr: String,
    pub identifier: Option<Field<'a>>,
    pub name: Option<Field<'a>>,
    pub ty: TypeView<'a>,
}

/// What the rules need of a data type, wherever it was written.
#[derive(Debug, Default)]
pub(crate) struct TypeView<'a> {
    /// Pointer of the specs (`…/dataType/specs`, `…/dataSpecs` or `…/dataSpecsList`).
    pub specs_ptr: String,
    /// Pointer of the type's name (`…/dataType/type` or `…/dataType`).
    pub type_ptr: String,
    pub kind: Option<TypeName>,
    /// Whether specs were given at all (a simple TSL leaves them out).
    pub has_specs: bool,
    pub min: Option<Field<'a>>,
    pub max: Option<Field<'a>>,
    pub step: Option<Field<'a>>,
    pub default_value: Option<Field<'a>>,
    pub length: Option<Field<'a>>,
    pub size: Option<Field<'a>>,
    pub labels: Vec<Label<'a>>,
    pub members: Vec<Member<'a>>,
    pub item: Option<Box<TypeView<'a>>>,
}

/// Elements of an array member with their pointers (nothing when absent or not an array).
pub(crate) fn elements<'a>(obj: &'a Value, ptr: &str, key: &str) -> Vec<(String, &'a Value)> {
    match obj.get(key) {
        Some(Value::Array(items)) => {
            let list = join(ptr, key);
            items.iter().enumerate().map(|(i, v)| (join(&list, i), v)).collect()
        }
        _ => Vec::new(),
    }
}
