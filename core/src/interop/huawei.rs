//! Huawei IoTDA product models to and from the internal model.

use super::fidelity::Fidelity;
use super::losses::Losses;
use crate::diagnostic::{Code, Diagnostic};
use crate::hub::{Access, Action, Event, Field, Group, PlatformField, Property, Range, Schema, Thing};
use crate::model::huawei::{self as h, DataType, Method, ProductModel};
use crate::model::lenient::is_zero_number;
use serde_json::Value;

/// Reads a (validated) product model.
pub fn read(doc: &ProductModel, fidelity: &mut Fidelity) -> Thing {
    let mut thing = Thing {
        product: doc.product_id.clone(),
        title: doc.name.clone(),
        description: doc.description.clone(),
        category: doc.device_type.clone(),
        // The product's own fields: only a product model has a place for them.
        product_model_only: doc
            .product
            .present()
            .into_iter()
            .map(|(key, value)| PlatformField { pointer: format!("/{key}"), key: key.into(), value: value.into() })
            // Held as its JSON text, written back as the value it was.
            .chain(doc.om_capability.iter().map(|v| PlatformField {
                pointer: "/om_capability".into(),
                key: "om_capability".into(),
                value: v.to_string(),
            }))
            .collect(),
        ..Thing::default()
    };
    let grouped = doc.service_capabilities.len() > 1;
    for (s, service) in doc.service_capabilities.iter().enumerate() {
        let origin = format!("/service_capabilities/{s}");
        thing.groups.push(Group {
            origin: origin.clone(),
            id: service.service_id.clone(),
            kind: service.service_type.clone(),
            description: service.description.clone(),
            option: service.option.clone(),
        });
        let group = grouped.then(|| service.service_id.clone());
        for (i, p) in service.properties.iter().enumerate() {
            let origin = format!("{origin}/properties/{i}");
            fidelity.element(&origin, format!("property `{}`", p.property_name));
            let access = match p.method {
                Method::Read => Access::ReadOnly,
                Method::Write => Access::WriteOnly,
                Method::ReadWrite => Access::ReadWrite,
                Method::Execute => {
                    fidelity.approximated(&origin, "method `E` (executable) was read as `RW`".into());
                    Access::ReadWrite
                }
                // `E`: the property is reported in events too, which only a product model says.
                Method::ReadEvent | Method::WriteEvent | Method::ReadWriteEvent => {
                    thing.product_model_only.push(PlatformField {
                        pointer: format!("{origin}/method"),
                        key: "method".into(),
                        value: p.method.as_str().into(),
                    });
                    match p.method {
                        Method::ReadEvent => Access::ReadOnly,
                        Method::WriteEvent => Access::WriteOnly,
                        _ => Access::ReadWrite,
                    }
                }
            };
            let mut schema = read_schema(&p.spec, &origin, fidelity);
            if let (Some(default), Schema::Int(r) | Schema::Long(r) | Schema::Double(r)) = (&p.default_value, &mut schema) {
                r.start = Some(match default {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                });
            } else if p.default_value.is_some() {
                fidelity.lost(&format!("{origin}/default_value"), "a default value of a non-numeric property".into());
            }
            thing.properties.push(Property {
                id: p.property_name.clone(),
                name: p.property_name.clone(),
                description: p.description.clone(),
                access,
                required: p.required,
                group: group.clone(),
                schema,
                annotations: Vec::new(),
                origin,
            });
        }
        for (i, c) in service.commands.iter().enumerate() {
            let origin = format!("{origin}/commands/{i}");
            fidelity.element(&origin, format!("command `{}`", c.command_name));
            for (r, response) in c.responses.iter().enumerate() {
                let at = format!("{origin}/responses/{r}");
                if r == 0 {
                    fidelity.lost(
                        &format!("{at}/response_name"),
                        format!("the response's name `{}`: the response's parameters became the action's output", response.response_name),
                    );
                } else {
                    fidelity.lost(&at, "a second response: an action has one output".into());
                }
            }
            thing.actions.push(Action {
                id: c.command_name.clone(),
                name: c.command_name.clone(),
                description: None,
                synchronous: None,
                required: false,
                group: group.clone(),
                inputs: paras(&c.paras, &format!("{origin}/paras"), fidelity),
                outputs: c.responses.first().map(|r| paras(&r.paras, &format!("{origin}/responses/0/paras"), fidelity)).unwrap_or_default(),
                annotations: Vec::new(),
                origin,
            });
        }
        for (i, e) in service.events.iter().enumerate() {
            let origin = format!("{origin}/events/{i}");
            fidelity.element(&origin, format!("event `{}`", e.event_type));
            thing.events.push(Event {
                id: e.event_type.clone(),
                name: e.event_type.clone(),
                description: None,
                kind: None,
                required: false,
                group: group.clone(),
                outputs: paras(&e.paras, &format!("{origin}/paras"), fidelity),
                annotations: Vec::new(),
                origin,
            });
        }
    }
    thing
}

