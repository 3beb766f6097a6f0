//! To TSL: canonical TSL from TSL, and TSL from ThingModelJson, with the platform-generated
//! `post`, `set` and `get` rebuilt from the properties.

use super::lost::Lost;
use super::to_thing_model_json::tsl_version;
use crate::diagnostic::join;
use crate::model::data_type::{ArraySpecs, DataType, Labels, NumberSpecs, StructMember, TextSpecs};
use crate::model::thing_model_json::{DataSpecs, DataSpecsItem, FeatureCommon, RwFlag, TmjCallType, TmjEventType, TmjParam, TmjType};
use crate::model::tsl::{AccessMode, CallType, Event, EventType, InputItem, Param, Profile, Property, Service, TSL_SCHEMA_URL, generated};
use crate::model::{ThingModelJson, Tsl, TypeName};
use serde_json::Value;

/// A TSL in canonical form: schema URL and version filled in, generated features rebuilt and
/// placed first. The input's own schema URL, version and the `callType` of its `set` and `get`
/// are kept: the platform writes them, and exports differ in them.
pub(super) fn canonical(mut tsl: Tsl, input: &Value, lost: &mut Lost) -> Tsl {
    tsl.schema_url.get_or_insert_with(|| TSL_SCHEMA_URL.to_string());
    let version = tsl_version(!tsl.function_blocks.is_empty());
    tsl.profile.version.get_or_insert_with(|| version.to_string());
    let (post, mut set, mut get) = generate(&tsl.properties);
    for s in &tsl.services {
        if s.identifier == generated::SET {
            set.call_type = s.call_type;
        } else if s.identifier == generated::GET {
            get.call_type = s.call_type;
        }
    }
    // The input's own generated features are dropped; say so where they differed.
    let mut events = vec![post];
    for (i, e) in std::mem::take(&mut tsl.events).into_iter().enumerate() {
        if e.identifier == generated::POST {
            if e != events[0] && input["events"][i].is_object() {
                lost.regenerated("post", format!("/events/{i}"), "it now lists every property, as the platform's does");
            }
        } else {
            events.push(e);
        }
    }
    let mut services = vec![set, get];
    for (i, s) in std::mem::take(&mut tsl.services).into_iter().enumerate() {
        if s.identifier == generated::SET || s.identifier == generated::GET {
            let rebuilt = if s.identifier == generated::SET { &services[0] } else { &services[1] };
            if s != *rebuilt {
                lost.regenerated(&s.identifier, format!("/services/{i}"), "it now lists the properties as the platform's does");
            }
        } else {
            services.push(s);
        }
    }
    tsl.events = events;
    tsl.services = services;
    tsl
}

/// The platform-generated `post` event and `set` and `get` services of these properties.
fn generate(properties: &[Property]) -> (Event, Service, Service) {
    let param = |p: &Property| Param { identifier: p.identifier.clone(), name: p.name.clone(), data_type: p.data_type.clone() };
    let post = Event {
        identifier: generated::POST.into(),
        name: generated::POST.into(),
        event_type: EventType::Info,
        required: true,
        desc: Some("属性上报".into()),
        method: generated::POST_METHOD.into(),
        output_data: properties.iter().map(param).collect(),
    };
    let set = Service {
        identifier: generated::SET.into(),
        name: generated::SET.into(),
        required: true,
        call_type: CallType::Async,
        desc: Some("属性设置".into()),
        method: generated::SET_METHOD.into(),
        input_data: properties.iter().filter(|p| p.access_mode == AccessMode::ReadWrite).map(|p| InputItem::Param(param(p))).collect(),
        output_data: Vec::new(),
    };
    let get = Service {
        identifier: generated::GET.into(),
        name: generated::GET.into(),
        required: true,
        call_type: CallType::Async,
        desc: Some("属性获取".into()),
        method: generated::GET_METHOD.into(),
        input_data: properties.iter().map(|p| InputItem::Identifier(p.identifier.clone())).collect(),
        output_data: properties.iter().map(param).collect(),
    };
    (post, set, get)
}

