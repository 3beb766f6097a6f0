//! The JSON Schemas (draft-07) generated from the model types. `schemas/` holds them for
//! editors; validation runs its structural checks against the same schemas.

use crate::model::{ExtendConfigDocument, ThingModelJson, Tsl};
use schemars::generate::SchemaSettings;
use serde_json::Value;
use std::sync::OnceLock;

/// The schemas thingkit publishes.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), serde(rename_all = "kebab-case"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SchemaName {
    /// `tsl.schema.json`
    Tsl,
    /// `thing-model-json.schema.json`
    ThingModelJson,
    /// `extend-config.schema.json`
    ExtendConfig,
    /// `tencent.schema.json`
    Tencent,
    /// `huawei.schema.json`
    Huawei,
    /// `wot.schema.json`
    Wot,
}

impl SchemaName {
    /// Every schema.
    pub const ALL: [SchemaName; 6] =
        [SchemaName::Tsl, SchemaName::ThingModelJson, SchemaName::ExtendConfig, SchemaName::Tencent, SchemaName::Huawei, SchemaName::Wot];

    /// The name used on the command line: `tsl`, `thing-model-json`, `extend-config`.
    pub fn as_str(self) -> &'static str {
        match self {
            SchemaName::Tsl => "tsl",
            SchemaName::ThingModelJson => "thing-model-json",
            SchemaName::ExtendConfig => "extend-config",
            SchemaName::Tencent => "tencent",
            SchemaName::Huawei => "huawei",
            SchemaName::Wot => "wot",
        }
    }

    /// Reads a command-line name.
    pub fn parse(s: &str) -> Option<SchemaName> {
        SchemaName::ALL.into_iter().find(|n| n.as_str() == s)
    }

    /// The file name under `schemas/`.
    pub fn file_name(self) -> String {
        format!("{}.schema.json", self.as_str())
    }
}

/// Generates a schema.
pub fn generate(name: SchemaName) -> Value {
    let generator = SchemaSettings::draft07().into_generator();
    let schema = match name {
        SchemaName::Tsl => generator.into_root_schema_for::<Tsl>(),
        SchemaName::ThingModelJson => generator.into_root_schema_for::<ThingModelJson>(),
        SchemaName::ExtendConfig => generator.into_root_schema_for::<ExtendConfigDocument>(),
        SchemaName::Tencent => generator.into_root_schema_for::<crate::model::DataTemplate>(),
        SchemaName::Huawei => generator.into_root_schema_for::<crate::model::HuaweiProductModel>(),
        SchemaName::Wot => generator.into_root_schema_for::<crate::model::WotThingModel>(),
    };
    let mut value = schema.to_value();
    // The additions below name Alibaba's definitions; other formats' types may share the names.
    if matches!(name, SchemaName::Tencent | SchemaName::Huawei | SchemaName::Wot) {
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
    ("NumberSpecs", &["min", "max", "step"]),
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
pub fn to_text(name: SchemaName) -> String {
    let mut text = serde_json::to_string_pretty(&generate(name)).unwrap_or_default();
    text.push('\n');
    text
}

/// The compiled validator of a schema, built once per process.
pub(crate) fn validator(name: SchemaName) -> &'static jsonschema::Validator {
    static CELLS: [OnceLock<jsonschema::Validator>; SchemaName::ALL.len()] = [const { OnceLock::new() }; SchemaName::ALL.len()];
    let index = SchemaName::ALL.iter().position(|n| *n == name).unwrap_or(0);
    CELLS[index].get_or_init(|| {
        // The schemas are generated from our own types; a failure here is a bug caught by
        // the schema tests, not something input can cause.
        jsonschema::draft7::new(&generate(name)).expect("generated schema compiles")
    })
}
