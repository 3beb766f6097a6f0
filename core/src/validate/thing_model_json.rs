//! Rules of ThingModelJson documents: identifiers and names per scope, parameter order and
//! direction, `dataSpecs` versus `dataSpecsList`, deprecated fields, extendConfig, and every
//! data type.

use super::extend_config::{self, FeatureKind};
use crate::diagnostic::{Code, Diagnostic, join};
use crate::format::Format;
use crate::model::TypeName;
use crate::rules::names::{self, NameKind, Unique};
use crate::rules::view::{Field, Label, Member, TypeView, elements};
use crate::rules::{Limits, check_type};
use serde_json::Value;

pub(super) fn check(root: &Value, out: &mut Vec<Diagnostic>) {
    if let Some(id) = Field::member(root, "", "identifier") {
        names::function_block_id(&id, out);
    }
    if let Some(name) = Field::member(root, "", "name") {
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
    for (list, name_key, kind) in [
        ("properties", "name", FeatureKind::Property),
        ("services", "serviceName", FeatureKind::Service),
        ("events", "eventName", FeatureKind::Event),
    ] {
        for (ptr, f) in elements(root, "", list) {
            let id = Field::member(f, &ptr, "identifier");
            if let Some(id) = &id {
                names::identifier(id, false, out);
                ids.add(id, out);
            }
            if let Some(name) = Field::member(f, &ptr, name_key) {
                names::name(&name, NameKind::Feature, out);
                feature_names.add(&name, out);
            }
            let mut data_type = None;
            match kind {
                FeatureKind::Property => {
                    let view = type_view(f, &ptr, "dataType", true, out);
                    data_type = view.kind;
                    check_type(&view, 1, &Limits::of(Format::ThingModelJson), out);
                }
                FeatureKind::Service => {
                    params(f, &ptr, "inputParams", "PARAM_INPUT", out);
                    params(f, &ptr, "outputParams", "PARAM_OUTPUT", out);
                }
                FeatureKind::Event => {
                    let key = if f.get("outputdata").is_some() { "outputdata" } else { "outputData" };
                    params(f, &ptr, key, "PARAM_OUTPUT", out);
                }
            }
            if let Some(config) = f.get("extendConfig") {
                let feature_id = id.as_ref().and_then(|i| i.value.as_str());
                let cptr = join(&ptr, "extendConfig");
                // Some API samples send extendConfig as a JSON string; judge what it holds.
                match config {
                    Value::String(text) => match serde_json::from_str::<Value>(text) {
                        Ok(inner) => extend_config::check(kind, feature_id, data_type, &inner, &cptr, out),
                        Err(e) => out.push(Diagnostic::new(Code::WrongType, &cptr, format!("extendConfig text is not JSON: {e}"))),
                    },
                    _ => extend_config::check(kind, feature_id, data_type, config, &cptr, out),
                }
            }
        }
    }
    deprecated(root, "", out);
}

/// Parameters of one list: identifiers, names, direction, `paraOrder` from 0 without repeats.
fn params(f: &Value, ptr: &str, key: &str, direction: &str, out: &mut Vec<Diagnostic>) {
    let list = elements(f, ptr, key);
    let mut ids = Unique::identifiers("parameter identifier");
    let mut orders: Vec<(i64, String)> = Vec::new();
    for (pptr, p) in &list {
        if let Some(id) = Field::member(p, pptr, "identifier") {
            names::identifier(&id, false, out);
            ids.add(&id, out);
        }
        if let Some(name) = Field::member(p, pptr, "name") {
            names::name(&name, NameKind::Feature, out);
        }
        if let Some(d) = Field::member(p, pptr, "direction")
            && let Some(found) = d.value.as_str()
            && found != direction
            && matches!(found, "PARAM_INPUT" | "PARAM_OUTPUT")
        {
            out.push(Diagnostic::new(
                Code::ParamDirection,
                &d.ptr,
                format!("a parameter in `{key}` has direction `{found}`; expected `{direction}`"),
            ));
        }
        if let Some(o) = Field::member(p, pptr, "paraOrder")
            && let Some(n) = o.value.as_i64()
        {
            if let Some((_, first)) = orders.iter().find(|(m, _)| *m == n) {
                out.push(
                    Diagnostic::new(Code::ParaOrder, &o.ptr, format!("duplicate `paraOrder` {n}"))
                        .with_help(format!("first used at `{first}`")),
                );
            } else {
                orders.push((n, o.ptr.clone()));
            }
        }
        check_type(&type_view(p, pptr, "dataType", true, out), 1, &Limits::of(Format::ThingModelJson), out);
    }
    for (n, optr) in &orders {
        if *n < 0 || *n >= orders.len() as i64 {
            out.push(Diagnostic::new(Code::ParaOrder, optr, format!("`paraOrder` {n} leaves a gap")).with_help(format!(
                "number the {} parameters 0 to {}",
                orders.len(),
                orders.len().saturating_sub(1)
            )));
        }
    }
}

/// The view of the data type declared by `obj`'s `type_key` (`dataType` or `childDataType`)
/// and its `dataSpecs`/`dataSpecsList`.
fn type_view<'a>(obj: &'a Value, ptr: &str, type_key: &str, specs_required: bool, out: &mut Vec<Diagnostic>) -> TypeView<'a> {
    let kind = obj.get(type_key).and_then(Value::as_str).and_then(TypeName::parse);
    let mut view = TypeView { type_ptr: join(ptr, type_key), specs_ptr: join(ptr, "dataSpecs"), kind, ..TypeView::default() };
    let Some(kind) = kind else { return view };
    let mut specs = obj.get("dataSpecs");
    if let Some(Value::Array(a)) = specs {
        specs = a.first().filter(|_| a.len() == 1);
        view.specs_ptr = join(&view.specs_ptr, 0);
    }
    let list = obj.get("dataSpecsList");
    let list_ptr = join(ptr, "dataSpecsList");
    view.has_specs = specs.is_some() || list.is_some();
    if kind.uses_specs_list() {
        if specs.is_some() {
            out.push(
                Diagnostic::new(
                    Code::SpecsKindMismatch,
                    join(ptr, "dataSpecs"),
                    format!("`{}` keeps its specs in `dataSpecsList`, not `dataSpecs`", kind.tmj()),
                )
                .with_help("ENUM, BOOL and STRUCT use `dataSpecsList`; the other types use `dataSpecs`"),
            );
        } else if list.is_none() && specs_required {
            out.push(Diagnostic::new(Code::SpecsKindMismatch, ptr, format!("`{}` needs `dataSpecsList`", kind.tmj())));
        }
        view.specs_ptr = list_ptr.clone();
    } else if list.is_some() {
        out.push(
            Diagnostic::new(
                Code::SpecsKindMismatch,
                &list_ptr,
                format!("`{}` keeps its specs in `dataSpecs`, not `dataSpecsList`", kind.tmj()),
            )
            .with_help("ENUM, BOOL and STRUCT use `dataSpecsList`; the other types use `dataSpecs`"),
        );
    } else if specs.is_none() && specs_required && kind != TypeName::Date {
        out.push(Diagnostic::new(Code::SpecsKindMismatch, ptr, format!("`{}` needs `dataSpecs`", kind.tmj())));
    }
    let sp = view.specs_ptr.clone();
    match kind {
        TypeName::Int | TypeName::Float | TypeName::Double => {
            if let Some(s) = specs {
                view.min = Field::member(s, &sp, "min");
                view.max = Field::member(s, &sp, "max");
                view.step = Field::member(s, &sp, "step");
                view.default_value = Field::member(s, &sp, "defaultValue");
            }
        }
        TypeName::Text => view.length = specs.and_then(|s| Field::member(s, &sp, "length")),
        TypeName::Array => {
            if let Some(s) = specs {
                view.size = Field::member(s, &sp, "size");
                child_type_named(s, &sp, out);
                view.item = Some(Box::new(type_view(s, &sp, "childDataType", false, out)));
            }
        }
        TypeName::Bool | TypeName::Enum => {
            view.labels = elements(obj, ptr, "dataSpecsList")
                .into_iter()
                .map(|(iptr, item)| Label {
                    ptr: iptr.clone(),
                    key: item.get("value").and_then(|v| Field { value: v, ptr: String::new() }.text()),
                    key_ptr: join(&iptr, "value"),
                    name: Field::member(item, &iptr, "name"),
                })
                .collect();
        }
        TypeName::Struct => {
            view.members = elements(obj, ptr, "dataSpecsList")
                .into_iter()
                .map(|(iptr, item)| {
                    child_type_named(item, &iptr, out);
                    Member {
                        ptr: iptr.clone(),
                        identifier: Field::member(item, &iptr, "identifier"),
                        name: Field::member(item, &iptr, "childName").or_else(|| Field::member(item, &iptr, "name")),
                        ty: type_view(item, &iptr, "childDataType", true, out),
                    }
                })
                .collect();
        }
        TypeName::Date => {}
    }
    view
}