/// The pointer into a ThingModelJson `tmj` that a pointer into its TSL form
/// ([`from_thing_model_json`]) came from: the TSL's events start with the generated `post`
/// and its services with `set` and `get`; parameters follow `paraOrder`; `dataType.specs` is
/// `dataSpecs` (an array's item, a struct) or `dataSpecsList` (enum and bool labels, members);
/// a custom module's `functionBlockId` is its `identifier`. Other pointers are the same in both.
pub(super) fn source_pointer(pointer: &str, tmj: &Value) -> String {
    let t: Vec<&str> = pointer.split('/').skip(1).collect();
    let index = |i: usize| t.get(i).and_then(|s| s.parse::<usize>().ok());
    let (mut out, mut rest) = match (t.first().copied(), index(1)) {
        (Some("functionBlockId"), _) => return "/identifier".into(),
        // The generated `post`, `set` and `get` stand for no member of the ThingModelJson.
        (Some("events"), Some(0)) | (Some("services"), Some(0 | 1)) => return String::new(),
        (Some("properties"), Some(i)) => (format!("/properties/{i}"), 2),
        (Some("events"), Some(i)) if i > 0 => match (t.get(2), index(3)) {
            (Some(&"outputData"), Some(j)) => {
                let key = if tmj["events"][i - 1].get("outputData").is_some() { "outputData" } else { "outputdata" };
                (format!("/events/{}/{key}/{j}", i - 1), 4)
            }
            _ => (format!("/events/{}", i - 1), 2),
        },
        (Some("services"), Some(i)) if i > 1 => match (t.get(2), index(3)) {
            (Some(&list @ ("inputData" | "outputData")), Some(j)) => {
                let key = if list == "inputData" { "inputParams" } else { "outputParams" };
                let params = tmj["services"][i - 2][key].as_array().map(Vec::as_slice).unwrap_or_default();
                let mut order: Vec<usize> = (0..params.len()).collect();
                order.sort_by_key(|&k| (params[k]["paraOrder"].as_u64().unwrap_or(0), k));
                (format!("/services/{}/{key}/{}", i - 2, order.get(j).copied().unwrap_or(j)), 4)
            }
            _ => (format!("/services/{}", i - 2), 2),
        },
        _ => return pointer.to_string(),
    };
    while rest < t.len() {
        match (t[rest], t.get(rest + 1)) {
            ("dataType", None) => out.push_str("/dataType"),
            ("dataType", Some(_)) => {}
            ("specs", Some(&"item")) => {
                out.push_str("/dataSpecs");
                rest += 1;
            }
            ("specs", Some(k)) if k.parse::<usize>().is_ok() => {
                out.push_str(&format!("/dataSpecsList/{k}"));
                rest += 1;
            }
            (other, _) => out.push_str(&format!("/{other}")),
        }
        rest += 1;
    }
    out
}

/// TSL from ThingModelJson.
pub(super) fn from_thing_model_json(tmj: &ThingModelJson, lost: &mut Lost) -> Tsl {
    if tmj.ppk.is_some() {
        lost.note("_ppk", "/_ppk".into(), "TSL has no published-version information");
    }
    if tmj.description.as_deref().is_some_and(|d| !d.is_empty()) {
        lost.note("description", "/description".into(), "a TSL custom module has no description");
    }
    // A feature's productKey is the model's when the model does not say it (as the requests of
    // CreateThingModel do not).
    let product_key = tmj.product_key.clone().or_else(|| {
        let features = tmj.properties.iter().map(|p| &p.common);
        features
            .chain(tmj.events.iter().map(|e| &e.common))
            .chain(tmj.services.iter().map(|s| &s.common))
            .find_map(|c| c.product_key.clone())
    });
    let mut properties = Vec::new();
    for (i, p) in tmj.properties.iter().enumerate() {
        let ptr = format!("/properties/{i}");
        common(&p.common, product_key.as_deref(), &ptr, lost);
        properties.push(Property {
            identifier: p.common.identifier.clone(),
            name: p.name.clone(),
            access_mode: match p.rw_flag {
                RwFlag::ReadWrite => AccessMode::ReadWrite,
                RwFlag::ReadOnly => AccessMode::ReadOnly,
            },
            required: p.common.required,
            desc: p.common.description.clone(),
            data_type: data_type(p.typed.data_type, p.typed.data_specs.as_ref(), p.typed.data_specs_list.as_deref(), &ptr, lost),
        });
    }
    let (post, set, get) = generate(&properties);
    let mut events = vec![post];
    for (i, e) in tmj.events.iter().enumerate() {
        let ptr = format!("/events/{i}");
        common(&e.common, product_key.as_deref(), &ptr, lost);
        events.push(Event {
            identifier: e.common.identifier.clone(),
            name: e.event_name.clone(),
            event_type: match e.event_type {
                TmjEventType::Info => EventType::Info,
                TmjEventType::Alert => EventType::Alert,
                TmjEventType::Error => EventType::Error,
            },
            required: e.common.required,
            desc: e.common.description.clone(),
            method: generated::event_method(&e.common.identifier),
            output_data: params(&e.output_data, &join(&ptr, "outputdata"), lost),
        });
    }
    let mut services = vec![set, get];
    for (i, s) in tmj.services.iter().enumerate() {
        let ptr = format!("/services/{i}");
        common(&s.common, product_key.as_deref(), &ptr, lost);
        services.push(Service {
            identifier: s.common.identifier.clone(),
            name: s.service_name.clone(),
            required: s.common.required,
            call_type: match s.call_type {
                TmjCallType::Async => CallType::Async,
                TmjCallType::Sync => CallType::Sync,
            },
            desc: s.common.description.clone(),
            method: generated::service_method(&s.common.identifier),
            input_data: params(&s.input_params, &join(&ptr, "inputParams"), lost).into_iter().map(InputItem::Param).collect(),
            output_data: params(&s.output_params, &join(&ptr, "outputParams"), lost),
        });
    }
    Tsl {
        schema_url: Some(TSL_SCHEMA_URL.into()),
        profile: Profile { version: Some(tsl_version(!tmj.function_blocks.is_empty()).into()), product_key },
        function_block_id: tmj.identifier.clone(),
        function_block_name: tmj.name.clone(),
        function_blocks: tmj.function_blocks.clone(),
        properties,
        events,
        services,
    }
}

