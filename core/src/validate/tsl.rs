//! Rules of TSL documents: identifiers and names per scope, the platform-generated `post`,
//! `set` and `get`, methods, and every data type.

use crate::diagnostic::{Code, Diagnostic, join};
use crate::format::Format;
use crate::model::TypeName;
use crate::model::tsl::generated;
use crate::rules::names::{self, NameKind, Unique};
use crate::rules::view::{Field, Label, Member, TypeView, elements};
use crate::rules::{Limits, check_type};
use serde_json::Value;

/// Whether the document is a simple TSL (`Simple=true`: identifiers and data types only).
pub(crate) fn is_simple(root: &Value) -> bool {
    let mut features = ["properties", "events", "services"].iter().filter_map(|k| root.get(*k)?.as_array()).flatten().peekable();
    features.peek().is_some() && features.all(|f| f.get("name").is_none())
}

/// Whether a structural diagnostic is about a field that a simple TSL leaves out.
pub(super) fn simple_omits(d: &Diagnostic) -> bool {
    if d.code != Code::MissingField {
        return false;
    }
    let field = d.message.trim_start_matches("missing field `").trim_end_matches('`');
    let is_event = d.pointer.starts_with("/events/") && d.pointer.matches('/').count() == 2;
    matches!(field, "name" | "accessMode" | "required" | "desc" | "callType" | "specs") || field == "type" && is_event
}

pub(super) fn check(root: &Value, simple: bool, out: &mut Vec<Diagnostic>) {
    let limits = Limits::of(if simple { Format::SimpleTsl } else { Format::Tsl });
    if let Some(id) = Field::member(root, "", "functionBlockId") {
        names::function_block_id(&id, out);
    }
    if let Some(name) = Field::member(root, "", "functionBlockName") {
        names::function_block_name(&name, out);
    }
    let mut blocks = Unique::identifiers("custom module identifier");
    for (ptr, block) in elements(root, "", "functionBlocks") {
        if let Some(id) = Field::member(block, &ptr, "functionBlockId") {
            names::function_block_id(&id, out);
            blocks.add(&id, out);
        }
        if let Some(name) = Field::member(block, &ptr, "functionBlockName") {
            names::function_block_name(&name, out);
        }
    }

    let mut ids = Unique::identifiers("feature identifier");
    let mut feature_names = Unique::names();
    let properties = elements(root, "", "properties");
    let mut all_props = Vec::new();
    let mut rw_props = Vec::new();
    for (ptr, p) in &properties {
        feature(p, ptr, false, &mut ids, &mut feature_names, out);
        if let Some(id) = p.get("identifier").and_then(Value::as_str) {
            all_props.push(id);
            if p.get("accessMode").and_then(Value::as_str) != Some("r") {
                rw_props.push(id);
            }
        }
        if let Some(dt) = p.get("dataType") {
            check_type(&type_view(dt, &join(ptr, "dataType")), 1, &limits, out);
        }
    }

    for (ptr, e) in elements(root, "", "events") {
        let id = e.get("identifier").and_then(Value::as_str).unwrap_or_default();
        let is_post = id == generated::POST;
        feature(e, &ptr, is_post, &mut ids, &mut feature_names, out);
        method(e, &ptr, &generated::event_method(id), out);
        let output = elements(e, &ptr, "outputData");
        params(&output, &limits, out);
        if is_post {
            generated_list(&output, &join(&ptr, "outputData"), &all_props, "post", "every property", out);
        }
    }

    for (ptr, s) in elements(root, "", "services") {
        let id = s.get("identifier").and_then(Value::as_str).unwrap_or_default();
        let is_generated = id == generated::SET || id == generated::GET;
        feature(s, &ptr, is_generated, &mut ids, &mut feature_names, out);
        method(s, &ptr, &generated::service_method(id), out);
        let input = elements(s, &ptr, "inputData");
        let output = elements(s, &ptr, "outputData");
        let input_ptr = join(&ptr, "inputData");
        if id == generated::GET {
            // `get` lists the identifiers of the properties it reads, as plain strings.
            for (p, v) in &input {
                if !v.is_string() {
                    out.push(Diagnostic::new(Code::GetInputData, p, "`get` lists property identifiers as strings, not parameters"));
                }
            }
            let listed: Vec<&str> = input.iter().filter_map(|(_, v)| v.as_str()).collect();
            compare(&listed, &all_props, &input_ptr, "get", "every property identifier", out);
            params(&output, &limits, out);
            generated_list(&output, &join(&ptr, "outputData"), &all_props, "get", "every property", out);
        } else {
            for (p, v) in &input {
                if v.is_string() {
                    out.push(
                        Diagnostic::new(
                            Code::GetInputData,
                            p,
                            "only the generated `get` service lists identifiers; parameters are objects",
                        )
                        .with_help("write {\"identifier\": …, \"name\": …, \"dataType\": …}"),
                    );
                }
            }
            params(&input, &limits, out);
            params(&output, &limits, out);
            // A simple TSL has no access modes to tell which properties `set` should list.
            if id == generated::SET && !simple {
                generated_list(&input, &input_ptr, &rw_props, "set", "every read-write property", out);
            }
        }
    }
}