/// A struct member or an array's items name their type in `childDataType`: without it there is
/// no type to check or convert (a TSL member or item always has its `type`).
fn child_type_named(obj: &Value, ptr: &str, out: &mut Vec<Diagnostic>) {
    if obj.is_object() && obj.get("childDataType").is_none() {
        out.push(Diagnostic::new(Code::MissingField, ptr, "missing field `childDataType`"));
    }
}

/// Deprecated fields and values anywhere in the document: read, but worth replacing.
fn deprecated(v: &Value, ptr: &str, out: &mut Vec<Diagnostic>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let cptr = join(ptr, k);
                let replacement = match k.as_str() {
                    "std" | "customFlag" => Some("`custom`"),
                    "precision" => Some("`precise`"),
                    "childSpecsDTO" | "childEnumSpecsDTO" => Some("`dataSpecs`/`dataSpecsList`"),
                    "dataType" | "childDataType" if child.as_str() == Some("BOOLEAN") => Some("`BOOL`"),
                    "dataSpecs" if child.as_array().is_some_and(|a| a.len() == 1) => Some("a `dataSpecs` object (not a one-element list)"),
                    _ => None,
                };
                if let Some(replacement) = replacement {
                    let what = if child.as_str() == Some("BOOLEAN") { "value `BOOLEAN`".to_string() } else { format!("field `{k}`") };
                    out.push(
                        Diagnostic::new(Code::DeprecatedField, &cptr, format!("deprecated {what}")).with_help(format!("use {replacement}")),
                    );
                }
                // extendConfig.customize is the user's own JSON: nothing there is ours to judge.
                if k != "customize" {
                    deprecated(child, &cptr, out);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                deprecated(item, &join(ptr, i), out);
            }
        }
        _ => {}
    }
}
