//! TSL to and from the internal model. The platform-generated `post`, `set` and `get` are left
//! out on the way in and generated again on the way out (by `convert::to_tsl`'s canonical form).

use super::fidelity::Fidelity;
use super::hub::{Access, Action, Event, EventKind, Field, Property, Range, Schema, Thing};
use crate::model::Tsl;
use crate::model::data_type::{ArraySpecs, DataType, Labels, NumberSpecs, StructMember, TextSpecs};
use crate::model::tsl::{self, AccessMode, CallType, EventType, InputItem, Param, Profile, generated};

/// Reads a (validated) TSL.
pub fn read(doc: &Tsl, fidelity: &mut Fidelity) -> Thing {
    let mut thing = Thing {
        product: doc.profile.product_key.clone(),
        version: doc.profile.version.clone(),
        title: doc.function_block_name.clone(),
        ..Thing::default()
    };
    if doc.function_block_id.is_some() {
        fidelity.lost("/functionBlockId", "the custom module's identifier: the other formats have no modules".into());
    }
    if !doc.function_blocks.is_empty() {
        fidelity.lost("/functionBlocks", "the list of custom modules: the other formats have no modules".into());
    }
    for (i, p) in doc.properties.iter().enumerate() {
        let origin = format!("/properties/{i}");
        fidelity.element(&origin, format!("property `{}`", p.identifier));
        thing.properties.push(Property {
            id: p.identifier.clone(),
            name: p.name.clone(),
            description: p.desc.clone(),
            access: match p.access_mode {
                AccessMode::ReadOnly => Access::ReadOnly,
                AccessMode::ReadWrite => Access::ReadWrite,
            },
            required: p.required,
            group: None,
            schema: schema(&p.data_type, &format!("{origin}/dataType"), fidelity),
            origin,
        });
    }
    for (i, e) in doc.events.iter().enumerate().filter(|(_, e)| e.identifier != generated::POST) {
        let origin = format!("/events/{i}");
        fidelity.element(&origin, format!("event `{}`", e.identifier));
        thing.events.push(Event {
            id: e.identifier.clone(),
            name: e.name.clone(),
            description: e.desc.clone(),
            kind: Some(match e.event_type {
                EventType::Info => EventKind::Info,
                EventType::Alert => EventKind::Alert,
                EventType::Error => EventKind::Fault,
            }),
            required: e.required,
            group: None,
            outputs: params(e.output_data.iter(), &format!("{origin}/outputData"), fidelity),
            origin,
        });
    }
    for (i, s) in doc.services.iter().enumerate().filter(|(_, s)| s.identifier != generated::SET && s.identifier != generated::GET) {
        let origin = format!("/services/{i}");
        fidelity.element(&origin, format!("service `{}`", s.identifier));
        let inputs = s.input_data.iter().filter_map(|item| match item {
            InputItem::Param(p) => Some(p),
            InputItem::Identifier(_) => None,
        });
        thing.actions.push(Action {
            id: s.identifier.clone(),
            name: s.name.clone(),
            description: s.desc.clone(),
            synchronous: Some(s.call_type == CallType::Sync),
            required: s.required,
            group: None,
            inputs: params(inputs, &format!("{origin}/inputData"), fidelity),
            outputs: params(s.output_data.iter(), &format!("{origin}/outputData"), fidelity),
            origin,
        });
    }
    thing
}

fn params<'a>(items: impl Iterator<Item = &'a Param>, origin: &str, fidelity: &mut Fidelity) -> Vec<Field> {
    items
        .enumerate()
        .map(|(i, p)| {
            let origin = format!("{origin}/{i}");
            fidelity.element(&origin, format!("parameter `{}`", p.identifier));
            Field {
                id: p.identifier.clone(),
                name: p.name.clone(),
                description: None,
                required: true,
                schema: schema(&p.data_type, &format!("{origin}/dataType"), fidelity),
                origin,
            }
        })
        .collect()
}

fn range(n: &NumberSpecs) -> Range {
    Range {
        min: n.min.clone(),
        max: n.max.clone(),
        step: n.step.clone(),
        unit: n.unit.clone(),
        unit_name: n.unit_name.clone(),
        start: None,
    }
}