/// The internal schema of a property's or parameter's data type (at `origin`), with what the
/// internal model says otherwise.
fn read_schema(spec: &h::ValueSpec, origin: &str, fidelity: &mut Fidelity) -> Schema {
    if spec.data_type == DataType::String && spec.enum_list.is_some() && spec.max_length.is_some() {
        fidelity.lost(&format!("{origin}/max_length"), "the maximum length of a string with `enum_list`: its values are what it may be".into());
    }
    if spec.data_type == DataType::DateTime {
        fidelity.approximated(origin, "`DateTime` (text, `yyyyMMdd'T'HHmmss'Z'`) became a timestamp".into());
    }
    let range = || Range {
        min: spec.min.clone(),
        max: spec.max.clone(),
        step: spec.step.clone(),
        unit: spec.unit.clone(),
        unit_name: None,
        start: None,
    };
    match spec.data_type {
        DataType::Int => Schema::Int(range()),
        DataType::Long => Schema::Long(range()),
        DataType::Decimal => Schema::Double(range()),
        DataType::String => match &spec.enum_list {
            Some(values) => Schema::StringEnum { values: values.iter().map(|v| (v.clone(), v.clone())).collect() },
            None => Schema::Text { max_length: spec.max_length, min_length: None },
        },
        DataType::DateTime => Schema::Timestamp,
        DataType::JsonObject => Schema::Json,
        DataType::StringList => {
            Schema::Array { size: None, item: Box::new(Schema::Text { max_length: spec.max_length, min_length: None }) }
        }
    }
}

/// Warns about each `step` written as the number 0, which the reader takes as absent: the
/// console writes it when none was set. (The text `"0"` is a step of 0, an error as in every
/// other format.)
pub(crate) fn check_unset_steps(value: &Value, out: &mut Vec<Diagnostic>) {
    let mut check = |spec: &Value, at: String| {
        if spec.get("step").is_some_and(is_zero_number) {
            out.push(
                Diagnostic::new(
                    Code::UnsetStep,
                    format!("{at}/step"),
                    "`step` is 0, which the console writes when none was set; read as absent",
                )
                .with_help("leave `step` out, or give one greater than 0"),
            );
        }
    };
    let list = |v: &Value, key: &str| v.get(key).and_then(Value::as_array).cloned().unwrap_or_default();
    for (s, service) in list(value, "service_capabilities").iter().enumerate() {
        let at = format!("/service_capabilities/{s}");
        for (i, p) in list(service, "properties").iter().enumerate() {
            check(p, format!("{at}/properties/{i}"));
        }
        for (c, command) in list(service, "commands").iter().enumerate() {
            for (i, p) in list(command, "paras").iter().enumerate() {
                check(p, format!("{at}/commands/{c}/paras/{i}"));
            }
            for (r, response) in list(command, "responses").iter().enumerate() {
                for (i, p) in list(response, "paras").iter().enumerate() {
                    check(p, format!("{at}/commands/{c}/responses/{r}/paras/{i}"));
                }
            }
        }
        for (e, event) in list(service, "events").iter().enumerate() {
            for (i, p) in list(event, "paras").iter().enumerate() {
                check(p, format!("{at}/events/{e}/paras/{i}"));
            }
        }
    }
}

fn paras(items: &[h::Para], origin: &str, fidelity: &mut Fidelity) -> Vec<Field> {
    items
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let origin = format!("{origin}/{i}");
            fidelity.element(&origin, format!("parameter `{}`", p.para_name));
            Field {
                id: p.para_name.clone(),
                name: p.para_name.clone(),
                description: p.description.clone(),
                required: p.required,
                schema: read_schema(&p.spec, &origin, fidelity),
                annotations: Vec::new(),
                origin,
            }
        })
        .collect()
}

