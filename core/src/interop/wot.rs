//! W3C WoT Thing Models to and from the internal model. Labels ride on `oneOf` branches
//! (`{"const": 1, "title": "on"}`), optional features on `tm:optional`; the bool values 0/1 of the
//! Chinese platforms become `false`/`true`, and timestamps RFC 3339 `date-time` strings.
//! Semantic annotations and a Thing Model's placeholders ride in the hub's `annotations`
//! ([`annotations`]); the other terms of an affordance or data schema, which no other format
//! holds, are reported lost ([`unread`]); what a document must be beyond its schema is
//! [`check`]'s. WoT → WoT does not go through the internal model: the document is kept as it is
//! ([`super::same`]).

mod annotations;
mod check;
mod unread;

pub use check::check_document;

use super::fidelity::Fidelity;
use super::losses::Losses;
use crate::hub::{Access, Action, Event, Field, Property, Range, Schema, Thing};
use crate::model::wot::{Affordance, DataSchema, Ordered, TD_CONTEXT, ThingModel, is_placeholder};
use serde_json::{Number, Value, json};

/// How a product identifier is written as the Thing Model's `id` (a URI).
const PRODUCT_URN: &str = "urn:thingkit:product:";

/// The TD 1.0 context URL, also accepted.
const TD_CONTEXT_1_0: &str = "https://www.w3.org/2019/wot/td/v1";

/// Whether a document's `@type` makes it a Thing Model (`tm:ThingModel`, alone or in a list).
fn is_model(ty: &Value) -> bool {
    ty == "tm:ThingModel" || ty.as_array().is_some_and(|a| a.iter().any(|t| t == "tm:ThingModel"))
}

/// Reads a (validated) Thing Model or Thing Description.
pub fn read(doc: &ThingModel, value: &Value, fidelity: &mut Fidelity) -> Thing {
    let is_model = doc.ty.as_ref().is_some_and(is_model);
    let optional = |kind: &str, name: &str| {
        // `tm:optional` holds JSON pointers: a name with `/` or `~` is escaped there.
        let pointer = format!("/{kind}/{}", escape(name));
        doc.tm_optional.iter().any(|o| o.trim_start_matches('#') == pointer)
    };
    for key in doc.other.keys().filter(|key| !annotations::is_term(value, key)) {
        fidelity.lost(&format!("/{}", escape(key)), format!("`{key}`: only the affordances and their data schemas are converted"));
    }
    // One version is read: the model's, else the instance's.
    let taken = doc.version.as_ref().and_then(|v| ["model", "instance"].into_iter().find(|k| v.get(k).is_some()));
    for key in doc.version.as_ref().and_then(Value::as_object).into_iter().flatten().map(|(k, _)| k).filter(|k| Some(k.as_str()) != taken) {
        fidelity
            .lost(&format!("/version/{}", escape(key)), format!("the version's `{key}`: the other formats hold one version, the model's"));
    }
    let product = doc.id.as_ref().map(|id| id.strip_prefix(PRODUCT_URN).unwrap_or(id).to_string());
    let mut thing = Thing {
        // A title that only repeats the product (as written for a model without one) says nothing.
        title: doc.title.clone().filter(|t| Some(t) != product.as_ref()),
        product,
        description: doc.description.clone(),
        version: doc.version.as_ref().map(|v| match v.get("model").or(v.get("instance")).unwrap_or(v) {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }),
        ..Thing::default()
    };
    for (name, a) in &doc.properties.0 {
        let origin = format!("/properties/{}", escape(name));
        fidelity.element(&origin, format!("property `{name}`"));
        if a.observable.is_some() || value.pointer(&format!("{origin}/forms")).is_some() {
            fidelity.lost(&origin, "`observable` and `forms`: the other formats describe data, not protocols".into());
        }
        let access = match (a.schema.read_only, a.schema.write_only) {
            (Some(true), _) => Access::ReadOnly,
            (_, Some(true)) => Access::WriteOnly,
            _ => Access::ReadWrite,
        };
        thing.properties.push(Property {
            id: name.clone(),
            name: a.schema.title.clone().unwrap_or_default(),
            description: a.schema.description.clone(),
            access,
            required: is_model && !optional("properties", name),
            group: None,
            schema: schema(&a.schema, &origin, fidelity),
            annotations: Vec::new(),
            origin,
        });
    }
    for (name, a) in &doc.events.0 {
        let origin = format!("/events/{}", escape(name));
        fidelity.element(&origin, format!("event `{name}`"));
        thing.events.push(Event {
            id: name.clone(),
            name: a.schema.title.clone().unwrap_or_default(),
            description: a.schema.description.clone(),
            kind: None,
            required: is_model && !optional("events", name),
            group: None,
            outputs: fields(a.data.as_ref(), &format!("{origin}/data"), fidelity),
            annotations: Vec::new(),
            origin,
        });
    }
    for (name, a) in &doc.actions.0 {
        let origin = format!("/actions/{}", escape(name));
        fidelity.element(&origin, format!("action `{name}`"));
        thing.actions.push(Action {
            id: name.clone(),
            name: a.schema.title.clone().unwrap_or_default(),
            description: a.schema.description.clone(),
            synchronous: a.synchronous,
            required: is_model && !optional("actions", name),
            group: None,
            inputs: fields(a.input.as_ref(), &format!("{origin}/input"), fidelity),
            outputs: fields(a.output.as_ref(), &format!("{origin}/output"), fidelity),
            annotations: Vec::new(),
            origin,
        });
    }
    annotations::read(&mut thing, value);
    tuples(value, "", fidelity);
    unread::report(value, fidelity);
    thing
}

