//! Tencent IoT Explorer data templates to and from the internal model.

use super::fidelity::Fidelity;
use super::losses::{Losses, is_int_labels};
use crate::diagnostic::{Code, Diagnostic, join};
use crate::hub::{Access, Action, Annotation, Event, EventKind, Field, Property, Range, Schema, Thing};
use crate::model::data_type::Labels;
use crate::model::lenient::is_placeholder_number;
use crate::model::tencent::{self as t, DataTemplate, Define, Member, Mode, TypeName};
use crate::rules::numbers::fits_single;
use serde_json::Value;

/// Reads a (validated) data template.
pub fn read(doc: &DataTemplate, fidelity: &mut Fidelity) -> Thing {
    let mut thing = Thing {
        product: Some(doc.profile.product_id.clone()).filter(|p| !p.is_empty()),
        version: Some(doc.version.clone()),
        category: doc.profile.category_id.clone(),
        ..Thing::default()
    };
    for (i, p) in doc.properties.iter().enumerate() {
        let origin = format!("/properties/{i}");
        fidelity.element(&origin, format!("property `{}`", p.id));
        thing.properties.push(Property {
            id: p.id.clone(),
            name: p.name.clone(),
            description: text(&p.desc),
            access: match p.mode {
                Mode::ReadOnly => Access::ReadOnly,
                Mode::ReadWrite => Access::ReadWrite,
            },
            required: p.required,
            group: None,
            schema: schema(&p.define, &format!("{origin}/define"), fidelity),
            annotations: int_labels(&p.define, "define"),
            origin,
        });
    }
    for (i, e) in doc.events.iter().enumerate() {
        let origin = format!("/events/{i}");
        fidelity.element(&origin, format!("event `{}`", e.id));
        thing.events.push(Event {
            id: e.id.clone(),
            name: e.name.clone(),
            description: text(&e.desc),
            kind: Some(match e.event_type {
                t::EventType::Info => EventKind::Info,
                t::EventType::Alert => EventKind::Alert,
                t::EventType::Fault => EventKind::Fault,
            }),
            required: e.required,
            group: None,
            outputs: params(&e.params, &format!("{origin}/params"), fidelity),
            annotations: Vec::new(),
            origin,
        });
    }
    for (i, a) in doc.actions.iter().enumerate() {
        let origin = format!("/actions/{i}");
        fidelity.element(&origin, format!("action `{}`", a.id));
        thing.actions.push(Action {
            id: a.id.clone(),
            name: a.name.clone(),
            description: text(&a.desc),
            synchronous: None,
            required: a.required,
            group: None,
            inputs: params(&a.input, &format!("{origin}/input"), fidelity),
            outputs: params(&a.output, &format!("{origin}/output"), fidelity),
            annotations: Vec::new(),
            origin,
        });
    }
    thing
}

fn text(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

fn params(items: &[t::Param], origin: &str, fidelity: &mut Fidelity) -> Vec<Field> {
    items
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let origin = format!("{origin}/{i}");
            fidelity.element(&origin, format!("parameter `{}`", p.id));
            Field {
                id: p.id.clone(),
                name: p.name.clone(),
                description: text(&p.desc),
                required: true,
                schema: schema(&p.define, &format!("{origin}/define"), fidelity),
                annotations: int_labels(&p.define, "define"),
                origin,
            }
        })
        .collect()
}

fn range(d: &Define) -> Range {
    Range {
        min: d.min.clone(),
        max: d.max.clone(),
        step: d.step.clone(),
        unit: d.unit.clone(),
        unit_name: d.unit_desc.clone(),
        start: d.start.clone(),
    }
}

/// The value labels of an `int` (its `mapping`, or its array items'), which the hub's integers
/// have no place for: kept as annotations (`define/mapping`, relative to the element) so that a
/// data template written from the hub has them again, while the other writers report them lost.
fn int_labels(d: &Define, at: &str) -> Vec<Annotation> {
    let labels = |d: &Define, path: String| {
        let mapping = d.mapping.as_ref().filter(|m| d.ty == TypeName::Int && !m.0.is_empty())?;
        Some(Annotation { path, value: serde_json::to_value(mapping).ok()? })
    };
    let item = d.array_info.as_deref().and_then(|item| labels(item, format!("{at}/arrayInfo/mapping")));
    labels(d, format!("{at}/mapping")).into_iter().chain(item).collect()
}

