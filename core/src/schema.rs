//! The JSON Schemas (draft-07) generated from the model types. `schemas/` holds them for
//! editors; validation runs its structural checks against the same schemas.

use crate::format::Format;
use crate::model::{ExtendConfigDocument, ThingModelJson, Tsl};
use schemars::generate::SchemaSettings;
use serde_json::Value;
use std::sync::OnceLock;

/// Generates a format's JSON Schema (draft-07); a simple TSL's is the TSL's.
pub fn generate(format: Format) -> Value {
    let generator = SchemaSettings::draft07().into_generator();
    let schema = match format.read_as() {
        Format::Tsl | Format::SimpleTsl => generator.into_root_schema_for::<Tsl>(),
        Format::ThingModelJson => generator.into_root_schema_for::<ThingModelJson>(),
        Format::ExtendConfig => generator.into_root_schema_for::<ExtendConfigDocument>(),
        Format::Tencent => generator.into_root_schema_for::<crate::model::DataTemplate>(),
        Format::Huawei => generator.into_root_schema_for::<crate::model::HuaweiProductModel>(),
        Format::Wot => generator.into_root_schema_for::<crate::model::WotThingModel>(),
    };
    let mut value = schema.to_value();
    // The additions below name Alibaba's definitions; other formats' types may share the names.
    if format.is_other_platform() {
        return value;
    }
    for (definition, fields) in REQUIRED {
        require(&mut value, definition, fields);
    }
    for (definition, alias, canonical) in ALIASES {
        add_alias(&mut value, definition, alias, canonical);
    }
    value
}

/// Other spellings serde reads (`#[serde(alias)]`), described so that editors accept them too.
const ALIASES: &[(&str, &str, &str)] = &[("TmjEvent", "outputData", "outputdata"), ("DataSpecs", "precision", "precise")];

fn add_alias(schema: &mut Value, definition: &str, alias: &str, canonical: &str) {
    let Some(props) = schema.pointer_mut(&format!("/definitions/{definition}/properties")).and_then(Value::as_object_mut) else {
        return;
    };
    let Some(mut property) = props.get(canonical).cloned() else {
        return;
    };
    if let Some(obj) = property.as_object_mut() {
        obj.insert(
            "description".into(),
            Value::String(format!("Also read as `{canonical}`; written as `{canonical}`. / 等同 `{canonical}`。")),
        );
    }
    props.insert(alias.to_string(), property);
}

/// Fields the formats require although serde reads them with a default (so that a simple TSL,
/// which leaves them out, still reads). The schema states the full format.
const REQUIRED: &[(&str, &[&str])] = &[
    ("Property", &["name", "accessMode", "required"]),
    ("Event", &["name", "type", "required", "method"]),
    ("Service", &["name", "required", "callType", "method"]),
    ("Param", &["name"]),
    ("StructMember", &["name"]),
    // `step` is left out by older exports: a rule warns (TK2024) instead.
    ("NumberSpecs", &["min", "max"]),
    ("TextSpecs", &["length"]),
    ("ArraySpecs", &["size"]),
    ("TmjProperty", &["required", "custom"]),
    ("TmjService", &["required", "custom"]),
    ("TmjEvent", &["required", "custom"]),
];

fn require(schema: &mut Value, definition: &str, fields: &[&str]) {
    let Some(def) = schema.pointer_mut(&format!("/definitions/{definition}")).and_then(Value::as_object_mut) else {
        return;
    };
    let present: Vec<String> = def.get("properties").and_then(Value::as_object).map(|p| p.keys().cloned().collect()).unwrap_or_default();
    let required = def.entry("required").or_insert_with(|| Value::Array(Vec::new()));
    if let Some(list) = required.as_array_mut() {
        for field in fields.iter().filter(|f| present.iter().any(|p| p == *f)) {
            if !list.iter().any(|v| v == *field) {
                list.push(Value::String((*field).to_string()));
            }
        }
    }
}

/// A schema as the pretty-printed text committed under `schemas/` (ending in a newline).
pub fn to_text(format: Format) -> String {
    let mut text = serde_json::to_string_pretty(&generate(format)).unwrap_or_default();
    text.push('\n');
    text
}

/// The compiled validator of a schema, built once per process.
pub(crate) fn validator(format: Format) -> &'static jsonschema::Validator {
    static CELLS: [OnceLock<jsonschema::Validator>; Format::ALL.len()] = [const { OnceLock::new() }; Format::ALL.len()];
    let format = format.read_as();
    let index = Format::ALL.iter().position(|n| *n == format).unwrap_or(0);
    CELLS[index].get_or_init(|| {
        // The schemas are generated from our own types; a failure here is a bug caught by
        // the schema tests, not something input can cause.
        jsonschema::draft7::new(&generate(format)).expect("generated schema compiles")
    })
}