/// The tuple form of `items` (one schema per position, TD 1.1 §5.3.2.2) was read as an array
/// of its first schema: said at each such `items`.
fn tuples(value: &Value, pointer: &str, fidelity: &mut Fidelity) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                let here = format!("{pointer}/{}", escape(key));
                if key == "items" && v.is_array() {
                    fidelity.approximated(&here, "tuple-form `items` became an array of its first schema".into());
                }
                tuples(v, &here, fidelity);
            }
        }
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| tuples(v, &format!("{pointer}/{i}"), fidelity)),
        _ => {}
    }
}

/// RFC 6901 escaping of one key.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The parameters of an action's input or output or of an event's data: an object's members,
/// or one parameter named `value` for any other schema.
fn fields(schema: Option<&DataSchema>, origin: &str, fidelity: &mut Fidelity) -> Vec<Field> {
    let Some(s) = schema else { return Vec::new() };
    match &s.properties {
        Some(members) if s.ty.as_deref().is_none_or(|t| t == "object") => {
            members_of(members, s.required.as_deref().unwrap_or_default(), origin, fidelity)
        }
        _ => {
            fidelity.element(origin, "the data".into());
            fidelity.approximated(origin, "a data schema that is not an object became one parameter, `value`".into());
            vec![Field {
                id: "value".into(),
                name: s.title.clone().unwrap_or_default(),
                description: s.description.clone(),
                required: true,
                schema: self::schema(s, origin, fidelity),
                annotations: Vec::new(),
                origin: origin.into(),
            }]
        }
    }
}

fn members_of(members: &Ordered<DataSchema>, required: &[String], origin: &str, fidelity: &mut Fidelity) -> Vec<Field> {
    members
        .0
        .iter()
        .map(|(name, m)| {
            let origin = format!("{origin}/properties/{}", escape(name));
            fidelity.element(&origin, format!("member `{name}`"));
            Field {
                id: name.clone(),
                name: m.title.clone().unwrap_or_default(),
                description: m.description.clone(),
                required: required.contains(name),
                schema: schema(m, &origin, fidelity),
                annotations: Vec::new(),
                origin,
            }
        })
        .collect()
}

fn text(n: &Option<Number>) -> Option<String> {
    n.as_ref().map(Number::to_string)
}

