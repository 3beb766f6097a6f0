//! TSL to ThingModelJson: features without the platform-generated ones, parameters numbered,
//! specs split into `dataSpecs` and `dataSpecsList`.

use super::lost::Lost;
use crate::model::data_type::{DataType, Labels, NumberSpecs};
use crate::model::extend_config::ExtendProfile;
use crate::model::thing_model_json::RwFlag;
use crate::model::thing_model_json::{
    DataSpecs, DataSpecsItem, Direction, FeatureCommon, TmjCallType, TmjEvent, TmjEventType, TmjParam, TmjProperty, TmjService, TmjType,
    TypedSpecs,
};
use crate::model::tsl::{AccessMode, CallType, EventType, InputItem, Param, TSL_SCHEMA_URL, generated};
use crate::model::{ExtendConfigDocument, ThingModelJson, Tsl, TypeName};
use serde_json::Value;

/// The TSL `profile.version` the platform writes: `1.5` for a default module that lists its
/// custom modules (`functionBlocks`), `1.0` otherwise — as every export does.
pub(super) fn tsl_version(function_blocks: bool) -> &'static str {
    if function_blocks { "1.5" } else { "1.0" }
}

pub(super) fn from_tsl(tsl: &Tsl, _input: &Value, lost: &mut Lost) -> ThingModelJson {
    let version = tsl_version(!tsl.function_blocks.is_empty());
    if let Some(v) = tsl.profile.version.as_deref().filter(|v| *v != version) {
        lost.note(
            "profile/version",
            "/profile/version".into(),
            &format!("ThingModelJson has no TSL version; `{v}` becomes `{version}` on the way back"),
        );
    }
    if let Some(url) = tsl.schema_url.as_deref().filter(|url| *url != TSL_SCHEMA_URL) {
        lost.note("schema", "/schema".into(), &format!("ThingModelJson has no schema URL; `{url}` becomes the platform's on the way back"));
    }
    for (i, s) in tsl.services.iter().enumerate() {
        if (s.identifier == generated::SET || s.identifier == generated::GET) && s.call_type == CallType::Sync {
            lost.note(
                &format!("{}/callType", s.identifier),
                format!("/services/{i}/callType"),
                &format!("ThingModelJson has no generated services; the generated `{}` comes back asynchronous", s.identifier),
            );
        }
    }
    let product_key = tsl.profile.product_key.clone();
    let common = |identifier: &str, required: bool, desc: &Option<String>| FeatureCommon {
        product_key: product_key.clone(),
        identifier: identifier.to_string(),
        required,
        custom: true,
        description: desc.clone(),
        ..FeatureCommon::default()
    };
    let properties = tsl
        .properties
        .iter()
        .map(|p| TmjProperty {
            common: common(&p.identifier, p.required, &p.desc),
            name: p.name.clone(),
            rw_flag: match p.access_mode {
                AccessMode::ReadWrite => RwFlag::ReadWrite,
                AccessMode::ReadOnly => RwFlag::ReadOnly,
            },
            typed: typed(&p.data_type),
        })
        .collect();
    let services = tsl
        .services
        .iter()
        .filter(|s| s.identifier != generated::SET && s.identifier != generated::GET)
        .map(|s| {
            let inputs: Vec<&Param> = s
                .input_data
                .iter()
                .filter_map(|i| match i {
                    InputItem::Param(p) => Some(p),
                    InputItem::Identifier(_) => None,
                })
                .collect();
            TmjService {
                common: common(&s.identifier, s.required, &s.desc),
                service_name: s.name.clone(),
                call_type: match s.call_type {
                    CallType::Async => TmjCallType::Async,
                    CallType::Sync => TmjCallType::Sync,
                },
                input_params: params(inputs, Direction::Input),
                output_params: params(s.output_data.iter().collect(), Direction::Output),
            }
        })
        .collect();
    let events = tsl
        .events
        .iter()
        .filter(|e| e.identifier != generated::POST)
        .map(|e| TmjEvent {
            common: common(&e.identifier, e.required, &e.desc),
            event_name: e.name.clone(),
            event_type: match e.event_type {
                EventType::Info => TmjEventType::Info,
                EventType::Alert => TmjEventType::Alert,
                EventType::Error => TmjEventType::Error,
            },
            output_data: params(e.output_data.iter().collect(), Direction::Output),
        })
        .collect();
    ThingModelJson {
        ppk: None,
        product_key: tsl.profile.product_key.clone(),
        identifier: tsl.function_block_id.clone(),
        name: tsl.function_block_name.clone(),
        description: None,
        properties,
        services,
        events,
        function_blocks: tsl.function_blocks.clone(),
    }
}

