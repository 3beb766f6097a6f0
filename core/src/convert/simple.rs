//! Simple TSL (`Simple=true`): what device developers need — each feature's and parameter's
//! identifier and data type (struct members and array items kept, labels and ranges left out),
//! and each event's and service's method.

use crate::model::Tsl;
use crate::model::data_type::DataType;
use crate::model::tsl::{InputItem, Param, Profile};
use serde::Serialize;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SimpleTsl<'a> {
    #[serde(rename = "schema", skip_serializing_if = "Option::is_none")]
    schema_url: Option<&'a str>,
    profile: &'a Profile,
    #[serde(skip_serializing_if = "Option::is_none")]
    function_block_id: Option<&'a str>,
    properties: Vec<Typed<'a>>,
    events: Vec<Feature<'a>>,
    services: Vec<Feature<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Feature<'a> {
    identifier: &'a str,
    method: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    input_data: Option<Vec<Input<'a>>>,
    output_data: Vec<Typed<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Input<'a> {
    Param(Typed<'a>),
    Identifier(&'a str),
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Typed<'a> {
    identifier: &'a str,
    data_type: SimpleType<'a>,
}

#[derive(Serialize)]
struct SimpleType<'a> {
    #[serde(rename = "type")]
    ty: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    specs: Option<SimpleSpecs<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum SimpleSpecs<'a> {
    Members(Vec<Typed<'a>>),
    Array {
        #[serde(skip_serializing_if = "Option::is_none")]
        size: Option<&'a str>,
        item: Box<SimpleType<'a>>,
    },
}

pub(super) fn from_tsl(tsl: &Tsl) -> SimpleTsl<'_> {
    SimpleTsl {
        schema_url: tsl.schema_url.as_deref(),
        profile: &tsl.profile,
        function_block_id: tsl.function_block_id.as_deref(),
        properties: tsl.properties.iter().map(|p| typed(&p.identifier, &p.data_type)).collect(),
        events: tsl
            .events
            .iter()
            .map(|e| Feature { identifier: &e.identifier, method: &e.method, input_data: None, output_data: params(&e.output_data) })
            .collect(),
        services: tsl
            .services
            .iter()
            .map(|s| Feature {
                identifier: &s.identifier,
                method: &s.method,
                input_data: Some(
                    s.input_data
                        .iter()
                        .map(|i| match i {
                            InputItem::Param(p) => Input::Param(typed(&p.identifier, &p.data_type)),
                            InputItem::Identifier(id) => Input::Identifier(id),
                        })
                        .collect(),
                ),
                output_data: params(&s.output_data),
            })
            .collect(),
    }
}

fn params(list: &[Param]) -> Vec<Typed<'_>> {
    list.iter().map(|p| typed(&p.identifier, &p.data_type)).collect()
}

fn typed<'a>(identifier: &'a str, dt: &'a DataType) -> Typed<'a> {
    Typed { identifier, data_type: simple_type(dt) }
}

fn simple_type(dt: &DataType) -> SimpleType<'_> {
    let specs = match dt {
        DataType::Struct(members) => Some(SimpleSpecs::Members(members.iter().map(|m| typed(&m.identifier, &m.data_type)).collect())),
        DataType::Array(a) => Some(SimpleSpecs::Array { size: a.size.as_deref(), item: Box::new(simple_type(&a.item)) }),
        _ => None,
    };
    SimpleType { ty: dt.name().tsl(), specs }
}
