//! A product model (the API's form) written as a package's files, in either generation of key
//! names, with the fields the console's documentation writes in its order.

use super::PackageFile;
use super::assemble::{DEVICE_FILE, SERVICE_FILE};
use super::keys::{KeyStyle, spelt};
use crate::diagnostic::{Code, Diagnostic};
use crate::interop::FidelityEntry;
use crate::interop::fidelity::Outcome;
use crate::model::huawei::{self as h, ProductModel};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

/// A JSON value whose objects keep the order they were built in (`serde_json::Value` sorts).
enum Node {
    Leaf(Value),
    Object(Vec<(String, Node)>),
    List(Vec<Node>),
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Leaf(v) => v.serialize(s),
            Node::List(items) => s.collect_seq(items),
            Node::Object(fields) => {
                let mut map = s.serialize_map(Some(fields.len()))?;
                for (k, v) in fields {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

/// Builds an object with keys spelt in one style, leaving out absent values.
struct Object {
    style: KeyStyle,
    fields: Vec<(String, Node)>,
}

impl Object {
    fn new(style: KeyStyle) -> Self {
        Object { style, fields: Vec::new() }
    }

    fn put(mut self, key: &str, node: Option<Node>) -> Self {
        if let Some(node) = node {
            self.fields.push((spelt(key, self.style).to_string(), node));
        }
        self
    }

    fn text(self, key: &str, value: Option<&str>) -> Self {
        self.put(key, value.map(|v| Node::Leaf(v.into())))
    }

    fn node(self) -> Node {
        Node::Object(self.fields)
    }
}

/// A bound as a package writes it: a number where the text is one (`"min": 0`), else the text.
fn number(text: Option<&String>) -> Option<Node> {
    let text = text?;
    Some(Node::Leaf(serde_json::from_str::<serde_json::Number>(text.trim()).map_or_else(|_| Value::String(text.clone()), Value::Number)))
}

fn spec(o: Object, spec: &h::ValueSpec) -> Object {
    let data_type = serde_json::to_value(spec.data_type).unwrap_or(Value::Null);
    o.put("data_type", Some(Node::Leaf(data_type)))
}

fn bounds(o: Object, spec: &h::ValueSpec) -> Object {
    o.put("min", number(spec.min.as_ref()))
        .put("max", number(spec.max.as_ref()))
        .put("step", number(spec.step.as_ref()))
        .put("max_length", spec.max_length.map(|n| Node::Leaf(n.into())))
}

fn tail(o: Object, spec: &h::ValueSpec) -> Object {
    o.text("unit", spec.unit.as_deref()).put("enum_list", spec.enum_list.as_ref().map(|l| Node::Leaf(l.clone().into())))
}

fn para(p: &h::Para, style: KeyStyle) -> Node {
    let o = spec(Object::new(style).text("para_name", Some(&p.para_name)), &p.spec).put("required", Some(Node::Leaf(p.required.into())));
    tail(bounds(o, &p.spec), &p.spec).text("description", p.description.as_deref()).node()
}

fn paras(list: &[h::Para], style: KeyStyle) -> Option<Node> {
    Some(Node::List(list.iter().map(|p| para(p, style)).collect()))
}

fn property(p: &h::Property, style: KeyStyle) -> Node {
    let o = spec(Object::new(style).text("property_name", Some(&p.property_name)), &p.spec)
        .put("required", Some(Node::Leaf(p.required.into())));
    let o = bounds(o, &p.spec).text("method", Some(p.method.as_str()));
    tail(o, &p.spec).text("description", p.description.as_deref()).node()
}

fn service_type(s: &h::Service, style: KeyStyle) -> Node {
    let commands = s.commands.iter().map(|c| {
        let responses = c
            .responses
            .iter()
            .map(|r| Object::new(style).text("response_name", Some(&r.response_name)).put("paras", paras(&r.paras, style)).node());
        Object::new(style)
            .text("command_name", Some(&c.command_name))
            .put("paras", paras(&c.paras, style))
            .put("responses", Some(Node::List(responses.collect())))
            .node()
    });
    let events =
        s.events.iter().map(|e| Object::new(style).text("event_type", Some(&e.event_type)).put("paras", paras(&e.paras, style)).node());
    Object::new(style)
        .text("service_type", Some(&s.service_type))
        .text("description", s.description.as_deref())
        .put("commands", Some(Node::List(commands.collect())))
        .put("properties", Some(Node::List(s.properties.iter().map(|p| property(p, style)).collect())))
        .put("events", (!s.events.is_empty()).then(|| Node::List(events.collect())))
        .node()
}

/// A name fit for a folder of the archive: what a service type holds beyond letters, digits,
/// `-` and `_` becomes `_`.
fn folder(name: &str) -> String {
    let name: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
    if name.is_empty() { "_".into() } else { name }
}

fn pretty(node: &Node) -> String {
    serde_json::to_string_pretty(node).unwrap_or_default()
}

/// What writing a package said: the files, warnings (fields the console requires that the
/// source lacks) and what the package could not hold (`pointers` into the API form when
/// `located`, else at the model as a whole).
pub(crate) struct Written {
    pub files: Vec<PackageFile>,
    pub diagnostics: Vec<Diagnostic>,
    pub lost: Vec<FidelityEntry>,
}

/// Writes `model` as `profile/devicetype-capability.json` and one
/// `service/<serviceType>/profile/servicetype-capability.json` per service type. `located`:
/// whether the model is the source itself, so that what is lost can be pointed at.
pub(crate) fn write(model: &ProductModel, style: KeyStyle, located: bool) -> Written {
    let mut diagnostics = Vec::new();
    let mut lost = Vec::new();
    let mut lose = |pointer: String, message: String| {
        lost.push(FidelityEntry { file: None, pointer: if located { pointer } else { String::new() }, outcome: Outcome::Lost, message })
    };
    let device_path = format!("profile/{DEVICE_FILE}");
    let p = &model.product;
    // Required by the console; what the source lacks is written empty, with a warning.
    let mut required = |key: &str, value: Option<&String>| {
        if value.is_none() {
            let mut d = Diagnostic::new(
                Code::PackageFieldMissing,
                "/devices/0",
                format!("the source has no `{}`; it is written empty", spelt(key, style)),
            )
            .with_help("fill it in before importing the package into the console");
            d.file = Some(device_path.clone());
            diagnostics.push(d);
        }
        value.map_or_else(String::new, String::clone)
    };
    let manufacturer_id = required("manufacturer_id", p.manufacturer_id.as_ref());
    let manufacturer_name = required("manufacturer_name", p.manufacturer_name.as_ref());
    let device_model = required("model", p.model.as_ref());
    let protocol_type = required("protocol_type", p.protocol_type.as_ref());
    let device_type = required("device_type", model.device_type.as_ref());
    for (key, value) in [("product_id", &model.product_id), ("name", &model.name), ("description", &model.description)].into_iter().chain([
        ("app_id", &p.app_id),
        ("app_name", &p.app_name),
        ("data_format", &p.data_format),
        ("industry", &p.industry),
        ("create_time", &p.create_time),
    ]) {
        if let Some(value) = value {
            lose(format!("/{key}"), format!("the product's `{key}` `{value}`: a product model package has no place for it"));
        }
    }
    let mut files = Vec::new();
    let mut written: Vec<&h::Service> = Vec::new();
    let mut listed = Vec::new();
    for (i, s) in model.service_capabilities.iter().enumerate() {
        let option = s.option.as_ref();
        if option.is_none() {
            let mut d = Diagnostic::new(
                Code::PackageFieldMissing,
                format!("/devices/0/{}/{i}", spelt("service_type_capabilities", style)),
                format!("the service `{}` has no `option`; it is written empty", s.service_id),
            )
            .with_help("`Master`, `Mandatory` or `Optional`");
            d.file = Some(device_path.clone());
            diagnostics.push(d);
        }
        listed.push(
            Object::new(style)
                .text("service_id", Some(&s.service_id))
                .text("service_type", Some(&s.service_type))
                .text("option", Some(option.map_or("", String::as_str)))
                .node(),
        );
        match written.iter().find(|w| w.service_type == s.service_type) {
            Some(first)
                if first.properties == s.properties
                    && first.commands == s.commands
                    && first.events == s.events
                    && first.description == s.description => {}
            Some(first) => lose(
                format!("/service_capabilities/{i}"),
                format!(
                    "the features of the service `{}`: it has the service type `{}` of `{}` but other features, and a package defines each service type once",
                    s.service_id, s.service_type, first.service_id
                ),
            ),
            None => {
                written.push(s);
                for (j, p) in s.properties.iter().enumerate() {
                    if let Some(default) = &p.default_value {
                        lose(
                            format!("/service_capabilities/{i}/properties/{j}/default_value"),
                            format!("the default value `{default}`: a package's properties have none"),
                        );
                    }
                }
                let text = pretty(&Object::new(style).put("services", Some(Node::List(vec![service_type(s, style)]))).node());
                let mut path = format!("service/{}/profile/{SERVICE_FILE}", folder(&s.service_type));
                if files.iter().any(|f: &PackageFile| f.path == path) {
                    // Two service types that differ only in what a folder cannot hold.
                    path = format!("service/{}_{i}/profile/{SERVICE_FILE}", folder(&s.service_type));
                }
                files.push(PackageFile { path, text });
            }
        }
    }
    let device = Object::new(style)
        .text("manufacturer_id", Some(&manufacturer_id))
        .text("manufacturer_name", Some(&manufacturer_name))
        .text("model", Some(&device_model))
        .text("protocol_type", Some(&protocol_type))
        .text("device_type", Some(&device_type))
        .put("om_capability", model.om_capability.clone().map(Node::Leaf))
        .put("service_type_capabilities", Some(Node::List(listed)));
    let text = pretty(&Object::new(style).put("devices", Some(Node::List(vec![device.node()]))).node());
    files.insert(0, PackageFile { path: device_path, text });
    Written { files, diagnostics, lost }
}