/// Puts the value labels [`int_labels`] kept back on the written `define` (at `at`, `define`
/// or a member's `dataType`); labels that no longer label an `int` are reported lost.
fn restore_int_labels(d: &mut Define, notes: &[Annotation], at: &str, origin: &str, fidelity: &mut Fidelity) {
    for note in notes.iter().filter(|note| is_int_labels(note)) {
        let target = match note.path.strip_prefix(at) {
            Some("/mapping") => Some(&mut *d),
            Some("/arrayInfo/mapping") => d.array_info.as_deref_mut(),
            _ => None,
        };
        match (target, serde_json::from_value::<Labels>(note.value.clone())) {
            (Some(target), Ok(labels)) if target.ty == TypeName::Int => target.mapping = Some(labels),
            _ => fidelity.lost(&format!("{origin}/{}", note.path), "the value labels of an `int`: the integer became another type".into()),
        }
    }
}

/// Warns about each number written as a placeholder (`""`, `"undefined"`), which the reader
/// takes as absent: the console's 2020 exports wrote them where no value was set.
pub(crate) fn check_placeholders(value: &Value, out: &mut Vec<Diagnostic>) {
    for (list, defines) in [("properties", &[""][..]), ("events", &["params"]), ("actions", &["input", "output"])] {
        let Some(items) = value.get(list).and_then(Value::as_array) else { continue };
        for (i, item) in items.iter().enumerate() {
            let at = format!("/{list}/{i}");
            if list == "properties" {
                placeholders_in(item.get("define"), &format!("{at}/define"), out);
                continue;
            }
            for key in defines {
                for (j, param) in item.get(*key).and_then(Value::as_array).into_iter().flatten().enumerate() {
                    placeholders_in(param.get("define"), &format!("{at}/{key}/{j}/define"), out);
                }
            }
        }
    }
}

fn placeholders_in(define: Option<&Value>, at: &str, out: &mut Vec<Diagnostic>) {
    let Some(define) = define.and_then(Value::as_object) else { return };
    for key in ["min", "max", "start", "step"] {
        if let Some(text) = define.get(key).and_then(Value::as_str).filter(|text| is_placeholder_number(text)) {
            out.push(
                Diagnostic::new(
                    Code::PlaceholderNumber,
                    join(at, key),
                    format!("`{key}` is `{text:?}`, which older console exports write for no value; read as absent"),
                )
                .with_help(format!("leave `{key}` out, or give a number such as \"1\"")),
            );
        }
    }
    placeholders_in(define.get("arrayInfo"), &join(at, "arrayInfo"), out);
    for (k, member) in define.get("specs").and_then(Value::as_array).into_iter().flatten().enumerate() {
        placeholders_in(member.get("dataType"), &format!("{at}/specs/{k}/dataType"), out);
    }
}

fn schema(d: &Define, origin: &str, fidelity: &mut Fidelity) -> Schema {
    let labels = || d.mapping.clone().unwrap_or_default().0;
    match d.ty {
        TypeName::Bool => {
            let labels = labels();
            let label = |key: &str| labels.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_default();
            Schema::Bool { labels: (!labels.is_empty()).then(|| (label("0"), label("1"))) }
        }
        TypeName::Int => Schema::Int(range(d)),
        TypeName::Float => Schema::Float(range(d)),
        TypeName::String => Schema::Text {
            max_length: d.max.as_deref().and_then(|m| m.trim().parse().ok()),
            min_length: d.min.as_deref().and_then(|m| m.trim().parse().ok()),
        },
        TypeName::Enum => Schema::Enum { labels: labels().into_iter().filter_map(|(k, v)| Some((k.trim().parse().ok()?, v))).collect() },
        TypeName::Stringenum => Schema::StringEnum { values: labels() },
        TypeName::Timestamp => Schema::Timestamp,
        TypeName::Struct => {
            Schema::Struct { fields: members(d.specs.as_deref().unwrap_or_default(), &format!("{origin}/specs"), fidelity) }
        }
        TypeName::Array => match &d.array_info {
            Some(item) => Schema::Array { size: None, item: Box::new(schema(item, &format!("{origin}/arrayInfo"), fidelity)) },
            None => Schema::Array { size: None, item: Box::new(Schema::Int(Range::default())) },
        },
    }
}