fn range(s: &DataSchema) -> Range {
    Range {
        min: text(&s.minimum),
        max: text(&s.maximum),
        step: text(&s.multiple_of),
        unit: s.unit.clone(),
        unit_name: None,
        // A placeholder (`"{{DEFAULT}}"`) is no value: it rides in the annotations.
        start: s.default.as_ref().filter(|d| !d.as_str().is_some_and(is_placeholder)).map(|d| match d {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }),
    }
}

/// Labelled values: `oneOf` branches with `const` (and `title`), or a plain non-empty `enum` (an
/// empty one is the check's error, not an enum without values).
fn labelled(s: &DataSchema) -> Option<Vec<(Value, String)>> {
    if let Some(branches) = &s.one_of {
        return branches.iter().map(|b| Some((b.constant.clone()?, b.title.clone().unwrap_or_default()))).collect();
    }
    s.enumeration
        .as_ref()
        .filter(|values| !values.is_empty())
        .map(|values| values.iter().map(|v| (v.clone(), v.as_str().map_or_else(|| v.to_string(), str::to_string))).collect())
}

fn schema(s: &DataSchema, origin: &str, fidelity: &mut Fidelity) -> Schema {
    // An enum the hub holds as labelled values is of booleans, integers or strings; any other
    // (objects, numbers, values of another type) makes the data a JSON value, said here.
    let fits = |v: &Value| match s.ty.as_deref() {
        Some("boolean") => v.is_boolean(),
        Some("integer") => v.is_i64(),
        Some("string") => v.is_string(),
        _ => false,
    };
    if labelled(s).is_some_and(|values| !values.iter().all(|(v, _)| fits(v))) {
        let what = s.ty.as_deref().map_or("a data schema without `type`".into(), |t| format!("`{t}`"));
        fidelity.approximated(origin, format!("the enum of {what} holds values no target holds as an enum: read as a JSON value"));
        return Schema::Json;
    }
    // The reader serves only other targets (WoT → WoT keeps the document): what every one of
    // them writes differently from WoT is said here, as each writer says it the other way.
    match s.ty.as_deref() {
        Some("boolean") => {
            fidelity.approximated(origin, "the boolean values `false` and `true` became the bool's 0 and 1".into());
            let labels = labelled(s).map(|l| {
                let label = |b: bool| l.iter().find(|(v, _)| *v == Value::Bool(b)).map(|(_, t)| t.clone()).unwrap_or_default();
                (label(false), label(true))
            });
            Schema::Bool { labels }
        }
        Some("integer") => match labelled(s) {
            Some(labels) => Schema::Enum { labels: labels.into_iter().filter_map(|(v, t)| Some((v.as_i64()?, t))).collect() },
            None => {
                let wide = |n: &Option<Number>| n.as_ref().and_then(Number::as_i64).is_some_and(|n| i32::try_from(n).is_err());
                if wide(&s.minimum) || wide(&s.maximum) { Schema::Long(range(s)) } else { Schema::Int(range(s)) }
            }
        },
        Some("number") => Schema::Double(range(s)),
        Some("string") if s.format.as_deref() == Some("date-time") => {
            fidelity.approximated(
                origin,
                "an RFC 3339 `date-time` string became a timestamp (epoch milliseconds, or Huawei's `DateTime` text)".into(),
            );
            Schema::Timestamp
        }
        Some("string") => match labelled(s) {
            Some(values) => {
                Schema::StringEnum { values: values.into_iter().filter_map(|(v, t)| Some((v.as_str()?.to_string(), t))).collect() }
            }
            None => Schema::Text { max_length: s.max_length, min_length: s.min_length },
        },
        Some("object") | None if s.properties.is_some() => Schema::Struct {
            fields: members_of(
                s.properties.as_ref().unwrap_or(&Ordered::default()),
                s.required.as_deref().unwrap_or_default(),
                origin,
                fidelity,
            ),
        },
        Some("array") => Schema::Array {
            size: s.max_items,
            item: Box::new(s.items.as_deref().map_or(Schema::Json, |item| schema(item, &format!("{origin}/items"), fidelity))),
        },
        Some("object") => Schema::Json,
        other => {
            fidelity.approximated(
                origin,
                format!("a data schema of type {} was read as a JSON object", other.map_or("(none)".into(), |t| format!("`{t}`"))),
            );
            Schema::Json
        }
    }
}