fn schema(t: &DataType, origin: &str, fidelity: &mut Fidelity) -> Schema {
    match t {
        DataType::Int(n) => Schema::Int(range(n)),
        DataType::Float(n) => Schema::Float(range(n)),
        DataType::Double(n) => Schema::Double(range(n)),
        DataType::Text(t) => Schema::Text { max_length: t.length.as_deref().and_then(|l| l.trim().parse().ok()), min_length: None },
        DataType::Date => Schema::Timestamp,
        DataType::Bool(l) => {
            let label = |key: &str| l.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_default();
            Schema::Bool { labels: (!l.0.is_empty()).then(|| (label("0"), label("1"))) }
        }
        DataType::Enum(l) => Schema::Enum { labels: l.0.iter().filter_map(|(k, v)| Some((k.trim().parse().ok()?, v.clone()))).collect() },
        DataType::Struct(members) => Schema::Struct {
            fields: members
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    let origin = format!("{origin}/specs/{i}");
                    fidelity.element(&origin, format!("member `{}`", m.identifier));
                    Field {
                        id: m.identifier.clone(),
                        name: m.name.clone(),
                        description: None,
                        required: true,
                        schema: schema(&m.data_type, &format!("{origin}/dataType"), fidelity),
                        origin,
                    }
                })
                .collect(),
        },
        DataType::Array(a) => Schema::Array {
            size: a.size.as_deref().and_then(|s| s.trim().parse().ok()),
            item: Box::new(schema(&a.item, &format!("{origin}/specs/item"), fidelity)),
        },
    }
}

/// Writes a TSL (before the generated features are added).
pub fn write(thing: &Thing, fidelity: &mut Fidelity) -> Tsl {
    let mut doc = Tsl {
        schema_url: None,
        profile: Profile { version: thing.version.clone(), product_key: thing.product.clone() },
        function_block_id: None,
        function_block_name: None,
        function_blocks: Vec::new(),
        properties: Vec::new(),
        events: Vec::new(),
        services: Vec::new(),
    };
    for (what, value) in [("title", &thing.title), ("description", &thing.description), ("category", &thing.category)] {
        if value.is_some() {
            fidelity.lost("", format!("the model's {what}: a TSL has no place for it"));
        }
    }
    thing.services_lost(fidelity, "a TSL");
    let mut names = UniqueNames::default();
    for p in &thing.properties {
        let access_mode = match p.access {
            Access::ReadOnly => AccessMode::ReadOnly,
            Access::ReadWrite => AccessMode::ReadWrite,
            Access::WriteOnly => {
                fidelity.approximated(&p.origin, "write-only became read-write: TSL properties are `r` or `rw`".into());
                AccessMode::ReadWrite
            }
        };
        doc.properties.push(tsl::Property {
            identifier: p.id.clone(),
            name: names.claim(&p.name, &p.origin, fidelity),
            access_mode,
            required: p.required,
            desc: p.description.clone(),
            data_type: data_type(&p.schema, &p.origin, fidelity),
        });
    }
    for e in &thing.events {
        let event_type = match e.kind {
            Some(EventKind::Info) => EventType::Info,
            Some(EventKind::Alert) => EventType::Alert,
            Some(EventKind::Fault) => EventType::Error,
            None => {
                fidelity.approximated(&e.origin, "the event has no type in the source; it became `info`".into());
                EventType::Info
            }
        };
        doc.events.push(tsl::Event {
            identifier: e.id.clone(),
            name: names.claim(&e.name, &e.origin, fidelity),
            event_type,
            required: e.required,
            desc: e.description.clone(),
            method: generated::event_method(&e.id),
            output_data: write_params(&e.outputs, fidelity),
        });
    }
    for a in &thing.actions {
        let call_type = match a.synchronous {
            Some(true) => CallType::Sync,
            Some(false) => CallType::Async,
            None => {
                fidelity.approximated(&a.origin, "the source does not say how the action is called; the service is `async`".into());
                CallType::Async
            }
        };
        doc.services.push(tsl::Service {
            identifier: a.id.clone(),
            name: names.claim(&a.name, &a.origin, fidelity),
            required: a.required,
            call_type,
            desc: a.description.clone(),
            method: generated::service_method(&a.id),
            input_data: write_params(&a.inputs, fidelity).into_iter().map(InputItem::Param).collect(),
            output_data: write_params(&a.outputs, fidelity),
        });
    }
    doc
}