/// Notes the feature fields TSL cannot hold.
fn common(c: &FeatureCommon, product_key: Option<&str>, ptr: &str, lost: &mut Lost) {
    if c.create_ts.is_some() {
        lost.note("createTs", join(ptr, "createTs"), "TSL has no creation times");
    }
    if !c.custom {
        lost.note("custom", join(ptr, "custom"), "TSL has no `custom` flag; standard-category features come back as custom");
    }
    if c.extend_config.is_some() {
        lost.note("extendConfig", join(ptr, "extendConfig"), "TSL has no extendConfig; export it with `--to extend-config`");
    }
    if let Some(pk) = c.product_key.as_deref()
        && product_key.is_some_and(|top| top != pk)
    {
        lost.note("productKey", join(ptr, "productKey"), "a TSL has one productKey, in its profile");
    }
}

fn params(list: &[TmjParam], ptr: &str, lost: &mut Lost) -> Vec<Param> {
    // paraOrder gives the order; the list's own order breaks ties.
    let mut ordered: Vec<(usize, &TmjParam)> = list.iter().enumerate().collect();
    ordered.sort_by_key(|(i, p)| (p.para_order, *i));
    ordered
        .into_iter()
        .map(|(i, p)| {
            let pptr = join(ptr, i);
            Param {
                identifier: p.identifier.clone(),
                name: p.name.clone(),
                data_type: data_type(p.typed.data_type, p.typed.data_specs.as_ref(), p.typed.data_specs_list.as_deref(), &pptr, lost),
            }
        })
        .collect()
}

fn type_name(t: TmjType) -> TypeName {
    match t {
        TmjType::Int => TypeName::Int,
        TmjType::Float => TypeName::Float,
        TmjType::Double => TypeName::Double,
        TmjType::Text => TypeName::Text,
        TmjType::Date => TypeName::Date,
        TmjType::Enum => TypeName::Enum,
        TmjType::Bool => TypeName::Bool,
        TmjType::Struct => TypeName::Struct,
        TmjType::Array => TypeName::Array,
    }
}

/// A TSL data type from ThingModelJson's type, `dataSpecs` and `dataSpecsList` at `ptr`.
fn data_type(t: TmjType, specs: Option<&DataSpecs>, list: Option<&[DataSpecsItem]>, ptr: &str, lost: &mut Lost) -> DataType {
    let sptr = join(ptr, "dataSpecs");
    if let Some(s) = specs {
        if s.default_value.is_some() {
            lost.note("defaultValue", join(&sptr, "defaultValue"), "TSL specs have no default value");
        }
        if s.precise.is_some() {
            lost.note("precise", join(&sptr, "precise"), "TSL specs have no precision");
        }
    }
    let number = || {
        specs.map_or_else(NumberSpecs::default, |s| NumberSpecs {
            min: s.min.clone(),
            max: s.max.clone(),
            step: s.step.clone(),
            unit: s.unit.clone(),
            unit_name: s.unit_name.clone(),
        })
    };
    match type_name(t) {
        TypeName::Int => DataType::Int(number()),
        TypeName::Float => DataType::Float(number()),
        TypeName::Double => DataType::Double(number()),
        TypeName::Text => DataType::Text(TextSpecs { length: specs.and_then(|s| s.length).map(|l| l.to_string()) }),
        TypeName::Date => DataType::Date,
        kind @ (TypeName::Bool | TypeName::Enum) => {
            let mut labels = Vec::new();
            for (i, item) in list.unwrap_or_default().iter().enumerate() {
                if item.default_value.is_some() {
                    lost.note("defaultValue", join(&join(&join(ptr, "dataSpecsList"), i), "defaultValue"), "TSL labels have no default");
                }
                labels.push((item.value.unwrap_or_default().to_string(), item.name.clone().unwrap_or_default()));
            }
            labels.sort_by_key(|(k, _)| k.parse::<i64>().unwrap_or(i64::MAX));
            if kind == TypeName::Bool { DataType::Bool(Labels(labels)) } else { DataType::Enum(Labels(labels)) }
        }
        TypeName::Struct => DataType::Struct(
            list.unwrap_or_default()
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    let mptr = join(&join(ptr, "dataSpecsList"), i);
                    StructMember {
                        identifier: m.identifier.clone().unwrap_or_default(),
                        name: m.child_name.clone().or_else(|| m.name.clone()).unwrap_or_default(),
                        data_type: data_type(
                            m.child_data_type.unwrap_or(TmjType::Text),
                            m.data_specs.as_ref(),
                            m.data_specs_list.as_deref(),
                            &mptr,
                            lost,
                        ),
                    }
                })
                .collect(),
        ),
        TypeName::Array => {
            let s = specs.cloned().unwrap_or_default();
            let item =
                data_type(s.child_data_type.unwrap_or(TmjType::Int), s.data_specs.as_deref(), s.data_specs_list.as_deref(), &sptr, lost);
            DataType::Array(Box::new(ArraySpecs { size: s.size.map(|n| n.to_string()), item }))
        }
    }
}
