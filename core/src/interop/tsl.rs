//! TSL to and from the internal model. The platform-generated `post`, `set` and `get` are left
//! out on the way in and generated again on the way out (by `convert::to_tsl`'s canonical form).

use super::fidelity::Fidelity;
use super::losses::Losses;
use crate::hub::{Access, Action, Event, EventKind, Field, Property, Range, Schema, Thing};
use crate::model::Tsl;
use crate::model::data_type::{ArraySpecs, DataType, Labels, NumberSpecs, StructMember, TextSpecs};
use crate::model::tsl::{self, AccessMode, CallType, EventType, InputItem, Param, Profile, generated};
use crate::rules::names::{self, NameKind};

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
            annotations: Vec::new(),
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
            annotations: Vec::new(),
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
            annotations: Vec::new(),
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
                annotations: Vec::new(),
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
                        annotations: Vec::new(),
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
    thing.annotations_lost(fidelity, "a TSL");
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
            name: names.claim(&p.name, &p.id, &p.origin, fidelity),
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
            name: names.claim(&e.name, &e.id, &e.origin, fidelity),
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
            name: names.claim(&a.name, &a.id, &a.origin, fidelity),
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
    fn claim(&mut self, name: &str, id: &str, origin: &str, fidelity: &mut Fidelity) -> String {
        let name = tsl_name(name, id, NameKind::Feature, origin, fidelity);
        if self.0.insert(name.clone()) {
            return name;
        }
        let unique = (2..)
            .map(|n| {
                let suffix = format!("_{n}");
                let kept: String = name.chars().take(MAX_NAME - suffix.len()).collect();
                kept + &suffix
            })
            .find(|n| !self.0.contains(n))
            .unwrap_or_default();
        self.0.insert(unique.clone());
        fidelity.approximated(origin, format!("the name `{name}` became `{unique}`: another feature has it, and TSL names are unique"));
        unique
    }
}

/// The most characters of a TSL feature name.
const MAX_NAME: usize = 30;

/// A name or label as a TSL can hold it (`names::nearest_name`), reported when it changes.
fn tsl_name(name: &str, fallback: &str, kind: NameKind, origin: &str, fidelity: &mut Fidelity) -> String {
    let Some(near) = names::nearest_name(name, kind, fallback) else {
        return name.to_string();
    };
    let (what, rule) = match kind {
        NameKind::Feature => ("name", "TSL names are CJK characters, letters, digits, `-`, `_` and `.`, at most 30"),
        NameKind::Label => ("label", "TSL labels are CJK characters, letters, digits, `-` and `_`, at most 20"),
    };
    fidelity.approximated(origin, format!("the {what} `{name}` became `{near}`: {rule}"));
    near
}

fn write_params(fields: &[Field], fidelity: &mut Fidelity) -> Vec<Param> {
    fields
        .iter()
        .map(|f| {
            note_field(f, fidelity);
            let name = tsl_name(&f.name, &f.id, NameKind::Feature, &f.origin, fidelity);
            Param { identifier: f.id.clone(), name, data_type: data_type(&f.schema, &f.origin, fidelity) }
        })
        .collect()
}

/// A TSL number type, for its limits.
#[derive(Clone, Copy)]
enum Number {
    Int,
    Float,
    Double,
}

impl Number {
    fn limits(self) -> (&'static str, &'static str) {
        match self {
            Number::Int => ("-2147483648", "2147483647"),
            // Just inside f32::MAX, which a shorter decimal would round past.
            Number::Float => ("-3.4028234E38", "3.4028234E38"),
            Number::Double => ("-1.7976931348623157E308", "1.7976931348623157E308"),
        }
    }
}

/// TSL numbers state `min`, `max` and `step`; where the source leaves one out, the TSL states
/// the type's own limit, and a step of 1 (0.01 for fractions, or less when the range is narrower).
fn number(r: &Range, kind: Number, origin: &str, fidelity: &mut Fidelity) -> NumberSpecs {
    if r.start.is_some() {
        fidelity.lost(origin, "the initial value: TSL numbers have none".into());
    }
    let (lowest, highest) = kind.limits();
    let mut filled = Vec::new();
    let mut fill = |given: &Option<String>, field: &str, value: String| {
        given.clone().unwrap_or_else(|| {
            filled.push(format!("`{field}` {value}"));
            value
        })
    };
    let mut min = fill(&r.min, "min", lowest.into());
    let mut max = fill(&r.max, "max", highest.into());
    let mut step = fill(
        &r.step,
        "step",
        match kind {
            Number::Int => "1".into(),
            Number::Float | Number::Double => {
                let span = max.trim().parse::<f64>().unwrap_or(f64::INFINITY) - min.trim().parse::<f64>().unwrap_or(f64::NEG_INFINITY);
                if span > 0.0 && span < 0.01 { span.to_string() } else { "0.01".into() }
            }
        },
    );
    if !filled.is_empty() {
        fidelity.approximated(origin, format!("the source leaves out bounds a TSL states; they became {}", filled.join(", ")));
    }
    // A TSL step is more than 0 and at most max − min: a range of one value is widened by a step
    // (downwards at the top of the type), a step wider than the range narrowed to it.
    if let (Ok(lo), Ok(hi), Ok(by)) = (min.trim().parse::<f64>(), max.trim().parse::<f64>(), step.trim().parse::<f64>())
        && by > 0.0
        && by > hi - lo
    {
        if hi == lo {
            let (from, to) = match kind {
                Number::Int if lo + by.ceil() > f64::from(i32::MAX) => (((lo - by.ceil()) as i64).to_string(), max.clone()),
                Number::Int => (min.clone(), ((lo + by.ceil()) as i64).to_string()),
                Number::Float | Number::Double => (min.clone(), (lo + by).to_string()),
            };
            fidelity
                .approximated(origin, format!("the one value {min} became the range {from}..{to}: a TSL range is at least one step wide"));
            (min, max) = (from, to);
        } else {
            let narrowed = (hi - lo).to_string();
            fidelity.approximated(origin, format!("the step {step} became {narrowed}: a TSL step is at most `max` - `min`"));
            step = narrowed;
        }
    }
    NumberSpecs { min: Some(min), max: Some(max), step: Some(step), unit: r.unit.clone(), unit_name: r.unit_name.clone() }
}