/// Writes a Thing Model.
pub fn write(thing: &Thing, fidelity: &mut Fidelity) -> ThingModel {
    let mut doc = ThingModel {
        context: json!(TD_CONTEXT),
        ty: Some(json!("tm:ThingModel")),
        id: thing.product.as_ref().map(|p| format!("{PRODUCT_URN}{p}")),
        title: Some(thing.title.clone().or_else(|| thing.product.clone()).unwrap_or_else(|| "thing".into())),
        description: thing.description.clone(),
        version: thing.version.as_ref().map(|v| json!({"model": v})),
        ..ThingModel::default()
    };
    annotations::write_thing(&mut doc, &thing.annotations);
    thing.services_lost(fidelity, "a Thing Model");
    if let Some(category) = &thing.category {
        fidelity.lost("", format!("the category `{category}`: a Thing Model has no category"));
    }
    for p in &thing.properties {
        let mut s = data_schema(&p.schema, &p.origin, fidelity);
        s.title = Some(p.name.clone()).filter(|n| !n.is_empty());
        s.description = p.description.clone();
        match p.access {
            Access::ReadOnly => s.read_only = Some(true),
            Access::WriteOnly => s.write_only = Some(true),
            Access::ReadWrite => {}
        }
        if !p.required {
            doc.tm_optional.push(format!("/properties/{}", escape(&p.id)));
        }
        let mut affordance = Affordance { schema: s, ..Affordance::default() };
        annotations::write_affordance(&mut affordance, &p.origin, &p.annotations, fidelity);
        doc.properties.0.push((p.id.clone(), affordance));
    }
    for e in &thing.events {
        if let Some(kind) = e.kind {
            fidelity.lost(&e.origin, format!("the event type ({kind:?}): a Thing Model's events have none").to_lowercase());
        }
        if !e.required {
            doc.tm_optional.push(format!("/events/{}", escape(&e.id)));
        }
        let schema = DataSchema {
            title: Some(e.name.clone()).filter(|n| !n.is_empty()),
            description: e.description.clone(),
            ..DataSchema::default()
        };
        let mut affordance = Affordance { schema, data: object(&e.outputs, fidelity), ..Affordance::default() };
        annotations::write_affordance(&mut affordance, &e.origin, &e.annotations, fidelity);
        doc.events.0.push((e.id.clone(), affordance));
    }
    for a in &thing.actions {
        if !a.required {
            doc.tm_optional.push(format!("/actions/{}", escape(&a.id)));
        }
        let schema = DataSchema {
            title: Some(a.name.clone()).filter(|n| !n.is_empty()),
            description: a.description.clone(),
            ..DataSchema::default()
        };
        let mut affordance = Affordance {
            schema,
            input: object(&a.inputs, fidelity),
            output: object(&a.outputs, fidelity),
            synchronous: a.synchronous,
            ..Affordance::default()
        };
        annotations::write_affordance(&mut affordance, &a.origin, &a.annotations, fidelity);
        doc.actions.0.push((a.id.clone(), affordance));
    }
    doc
}

/// Parameters as an object schema (none: no schema).
fn object(fields: &[Field], fidelity: &mut Fidelity) -> Option<DataSchema> {
    if fields.is_empty() {
        return None;
    }
    let mut properties = Vec::new();
    let mut required = Vec::new();
    for f in fields {
        let mut s = data_schema(&f.schema, &f.origin, fidelity);
        s.title = Some(f.name.clone()).filter(|n| !n.is_empty());
        s.description = f.description.clone();
        annotations::write_schema(&mut s, &f.origin, &f.annotations, fidelity);
        if f.required {
            required.push(f.id.clone());
        }
        properties.push((f.id.clone(), s));
    }
    Some(DataSchema { ty: Some("object".into()), properties: Some(Ordered(properties)), required: Some(required), ..DataSchema::default() })
}