fn params(list: Vec<&Param>, direction: Direction) -> Vec<TmjParam> {
    list.into_iter()
        .enumerate()
        .map(|(i, p)| TmjParam {
            identifier: p.identifier.clone(),
            name: p.name.clone(),
            direction,
            para_order: u32::try_from(i).unwrap_or(u32::MAX),
            custom: true,
            typed: typed(&p.data_type),
        })
        .collect()
}

pub(super) fn tmj_type(t: TypeName) -> TmjType {
    match t {
        TypeName::Int => TmjType::Int,
        TypeName::Float => TmjType::Float,
        TypeName::Double => TmjType::Double,
        TypeName::Text => TmjType::Text,
        TypeName::Date => TmjType::Date,
        TypeName::Bool => TmjType::Bool,
        TypeName::Enum => TmjType::Enum,
        TypeName::Struct => TmjType::Struct,
        TypeName::Array => TmjType::Array,
    }
}

/// `dataType` with its `dataSpecs` or `dataSpecsList`.
fn typed(dt: &DataType) -> TypedSpecs {
    let (data_specs, data_specs_list) = specs(dt);
    TypedSpecs { data_type: tmj_type(dt.name()), data_specs, data_specs_list }
}

fn specs(dt: &DataType) -> (Option<DataSpecs>, Option<Vec<DataSpecsItem>>) {
    let base = |t: TypeName| DataSpecs { data_type: Some(tmj_type(t)), custom: Some(true), ..DataSpecs::default() };
    let number = |t: TypeName, n: &NumberSpecs| DataSpecs {
        min: n.min.clone(),
        max: n.max.clone(),
        step: n.step.clone(),
        unit: n.unit.clone(),
        unit_name: n.unit_name.clone(),
        ..base(t)
    };
    match dt {
        DataType::Int(n) | DataType::Float(n) | DataType::Double(n) => (Some(number(dt.name(), n)), None),
        DataType::Text(t) => {
            (Some(DataSpecs { length: t.length.as_deref().and_then(|l| l.trim().parse().ok()), ..base(TypeName::Text) }), None)
        }
        DataType::Date => (Some(base(TypeName::Date)), None),
        DataType::Bool(l) | DataType::Enum(l) => (None, Some(labels(dt.name(), l))),
        DataType::Struct(members) => (
            None,
            Some(
                members
                    .iter()
                    .map(|m| {
                        let (data_specs, data_specs_list) = specs(&m.data_type);
                        DataSpecsItem {
                            data_type: Some(TmjType::Struct),
                            identifier: Some(m.identifier.clone()),
                            name: Some(m.name.clone()),
                            child_name: Some(m.name.clone()),
                            child_data_type: Some(tmj_type(m.data_type.name())),
                            data_specs,
                            data_specs_list,
                            custom: Some(true),
                            ..DataSpecsItem::default()
                        }
                    })
                    .collect(),
            ),
        ),
        DataType::Array(a) => {
            let (child_specs, child_list) = match &a.item {
                // An item without specs stays without them.
                DataType::Int(n) | DataType::Float(n) | DataType::Double(n) if *n == NumberSpecs::default() => (None, None),
                DataType::Text(t) if t.length.is_none() => (None, None),
                item => specs(item),
            };
            (
                Some(DataSpecs {
                    size: a.size.as_deref().and_then(|s| s.trim().parse().ok()),
                    child_data_type: Some(tmj_type(a.item.name())),
                    data_specs: child_specs.map(Box::new),
                    data_specs_list: child_list,
                    ..base(TypeName::Array)
                }),
                None,
            )
        }
    }
}

fn labels(t: TypeName, l: &Labels) -> Vec<DataSpecsItem> {
    l.0.iter()
        .map(|(k, v)| DataSpecsItem {
            data_type: Some(tmj_type(t)),
            name: Some(v.clone()),
            value: k.trim().parse().ok(),
            custom: Some(true),
            ..DataSpecsItem::default()
        })
        .collect()
}

/// The extendConfig export of a ThingModelJson: each feature's extendConfig, as given.
pub fn extend_config_document(tmj: &ThingModelJson) -> ExtendConfigDocument {
    ExtendConfigDocument {
        profile: ExtendProfile { product_key: tmj.product_key.clone() },
        properties: tmj.properties.iter().filter_map(|p| p.common.extend_config.clone()).collect(),
        services: tmj.services.iter().filter_map(|s| s.common.extend_config.clone()).collect(),
        events: tmj.events.iter().filter_map(|e| e.common.extend_config.clone()).collect(),
    }
}