fn data_type(s: &Schema, origin: &str, fidelity: &mut Fidelity) -> DataType {
    match s {
        Schema::Bool { labels } => {
            let (no, yes) = labels.clone().unwrap_or_else(|| {
                fidelity.approximated(origin, "the bool has no labels in the source; the TSL's are `false` and `true`".into());
                ("false".into(), "true".into())
            });
            let no = tsl_name(&no, "false", NameKind::Label, origin, fidelity);
            let yes = tsl_name(&yes, "true", NameKind::Label, origin, fidelity);
            DataType::Bool(Labels(vec![("0".into(), no), ("1".into(), yes)]))
        }
        Schema::Int(r) => DataType::Int(number(r, Number::Int, origin, fidelity)),
        Schema::Long(r) => {
            fidelity
                .approximated(origin, "a 64-bit integer became `double` (TSL `int` is 32-bit); integers beyond 2^53 lose precision".into());
            DataType::Double(number(r, Number::Double, origin, fidelity))
        }
        Schema::Float(r) => DataType::Float(number(r, Number::Float, origin, fidelity)),
        Schema::Double(r) => DataType::Double(number(r, Number::Double, origin, fidelity)),
        Schema::Text { max_length, min_length } => {
            if min_length.is_some_and(|m| m > 0) {
                fidelity.lost(origin, "the minimum length: TSL text has only a maximum".into());
            }
            let length = max_length.unwrap_or(MAX_TEXT).clamp(1, MAX_TEXT);
            if max_length.is_some_and(|m| m != length) {
                fidelity.approximated(origin, format!("the maximum length became {length}: TSL text holds 1 to {MAX_TEXT} characters"));
            }
            DataType::Text(TextSpecs { length: Some(length.to_string()) })
        }
        Schema::Timestamp => DataType::Date,
        Schema::Enum { labels } => DataType::Enum(Labels(
            labels.iter().map(|(k, v)| (k.to_string(), tsl_name(v, &k.to_string(), NameKind::Label, origin, fidelity))).collect(),
        )),
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
                    let name = tsl_name(&f.name, &f.id, NameKind::Feature, &f.origin, fidelity);
                    let data_type = match &f.schema {
                        Schema::Struct { .. } | Schema::Array { .. } => {
                            json_text(&f.origin, "a struct's member that is itself a struct or an array", fidelity)
                        }
                        other => data_type(other, &f.origin, fidelity),
                    };
                    StructMember { identifier: f.id.clone(), name, data_type }
                })
                .collect(),
        ),
        Schema::Array { size, item } => {
            let length = size.unwrap_or(MAX_ARRAY).clamp(1, MAX_ARRAY);
            if *size != Some(length) {
                let said = size.map_or("no size".to_string(), |s| format!("the size {s}"));
                fidelity.approximated(origin, format!("{said} became {length}: a TSL array holds 1 to {MAX_ARRAY} items"));
            }
            DataType::Array(Box::new(ArraySpecs { size: Some(length.to_string()), item: array_item(item, origin, fidelity) }))
        }
        Schema::Json => json_text(origin, "a JSON object", fidelity),
    }
}

/// The longest TSL text, and the most items of a TSL array.
const MAX_TEXT: u64 = 10240;
const MAX_ARRAY: u64 = 512;

/// What TSL cannot hold in its place, as text holding the JSON of the value.
fn json_text(origin: &str, what: &str, fidelity: &mut Fidelity) -> DataType {
    fidelity.approximated(origin, format!("{what} became `text` holding its JSON: a TSL cannot hold it there"));
    DataType::Text(TextSpecs { length: Some(MAX_TEXT.to_string()) })
}

/// An array's item type: TSL arrays hold only numbers, text and structs.
fn array_item(item: &Schema, origin: &str, fidelity: &mut Fidelity) -> DataType {
    match item {
        Schema::Bool { .. } => {
            fidelity.approximated(origin, "bool items became `int` 0..1 (their labels are lost): a TSL array cannot hold bools".into());
            DataType::Int(NumberSpecs { min: Some("0".into()), max: Some("1".into()), step: Some("1".into()), unit: None, unit_name: None })
        }
        Schema::Enum { labels } => {
            let keys = || labels.iter().map(|(k, _)| *k);
            fidelity.approximated(
                origin,
                "enum items became `int` spanning their values (the labels are lost): a TSL array cannot hold enums".into(),
            );
            let range = Range {
                min: keys().min().map(|k| k.to_string()),
                max: keys().max().map(|k| k.to_string()),
                step: Some("1".into()),
                ..Range::default()
            };
            DataType::Int(number(&range, Number::Int, origin, fidelity))
        }
        Schema::Timestamp => {
            fidelity.approximated(origin, "date items became `text` (UTC milliseconds as text): a TSL array cannot hold dates".into());
            DataType::Text(TextSpecs { length: Some("13".into()) })
        }
        Schema::Array { .. } => json_text(origin, "an array's items that are arrays", fidelity),
        other => data_type(other, origin, fidelity),
    }
}