fn members(items: &[Member], origin: &str, fidelity: &mut Fidelity) -> Vec<Field> {
    items
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let origin = format!("{origin}/{i}");
            fidelity.element(&origin, format!("member `{}`", m.id));
            Field {
                id: m.id.clone(),
                name: m.name.clone(),
                description: None,
                required: true,
                schema: schema(&m.data_type, &format!("{origin}/dataType"), fidelity),
                annotations: int_labels(&m.data_type, "dataType"),
                origin,
            }
        })
        .collect()
}

/// Writes a data template.
pub fn write(thing: &Thing, fidelity: &mut Fidelity) -> DataTemplate {
    if thing.title.is_some() || thing.description.is_some() {
        fidelity.lost("", "the model's title and description: a data template has no place for them".into());
    }
    let mut doc = DataTemplate {
        version: "1.0".into(),
        profile: t::Profile { product_id: thing.product.clone().unwrap_or_default(), category_id: thing.category.clone() },
        properties: Vec::new(),
        events: Vec::new(),
        actions: Vec::new(),
    };
    if thing.version.as_deref().is_some_and(|v| v != "1.0") {
        fidelity.approximated("", "the model's version: a data template's version is the format's, `1.0`".into());
    }
    thing.services_lost(fidelity, "a data template");
    // A data template holds an `int`'s value labels: they are put back below, not lost.
    thing.annotations_lost_but(fidelity, "a data template", &is_int_labels);
    for p in &thing.properties {
        let mode = match p.access {
            Access::ReadOnly => Mode::ReadOnly,
            Access::ReadWrite => Mode::ReadWrite,
            Access::WriteOnly => {
                fidelity.approximated(&p.origin, "write-only became `rw`: data template properties are `r` or `rw`".into());
                Mode::ReadWrite
            }
        };
        doc.properties.push(t::Property {
            id: p.id.clone(),
            name: p.name.clone(),
            desc: p.description.clone().unwrap_or_default(),
            mode,
            required: p.required,
            define: {
                let mut d = define(&p.schema, &p.origin, fidelity);
                restore_int_labels(&mut d, &p.annotations, "define", &p.origin, fidelity);
                d
            },
        });
    }
    for e in &thing.events {
        let event_type = match e.kind {
            Some(EventKind::Info) => t::EventType::Info,
            Some(EventKind::Alert) => t::EventType::Alert,
            Some(EventKind::Fault) => t::EventType::Fault,
            None => {
                fidelity.approximated(&e.origin, "the event has no type in the source; it became `info`".into());
                t::EventType::Info
            }
        };
        doc.events.push(t::Event {
            id: e.id.clone(),
            name: e.name.clone(),
            desc: e.description.clone().unwrap_or_default(),
            event_type,
            required: e.required,
            params: write_params(&e.outputs, fidelity),
        });
    }
    for a in &thing.actions {
        if a.synchronous.is_some() {
            fidelity.lost(&a.origin, "the call type (sync or async): data template actions do not say".into());
        }
        doc.actions.push(t::Action {
            id: a.id.clone(),
            name: a.name.clone(),
            desc: a.description.clone().unwrap_or_default(),
            required: a.required,
            input: write_params(&a.inputs, fidelity),
            output: write_params(&a.outputs, fidelity),
        });
    }
    doc
}

