//! Validation: every problem of a TSL, ThingModelJson or extendConfig document in one pass,
//! each with a stable code, a JSON pointer, and line and column in the input text.
//!
//! Three layers, each owning its checks: the text ([`crate::source`]: syntax, duplicate keys,
//! size), the structure (`structure`: the generated JSON Schemas, run by the `jsonschema`
//! crate) and the rules (`rules` and the per-format walkers: everything a schema cannot say).

mod extend_config;
pub(crate) mod names;
mod rules;
mod structure;
mod thing_model_json;
mod tsl;
mod view;

pub(crate) use view::json_kind;

use crate::diagnostic::{Code, Diagnostic};
use crate::schema::SchemaName;
use crate::source::Source;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashSet;

/// What a document is.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentKind {
    /// A TSL document (full or simple).
    Tsl,
    /// A ThingModelJson document.
    ThingModelJson,
    /// An extendConfig export (`QueryThingModelExtendConfig`'s `Configuration`).
    ExtendConfig,
    /// A Tencent IoT Explorer data template.
    Tencent,
    /// A Huawei IoTDA product model.
    Huawei,
    /// A W3C WoT Thing Model or Thing Description.
    Wot,
}

impl DocumentKind {
    /// `tsl`, `thing-model-json` or `extend-config`.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Tsl => "tsl",
            DocumentKind::ThingModelJson => "thing-model-json",
            DocumentKind::ExtendConfig => "extend-config",
            DocumentKind::Tencent => "tencent",
            DocumentKind::Huawei => "huawei",
            DocumentKind::Wot => "wot",
        }
    }

    /// Every kind.
    pub const ALL: [DocumentKind; 6] = [
        DocumentKind::Tsl,
        DocumentKind::ThingModelJson,
        DocumentKind::ExtendConfig,
        DocumentKind::Tencent,
        DocumentKind::Huawei,
        DocumentKind::Wot,
    ];

    /// Reads a kind's name (`tsl`, `thing-model-json`, `extend-config`, `tencent`, `huawei`, `wot`).
    pub fn parse(s: &str) -> Option<DocumentKind> {
        DocumentKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    fn schema(self) -> SchemaName {
        match self {
            DocumentKind::Tsl => SchemaName::Tsl,
            DocumentKind::ThingModelJson => SchemaName::ThingModelJson,
            DocumentKind::ExtendConfig => SchemaName::ExtendConfig,
            DocumentKind::Tencent => SchemaName::Tencent,
            DocumentKind::Huawei => SchemaName::Huawei,
            DocumentKind::Wot => SchemaName::Wot,
        }
    }

    /// Tells the kind from the document's fields; `None` when nothing tells.
    pub fn detect(value: &Value) -> Option<DocumentKind> {
        let obj = value.as_object()?;
        if let Some(kind) = Self::detect_other(obj) {
            return Some(kind);
        }
        let features =
            ["properties", "events", "services"].iter().filter_map(|k| obj.get(*k)?.as_array()).flatten().filter_map(Value::as_object);
        let mut tsl = obj.contains_key("schema") || obj.contains_key("functionBlockId");
        let mut tmj = obj.contains_key("_ppk");
        let mut extend = false;
        for f in features {
            if f.contains_key("rwFlag")
                || f.contains_key("dataSpecs")
                || f.contains_key("dataSpecsList")
                || f.contains_key("serviceName")
                || f.contains_key("eventName")
                || f.contains_key("inputParams")
                || f.contains_key("outputParams")
                || f.contains_key("outputdata")
                || f.contains_key("eventType")
                || f.get("dataType").is_some_and(Value::is_string)
            {
                tmj = true;
            }
            if f.contains_key("accessMode")
                || f.contains_key("method")
                || f.contains_key("outputData") && !f.contains_key("eventName") && f.contains_key("dataType")
                || f.get("dataType").is_some_and(Value::is_object)
            {
                tsl = true;
            }
            if !f.contains_key("dataType") && crate::model::extend_config::ExtendConfigKind::of(&Value::Object(f.clone())).is_some() {
                extend = true;
            }
        }
        match (tsl, tmj, extend) {
            (true, _, _) => Some(DocumentKind::Tsl),
            (false, true, _) => Some(DocumentKind::ThingModelJson),
            (false, false, true) => Some(DocumentKind::ExtendConfig),
            // Nothing in the features tells: go by the top-level keys.
            _ if obj.contains_key("profile") => Some(DocumentKind::Tsl),
            _ if obj.contains_key("productKey") || obj.contains_key("functionBlocks") => Some(DocumentKind::ThingModelJson),
            // Three empty lists: a ThingModelJson of a model with no features (a TSL would
            // still hold the generated `post`, `set` and `get`).
            _ if ["properties", "events", "services"].iter().all(|k| obj.get(*k).and_then(Value::as_array).is_some_and(Vec::is_empty)) => {
                Some(DocumentKind::ThingModelJson)
            }
            _ => None,
        }
    }
}