fn number(text: &Option<String>, what: &str, origin: &str, fidelity: &mut Fidelity) -> Option<Number> {
    let text = text.as_deref()?;
    // An integer stays an integer: serde_json reads `-0` as the float -0.0, which an
    // `integer` schema's bound cannot be.
    let parsed = text.trim().parse::<i64>().map(Number::from).ok().or_else(|| serde_json::from_str::<Number>(text.trim()).ok());
    if parsed.is_none() {
        fidelity.lost(origin, format!("the {what} `{text}`: not a JSON number"));
    }
    parsed
}

fn numeric(ty: &str, r: &Range, origin: &str, fidelity: &mut Fidelity) -> DataSchema {
    if r.unit_name.is_some() {
        fidelity.lost(origin, "the unit's name: a data schema has only the unit".into());
    }
    DataSchema {
        ty: Some(ty.into()),
        minimum: number(&r.min, "minimum", origin, fidelity),
        maximum: number(&r.max, "maximum", origin, fidelity),
        multiple_of: number(&r.step, "step", origin, fidelity),
        unit: r.unit.clone(),
        default: number(&r.start, "initial value", origin, fidelity).map(Value::Number),
        ..DataSchema::default()
    }
}

fn labelled_branches(values: impl Iterator<Item = (Value, String)>) -> Vec<DataSchema> {
    values.map(|(v, title)| DataSchema { constant: Some(v), title: Some(title), ..DataSchema::default() }).collect()
}

fn data_schema(s: &Schema, origin: &str, fidelity: &mut Fidelity) -> DataSchema {
    match s {
        Schema::Bool { labels } => {
            fidelity.approximated(origin, "bool values 0 and 1 became `false` and `true`".into());
            DataSchema {
                ty: Some("boolean".into()),
                one_of: labels
                    .as_ref()
                    .map(|(no, yes)| labelled_branches([(json!(false), no.clone()), (json!(true), yes.clone())].into_iter())),
                ..DataSchema::default()
            }
        }
        Schema::Int(r) | Schema::Long(r) => numeric("integer", r, origin, fidelity),
        Schema::Float(r) => {
            fidelity.approximated(origin, "single precision became `number` (double precision)".into());
            numeric("number", r, origin, fidelity)
        }
        Schema::Double(r) => numeric("number", r, origin, fidelity),
        Schema::Text { max_length, min_length } => {
            DataSchema { ty: Some("string".into()), max_length: *max_length, min_length: *min_length, ..DataSchema::default() }
        }
        Schema::Timestamp => {
            fidelity.approximated(origin, "a timestamp (epoch milliseconds) became an RFC 3339 `date-time` string".into());
            DataSchema { ty: Some("string".into()), format: Some("date-time".into()), ..DataSchema::default() }
        }
        Schema::Enum { labels } => DataSchema {
            ty: Some("integer".into()),
            one_of: Some(labelled_branches(labels.iter().map(|(k, t)| (json!(k), t.clone())))),
            ..DataSchema::default()
        },
        Schema::StringEnum { values } => DataSchema {
            ty: Some("string".into()),
            one_of: Some(labelled_branches(values.iter().map(|(v, t)| (json!(v), t.clone())))),
            ..DataSchema::default()
        },
        Schema::Struct { fields } => {
            object(fields, fidelity).unwrap_or_else(|| DataSchema { ty: Some("object".into()), ..DataSchema::default() })
        }
        Schema::Array { size, item } => DataSchema {
            ty: Some("array".into()),
            max_items: *size,
            // The hub's items have no origin of their own: what they lose is the array's.
            items: Some(Box::new(data_schema(item, origin, fidelity))),
            ..DataSchema::default()
        },
        Schema::Json => DataSchema { ty: Some("object".into()), ..DataSchema::default() },
    }
}