fn note_field(f: &Field, fidelity: &mut Fidelity) {
    if f.description.is_some() {
        fidelity.lost(&f.origin, "the description: TSL parameters have none".into());
    }
    if !f.required {
        fidelity.lost(&f.origin, "optional: every TSL parameter is required".into());
    }
}

/// Feature names, which a TSL keeps unique across properties, events and services (the other
/// formats do not): a repeated name gets a suffix.
#[derive(Default)]
struct UniqueNames(std::collections::HashSet<String>);

impl UniqueNames {
    fn claim(&mut self, name: &str, origin: &str, fidelity: &mut Fidelity) -> String {
        if name.is_empty() || self.0.insert(name.to_string()) {
            return name.to_string();
        }
        let unique = (2..).map(|n| format!("{name}_{n}")).find(|n| !self.0.contains(n)).unwrap_or_default();
        self.0.insert(unique.clone());
        fidelity.approximated(origin, format!("the name `{name}` became `{unique}`: another feature has it, and TSL names are unique"));
        unique
    }
}

fn write_params(fields: &[Field], fidelity: &mut Fidelity) -> Vec<Param> {
    fields
        .iter()
        .map(|f| {
            note_field(f, fidelity);
            Param { identifier: f.id.clone(), name: f.name.clone(), data_type: data_type(&f.schema, &f.origin, fidelity) }
        })
        .collect()
}

fn number(r: &Range, origin: &str, fidelity: &mut Fidelity) -> NumberSpecs {
    if r.start.is_some() {
        fidelity.lost(origin, "the initial value: TSL numbers have none".into());
    }
    NumberSpecs { min: r.min.clone(), max: r.max.clone(), step: r.step.clone(), unit: r.unit.clone(), unit_name: r.unit_name.clone() }
}

fn data_type(s: &Schema, origin: &str, fidelity: &mut Fidelity) -> DataType {
    match s {
        Schema::Bool { labels } => {
            let (no, yes) = labels.clone().unwrap_or_default();
            DataType::Bool(Labels(vec![("0".into(), no), ("1".into(), yes)]))
        }
        Schema::Int(r) => DataType::Int(number(r, origin, fidelity)),
        Schema::Long(r) => {
            fidelity
                .approximated(origin, "a 64-bit integer became `double` (TSL `int` is 32-bit); integers beyond 2^53 lose precision".into());
            DataType::Double(number(r, origin, fidelity))
        }
        Schema::Float(r) => DataType::Float(number(r, origin, fidelity)),
        Schema::Double(r) => DataType::Double(number(r, origin, fidelity)),
        Schema::Text { max_length, min_length } => {
            if min_length.is_some_and(|m| m > 0) {
                fidelity.lost(origin, "the minimum length: TSL text has only a maximum".into());
            }
            DataType::Text(TextSpecs { length: Some(max_length.unwrap_or(10240).min(10240).to_string()) })
        }
        Schema::Timestamp => DataType::Date,
        Schema::Enum { labels } => DataType::Enum(Labels(labels.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())),
        Schema::StringEnum { values } => {
            fidelity.approximated(
                origin,
                format!(
                    "string values ({}) became `text`: TSL enums have integer values",
                    values.iter().map(|(v, _)| v.as_str()).collect::<Vec<_>>().join(", ")
                ),
            );
            DataType::Text(TextSpecs { length: Some(values.iter().map(|(v, _)| v.len()).max().unwrap_or(1).max(1).to_string()) })
        }
        Schema::Struct { fields } => DataType::Struct(
            fields
                .iter()
                .map(|f| {
                    note_field(f, fidelity);
                    StructMember { identifier: f.id.clone(), name: f.name.clone(), data_type: data_type(&f.schema, &f.origin, fidelity) }
                })
                .collect(),
        ),
        Schema::Array { size, item } => {
            DataType::Array(Box::new(ArraySpecs { size: Some(size.unwrap_or(512).to_string()), item: data_type(item, origin, fidelity) }))
        }
        Schema::Json => {
            fidelity.approximated(origin, "a JSON object became `text` holding its JSON: TSL has no free-form object".into());
            DataType::Text(TextSpecs { length: Some("10240".into()) })
        }
    }
}