impl DocumentKind {
    /// The other platforms' formats, each told by a key of its own: WoT's `@context`, Huawei's
    /// `service_capabilities`, Tencent's `profile.ProductId` or features with `define`.
    fn detect_other(obj: &serde_json::Map<String, Value>) -> Option<DocumentKind> {
        if obj.contains_key("@context") {
            return Some(DocumentKind::Wot);
        }
        if obj.contains_key("service_capabilities") {
            return Some(DocumentKind::Huawei);
        }
        let tencent_profile =
            obj.get("profile").and_then(Value::as_object).is_some_and(|p| p.contains_key("ProductId") || p.contains_key("CategoryId"));
        let defines = ["properties", "events", "actions"]
            .iter()
            .filter_map(|k| obj.get(*k)?.as_array())
            .flatten()
            .any(|f| f.get("define").is_some() || f.get("id").is_some() && f.get("identifier").is_none());
        (tencent_profile || defines).then_some(DocumentKind::Tencent)
    }
}

/// The result of validating one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Report {
    /// What the document was read as; absent when it is not JSON or not a thing model.
    pub kind: Option<DocumentKind>,
    /// Whether there are no errors (warnings allowed).
    pub valid: bool,
    /// Every problem, in document order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }
}

/// Validates a document, telling its kind by its fields.
pub fn validate(text: &str) -> Report {
    validate_as(text, None)
}

/// Validates a document as the given kind (or tells the kind when `None`).
pub fn validate_as(text: &str, kind: Option<DocumentKind>) -> Report {
    match Source::parse(text) {
        Ok(source) => validate_source(&source, kind),
        Err(d) => Report { kind: None, valid: false, diagnostics: vec![d] },
    }
}

/// Validates an already parsed document.
pub fn validate_source(source: &Source<'_>, kind: Option<DocumentKind>) -> Report {
    let value = source.value();
    let mut diagnostics = source.text_diagnostics();
    let kind = if !value.is_object() {
        diagnostics.push(Diagnostic::new(
            Code::NotAnObject,
            "",
            format!("expected a thing model (a JSON object), found {}", view::json_kind(value)),
        ));
        None
    } else {
        let kind = kind.or_else(|| DocumentKind::detect(value));
        if kind.is_none() {
            diagnostics.push(
                Diagnostic::new(Code::UnknownDocumentKind, "", "cannot tell which kind of thing model this is")
                    .with_hint("a TSL has `profile` and features with `dataType: {type, specs}`; a ThingModelJson has `productKey` and features with `dataType: \"INT\"` and `dataSpecs`; a Tencent data template has `profile.ProductId` and features with `define`; a Huawei product model has `service_capabilities`; a WoT Thing Model has `@context`"),
            );
        }
        kind
    };
    if let Some(kind) = kind {
        let simple = kind == DocumentKind::Tsl && tsl::is_simple(value);
        let mut semantic = Vec::new();
        match kind {
            DocumentKind::Tsl => tsl::check(value, simple, &mut semantic),
            DocumentKind::ThingModelJson => thing_model_json::check(value, &mut semantic),
            DocumentKind::ExtendConfig => extend_config::check_document(value, &mut semantic),
            DocumentKind::Tencent | DocumentKind::Huawei | DocumentKind::Wot => {
                crate::interop::check(source.text(), value, kind, &mut semantic)
            }
        }
        // A rule's diagnostic says more than the schema's at the same place: keep the rule's.
        let claimed: HashSet<&str> = semantic.iter().map(|d| d.pointer.as_str()).collect();
        let mut structural = structure::check(kind.schema(), value);
        if simple {
            structural.retain(|d| !tsl::simple_omits(d));
        }
        structural.retain(|d| !claimed.contains(d.pointer.as_str()));
        diagnostics.extend(structural);
        diagnostics.extend(semantic);
    }
    source.locate(&mut diagnostics);
    sort(&mut diagnostics);
    let valid = !diagnostics.iter().any(Diagnostic::is_error);
    Report { kind, valid, diagnostics }
}

/// Document order, then code: the same input always lists the same problems the same way.
fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| (a.line, a.column, a.code, &a.pointer, &a.message).cmp(&(b.line, b.column, b.code, &b.pointer, &b.message)));
    diagnostics.dedup_by(|a, b| a.code == b.code && a.pointer == b.pointer && a.message == b.message);
}