fn number(data_type: DataType, r: &Range, origin: &str, fidelity: &mut Fidelity) -> h::ValueSpec {
    if r.unit_name.is_some() {
        fidelity.lost(origin, "the unit's name: a product model has only the unit".into());
    }
    h::ValueSpec { min: r.min.clone(), max: r.max.clone(), step: r.step.clone(), unit: r.unit.clone(), ..h::ValueSpec::of(data_type) }
}

/// A number's initial value, which a product model keeps as the property's `default_value`.
fn initial_value(s: &Schema) -> Option<Value> {
    let (Schema::Int(r) | Schema::Long(r) | Schema::Float(r) | Schema::Double(r)) = s else { return None };
    let start = r.start.as_deref()?;
    Some(serde_json::from_str::<Value>(start.trim()).unwrap_or_else(|_| Value::String(start.to_string())))
}

fn write_schema(s: &Schema, origin: &str, fidelity: &mut Fidelity) -> h::ValueSpec {
    match s {
        Schema::Bool { labels } => {
            let said = labels.as_ref().map(|(no, yes)| format!(" (0 `{no}`, 1 `{yes}`; the labels are lost)")).unwrap_or_default();
            fidelity.approximated(origin, format!("bool became `int` 0..1{said}: a product model has no bool"));
            h::ValueSpec { min: Some("0".into()), max: Some("1".into()), step: Some("1".into()), ..h::ValueSpec::of(DataType::Int) }
        }
        Schema::Int(r) => number(DataType::Int, r, origin, fidelity),
        Schema::Long(r) => number(DataType::Long, r, origin, fidelity),
        Schema::Float(r) => {
            fidelity.approximated(origin, "single precision became `decimal`".into());
            number(DataType::Decimal, r, origin, fidelity)
        }
        Schema::Double(r) => number(DataType::Decimal, r, origin, fidelity),
        Schema::Text { max_length, min_length } => {
            if min_length.is_some_and(|m| m > 0) {
                fidelity.lost(origin, "the minimum length: a product model has only `max_length`".into());
            }
            h::ValueSpec { max_length: *max_length, ..h::ValueSpec::of(DataType::String) }
        }
        Schema::Timestamp => {
            fidelity.approximated(origin, "a timestamp became `DateTime`, which devices send as text (`yyyyMMdd'T'HHmmss'Z'`)".into());
            h::ValueSpec::of(DataType::DateTime)
        }
        Schema::Enum { labels } => {
            let keys: Vec<i64> = labels.iter().map(|(k, _)| *k).collect();
            fidelity.approximated(origin, "an enum became `int` spanning its values; the labels are lost".into());
            h::ValueSpec {
                min: keys.iter().min().map(i64::to_string),
                max: keys.iter().max().map(i64::to_string),
                step: Some("1".into()),
                ..h::ValueSpec::of(DataType::Int)
            }
        }
        Schema::StringEnum { values } => {
            if values.iter().any(|(v, label)| v != label) {
                fidelity.lost(origin, "the enum's labels: `enum_list` holds only the values".into());
            }
            h::ValueSpec { enum_list: Some(values.iter().map(|(v, _)| v.clone()).collect()), ..h::ValueSpec::of(DataType::String) }
        }
        Schema::Struct { .. } => {
            fidelity.approximated(origin, "a struct became `jsonObject`; its members' types are lost".into());
            h::ValueSpec::of(DataType::JsonObject)
        }
        Schema::Array { size, item } => match item.as_ref() {
            Schema::Text { max_length, .. } => {
                if size.is_some() {
                    fidelity.lost(origin, "the array's size: a `string list` has none".into());
                }
                h::ValueSpec { max_length: *max_length, ..h::ValueSpec::of(DataType::StringList) }
            }
            other => {
                fidelity.approximated(origin, format!("an array of {} became `jsonObject`", other.describe()));
                h::ValueSpec::of(DataType::JsonObject)
            }
        },
        Schema::Json => h::ValueSpec::of(DataType::JsonObject),
    }
}

fn write_paras(fields: &[Field], fidelity: &mut Fidelity) -> Vec<h::Para> {
    fields
        .iter()
        .map(|f| {
            if f.name != f.id {
                fidelity.lost(&f.origin, format!("the name `{}`: a parameter has only its identifier", f.name));
            }
            let spec = write_schema(&f.schema, &f.origin, fidelity);
            if initial_value(&f.schema).is_some() {
                fidelity.lost(&f.origin, "the initial value: parameters have none".into());
            }
            h::Para { para_name: f.id.clone(), spec, required: f.required, description: f.description.clone() }
        })
        .collect()
}