fn write_params(fields: &[Field], fidelity: &mut Fidelity) -> Vec<t::Param> {
    fields
        .iter()
        .map(|f| {
            if !f.required {
                fidelity.lost(&f.origin, "optional: data template parameters are always sent".into());
            }
            let mut d = define(&f.schema, &f.origin, fidelity);
            restore_int_labels(&mut d, &f.annotations, "define", &f.origin, fidelity);
            t::Param { id: f.id.clone(), name: f.name.clone(), desc: f.description.clone().unwrap_or_default(), define: d }
        })
        .collect()
}

fn empty(ty: TypeName) -> Define {
    Define { ty, min: None, max: None, start: None, step: None, unit: None, unit_desc: None, mapping: None, specs: None, array_info: None }
}

fn number(ty: TypeName, r: &Range, origin: &str, fidelity: &mut Fidelity) -> Define {
    let mut bound = |text: &Option<String>| -> Option<String> {
        let text = text.as_ref()?;
        // A data template's `float` is single precision: wider bounds (a double's or a 64-bit
        // integer's) are clamped to the largest float, as Java prints it.
        match text.trim().parse::<f64>() {
            Ok(v) if ty == TypeName::Float && !fits_single(v) => {
                let clamped = if v < 0.0 { "-3.4028235E38" } else { "3.4028235E38" };
                fidelity.approximated(origin, format!("the bound {text} became {clamped}: a data template's `float` is single precision"));
                Some(clamped.to_string())
            }
            _ => Some(text.clone()),
        }
    };
    Define {
        min: bound(&r.min),
        max: bound(&r.max),
        start: bound(&r.start),
        step: r.step.clone(),
        unit: r.unit.clone(),
        unit_desc: r.unit_name.clone(),
        ..empty(ty)
    }
}

fn define(s: &Schema, origin: &str, fidelity: &mut Fidelity) -> Define {
    match s {
        Schema::Bool { labels } => {
            let (no, yes) = labels.clone().unwrap_or_default();
            Define { mapping: Some(Labels(vec![("0".into(), no), ("1".into(), yes)])), ..empty(TypeName::Bool) }
        }
        Schema::Int(r) => number(TypeName::Int, r, origin, fidelity),
        Schema::Long(r) => {
            fidelity.approximated(origin, "a 64-bit integer became `float`: data template integers are 32-bit".into());
            number(TypeName::Float, r, origin, fidelity)
        }
        Schema::Float(r) => number(TypeName::Float, r, origin, fidelity),
        Schema::Double(r) => {
            fidelity.approximated(origin, "double precision became `float`".into());
            number(TypeName::Float, r, origin, fidelity)
        }
        Schema::Text { max_length, min_length } => Define {
            min: Some(min_length.unwrap_or(0).to_string()),
            max: Some(max_length.unwrap_or(2048).to_string()),
            ..empty(TypeName::String)
        },
        Schema::Timestamp => empty(TypeName::Timestamp),
        Schema::Enum { labels } => {
            Define { mapping: Some(Labels(labels.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())), ..empty(TypeName::Enum) }
        }
        Schema::StringEnum { values } => Define { mapping: Some(Labels(values.clone())), ..empty(TypeName::Stringenum) },
        Schema::Struct { fields } => Define {
            specs: Some(
                fields
                    .iter()
                    .map(|f| {
                        if f.description.is_some() {
                            fidelity.lost(&f.origin, "the description: struct members have none".into());
                        }
                        let mut data_type = define(&f.schema, &f.origin, fidelity);
                        restore_int_labels(&mut data_type, &f.annotations, "dataType", &f.origin, fidelity);
                        Member { id: f.id.clone(), name: f.name.clone(), data_type }
                    })
                    .collect(),
            ),
            ..empty(TypeName::Struct)
        },
        Schema::Array { size, item } => {
            if size.is_some() {
                fidelity.lost(origin, "the array's size: data template arrays have none".into());
            }
            Define { array_info: Some(Box::new(define(item, origin, fidelity))), ..empty(TypeName::Array) }
        }
        Schema::Json => {
            fidelity.approximated(origin, "a JSON object became a `string` holding its JSON".into());
            Define { min: Some("0".into()), max: Some("2048".into()), ..empty(TypeName::String) }
        }
    }
}