/// Identifier, name and their uniqueness, for a property, event or service.
fn feature<'a>(f: &'a Value, ptr: &str, generated: bool, ids: &mut Unique<'a>, feature_names: &mut Unique<'a>, out: &mut Vec<Diagnostic>) {
    if let Some(id) = Field::member(f, ptr, "identifier") {
        names::identifier(&id, generated, out);
        ids.add(&id, out);
    }
    if let Some(name) = Field::member(f, ptr, "name") {
        // Generated features are named after their identifiers by the platform.
        if !generated {
            names::name(&name, NameKind::Feature, out);
            feature_names.add(&name, out);
        }
    }
}

fn method(f: &Value, ptr: &str, expected: &str, out: &mut Vec<Diagnostic>) {
    if let Some(m) = Field::member(f, ptr, "method")
        && let Some(found) = m.value.as_str()
        && found != expected
    {
        out.push(
            Diagnostic::new(Code::MethodMismatch, &m.ptr, format!("method `{found}` does not match the identifier"))
                .with_help(format!("expected `{expected}`")),
        );
    }
}

/// Parameters of one list: identifiers unique, names and types valid.
fn params(list: &[(String, &Value)], limits: &Limits, out: &mut Vec<Diagnostic>) {
    let mut ids = Unique::identifiers("parameter identifier");
    for (ptr, p) in list {
        if !p.is_object() {
            continue;
        }
        if let Some(id) = Field::member(p, ptr, "identifier") {
            names::identifier(&id, false, out);
            ids.add(&id, out);
        }
        if let Some(name) = Field::member(p, ptr, "name") {
            names::name(&name, NameKind::Feature, out);
        }
        if let Some(dt) = p.get("dataType") {
            check_type(&type_view(dt, &join(ptr, "dataType")), 1, limits, out);
        }
    }
}

/// A generated feature's parameter list against the properties it should list.
fn generated_list(list: &[(String, &Value)], ptr: &str, expected: &[&str], feature: &str, what: &str, out: &mut Vec<Diagnostic>) {
    let listed: Vec<&str> = list.iter().filter_map(|(_, v)| v.get("identifier")?.as_str()).collect();
    compare(&listed, expected, ptr, feature, what, out);
}

fn compare(listed: &[&str], expected: &[&str], ptr: &str, feature: &str, what: &str, out: &mut Vec<Diagnostic>) {
    if listed == expected {
        return;
    }
    let missing: Vec<&str> = expected.iter().filter(|e| !listed.contains(e)).copied().collect();
    let extra: Vec<&str> = listed.iter().filter(|l| !expected.contains(l)).copied().collect();
    let detail = match (missing.is_empty(), extra.is_empty()) {
        (true, true) => "lists them in another order".to_string(),
        _ => {
            let mut parts = Vec::new();
            if !missing.is_empty() {
                parts.push(format!("misses `{}`", missing.join("`, `")));
            }
            if !extra.is_empty() {
                parts.push(format!("has `{}`, which is not a property", extra.join("`, `")));
            }
            parts.join(" and ")
        }
    };
    out.push(
        Diagnostic::new(Code::GeneratedFeatureMismatch, ptr, format!("generated `{feature}` should list {what}, but {detail}"))
            .with_help("the platform regenerates it from the properties; so does `thingkit convert`"),
    );
}

/// The view of a TSL `dataType` object at `ptr`.
fn type_view<'a>(dt: &'a Value, ptr: &str) -> TypeView<'a> {
    let kind = dt.get("type").and_then(Value::as_str).and_then(TypeName::parse);
    let mut view = TypeView { type_ptr: join(ptr, "type"), specs_ptr: join(ptr, "specs"), kind, ..TypeView::default() };
    let Some(mut specs) = dt.get("specs") else {
        return view;
    };
    view.has_specs = true;
    // Older exports wrap object specs in a one-element array.
    if kind != Some(TypeName::Struct)
        && let Some([only]) = specs.as_array().map(Vec::as_slice)
    {
        specs = only;
        view.specs_ptr = join(&view.specs_ptr, 0);
    }
    let sp = view.specs_ptr.clone();
    match kind {
        Some(TypeName::Int | TypeName::Float | TypeName::Double) => {
            view.min = Field::member(specs, &sp, "min");
            view.max = Field::member(specs, &sp, "max");
            view.step = Field::member(specs, &sp, "step");
        }
        Some(TypeName::Text) => view.length = Field::member(specs, &sp, "length"),
        Some(TypeName::Bool | TypeName::Enum) => {
            if let Some(map) = specs.as_object() {
                view.labels = map
                    .iter()
                    .map(|(k, v)| Label {
                        ptr: join(&sp, k),
                        key: Some(k.clone()),
                        key_ptr: join(&sp, k),
                        name: Some(Field { value: v, ptr: join(&sp, k) }),
                    })
                    .collect();
            }
        }
        Some(TypeName::Struct) => {
            view.members = elements(dt, ptr, "specs")
                .into_iter()
                .map(|(mptr, m)| Member {
                    ptr: mptr.clone(),
                    identifier: Field::member(m, &mptr, "identifier"),
                    name: Field::member(m, &mptr, "name"),
                    ty: m.get("dataType").map(|d| type_view(d, &join(&mptr, "dataType"))).unwrap_or_default(),
                })
                .collect();
        }
        Some(TypeName::Array) => {
            view.size = Field::member(specs, &sp, "size");
            view.item = specs.get("item").map(|item| Box::new(type_view(item, &join(&sp, "item"))));
        }
        Some(TypeName::Date) | None => {}
    }
    view
}
