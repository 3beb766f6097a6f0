//! Simple TSL (`Simple=true`): what device developers need — each feature's and parameter's
//! identifier and data type (struct members and array items kept, labels and ranges left out),
//! and each event's and service's method.

use crate::model::data_type::DataType;
use crate::model::tsl::{InputItem, Param};
use crate::model::Tsl;
use serde_json::{Map, Value, json};

pub(super) fn from_tsl(tsl: &Tsl) -> Value {
    let mut doc = Map::new();
    if let Some(url) = &tsl.schema_url {
        doc.insert("schema".into(), json!(url));
    }
    doc.insert("profile".into(), serde_json::to_value(&tsl.profile).unwrap_or_default());
    if let Some(id) = &tsl.function_block_id {
        doc.insert("functionBlockId".into(), json!(id));
    }
    let properties: Vec<Value> =
        tsl.properties.iter().map(|p| json!({"identifier": p.identifier, "dataType": data_type(&p.data_type)})).collect();
    let events: Vec<Value> = tsl
        .events
        .iter()
        .map(|e| json!({"identifier": e.identifier, "method": e.method, "outputData": params(e.output_data.iter())}))
        .collect();
    let services: Vec<Value> = tsl
        .services
        .iter()
        .map(|s| {
            let input: Vec<Value> = s
                .input_data
                .iter()
                .map(|i| match i {
                    InputItem::Param(p) => param(p),
                    InputItem::Identifier(id) => json!(id),
                })
                .collect();
            json!({"identifier": s.identifier, "method": s.method, "inputData": input, "outputData": params(s.output_data.iter())})
        })
        .collect();
    doc.insert("properties".into(), Value::Array(properties));
    doc.insert("events".into(), Value::Array(events));
    doc.insert("services".into(), Value::Array(services));
    Value::Object(doc)
}

fn params<'a>(list: impl Iterator<Item = &'a Param>) -> Vec<Value> {
    list.map(param).collect()
}

fn param(p: &Param) -> Value {
    json!({"identifier": p.identifier, "dataType": data_type(&p.data_type)})
}

fn data_type(dt: &DataType) -> Value {
    let ty = dt.name().tsl();
    match dt {
        DataType::Struct(members) => json!({
            "type": ty,
            "specs": members.iter().map(|m| json!({"identifier": m.identifier, "dataType": data_type(&m.data_type)})).collect::<Vec<_>>()
        }),
        DataType::Array(a) => {
            let mut specs = Map::new();
            if let Some(size) = &a.size {
                specs.insert("size".into(), json!(size));
            }
            specs.insert("item".into(), data_type(&a.item));
            json!({"type": ty, "specs": specs})
        }
        _ => json!({"type": ty}),
    }
}