/// Writes a product model: features go to their service, or to the model's one service (named
/// `default` when the source had none).
pub fn write(thing: &Thing, fidelity: &mut Fidelity) -> ProductModel {
    let mut services: Vec<h::Service> = thing
        .groups
        .iter()
        .map(|g| h::Service {
            service_id: g.id.clone(),
            service_type: g.kind.clone(),
            description: g.description.clone(),
            option: g.option.clone(),
            ..h::Service::default()
        })
        .collect();
    if services.is_empty() {
        services.push(h::Service { service_id: "default".into(), service_type: "default".into(), ..h::Service::default() });
    }
    thing.annotations_lost(fidelity, "a product model");
    // `1.0` and `1.5` are the versions of TSL's and the data template's format, not the model's.
    if let Some(version) = thing.version.as_deref().filter(|v| !matches!(*v, "1.0" | "1.5")) {
        fidelity.lost("", format!("the model's version `{version}`: a product model has none"));
    }
    let ids: Vec<String> = services.iter().map(|s| s.service_id.clone()).collect();
    let index = |group: &Option<String>| group.as_ref().and_then(|g| ids.iter().position(|id| id == g)).unwrap_or(0);
    for p in &thing.properties {
        let i = index(&p.group);
        if p.name != p.id {
            fidelity.lost(&p.origin, format!("the name `{}`: a property has only its identifier", p.name));
        }
        let spec = write_schema(&p.schema, &p.origin, fidelity);
        // A method with `E` the source said is put back when it still grants the same access.
        let said = thing.product_model_only.iter().find(|f| f.key == "method" && f.pointer == format!("{}/method", p.origin));
        let method = match (p.access, said.and_then(|f| Method::parse(&f.value))) {
            (Access::ReadOnly, Some(Method::ReadEvent)) => Method::ReadEvent,
            (Access::WriteOnly, Some(Method::WriteEvent)) => Method::WriteEvent,
            (Access::ReadWrite, Some(Method::ReadWriteEvent)) => Method::ReadWriteEvent,
            (Access::ReadOnly, _) => Method::Read,
            (Access::ReadWrite, _) => Method::ReadWrite,
            (Access::WriteOnly, _) => Method::Write,
        };
        services[i].properties.push(h::Property {
            property_name: p.id.clone(),
            spec,
            required: p.required,
            method,
            description: p.description.clone(),
            default_value: initial_value(&p.schema),
        });
    }
    for e in &thing.events {
        let i = index(&e.group);
        if e.kind.is_some() {
            fidelity.lost(&e.origin, "the event type (info, alert, fault): a product model's events have none".into());
        }
        for (what, lost) in [("name", e.name != e.id), ("description", e.description.is_some()), ("required", e.required)] {
            if lost {
                fidelity.lost(&e.origin, format!("the event's {what}: a product model's events have only a type and parameters"));
            }
        }
        services[i].events.push(h::Event { event_type: e.id.clone(), paras: write_paras(&e.outputs, fidelity) });
    }
    for a in &thing.actions {
        let i = index(&a.group);
        for (what, lost) in [
            ("name", a.name != a.id),
            ("description", a.description.is_some()),
            ("required", a.required),
            ("call type", a.synchronous.is_some()),
        ] {
            if lost {
                fidelity.lost(&a.origin, format!("the action's {what}: a command has only a name, parameters and responses"));
            }
        }
        let responses = if a.outputs.is_empty() {
            Vec::new()
        } else {
            vec![h::Response { response_name: format!("{}_response", a.id), paras: write_paras(&a.outputs, fidelity) }]
        };
        services[i].commands.push(h::Command { command_name: a.id.clone(), paras: write_paras(&a.inputs, fidelity), responses });
    }
    let mut product = h::ProductFields::default();
    let mut om_capability = None;
    for field in thing.product_model_only.iter().filter(|f| f.key != "method") {
        if field.key == "om_capability" {
            om_capability = serde_json::from_str(&field.value).ok();
        } else if !product.set(&field.key, field.value.clone()) {
            fidelity.lost(&field.pointer, format!("`{}`: a product model has no such field", field.key));
        }
    }
    ProductModel {
        product_id: thing.product.clone(),
        name: thing.title.clone(),
        device_type: thing.category.clone(),
        description: thing.description.clone(),
        product,
        om_capability,
        service_capabilities: services,
    }
}
