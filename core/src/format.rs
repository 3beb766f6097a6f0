//! The thing-model formats: their names, how a document tells its format, and what thingkit can
//! do with each. This is the only list of formats: the CLI (`clap::ValueEnum`, feature `clap`),
//! the npm package (tsify), the WIT world, the HTTP service and its OpenAPI document all take
//! their names from [`Format`].
//!
//! A leaf module: it reads JSON values and nothing of thingkit's but the serde model's
//! extendConfig kinds.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A thing-model format.
///
/// Names (`as_str`, serde, the command line): the variants in kebab case (`thing-model-json`).
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    JsonSchema,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    strum::Display,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Format {
    /// Alibaba Cloud IoT TSL (物模型 TSL), full form: features with `dataType: {type, specs}` and
    /// the platform-generated `post`, `set`, `get`.
    Tsl,
    /// Simple TSL (精简物模型, `Simple=true`): identifiers and data types only. Read as a TSL.
    SimpleTsl,
    /// Alibaba's stored form, ThingModelJson (`dataType: "INT"`, `dataSpecs`/`dataSpecsList`).
    ThingModelJson,
    /// The extendConfig export (`QueryThingModelExtendConfig`'s `Configuration`).
    ExtendConfig,
    /// A Tencent IoT Explorer data template (数据模板).
    Tencent,
    /// A Huawei IoTDA product model (产品模型), in the API's form (`service_capabilities`); the
    /// console's package of `devicetype-capability.json` and `servicetype-capability.json` files
    /// is read into it by the `huawei_package` module.
    Huawei,
    /// A W3C WoT Thing Model or Thing Description (TD 1.1; a TD 1.0 is read too).
    Wot,
}

impl Format {
    /// Every format, in this order.
    pub const ALL: &'static [Format] = <Format as strum::VariantArray>::VARIANTS;

    /// The format's name: `tsl`, `thing-model-json`…
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Reads a format's name; `None` for anything else.
    pub fn parse(name: &str) -> Option<Format> {
        name.parse().ok()
    }

    /// The names, for messages: "`tsl`, `simple-tsl`, …, `wot`".
    pub fn names() -> String {
        let names: Vec<String> = Format::ALL.iter().map(|f| format!("`{f}`")).collect();
        names.join(", ")
    }

    /// How people write the format's name in prose (`TSL`, `ThingModelJson`, `WoT`).
    pub fn title(self) -> &'static str {
        match self {
            Format::Tsl => "TSL",
            Format::SimpleTsl => "simple TSL",
            Format::ThingModelJson => "ThingModelJson",
            Format::ExtendConfig => "extendConfig",
            Format::Tencent => "Tencent data template",
            Format::Huawei => "Huawei product model",
            Format::Wot => "WoT Thing Model",
        }
    }

    /// The format a document of this format is read and validated as: a simple TSL is a TSL.
    pub fn read_as(self) -> Format {
        match self {
            Format::SimpleTsl => Format::Tsl,
            other => other,
        }
    }

    /// Whether the format is another platform's than Alibaba's; conversions from or to it go
    /// through the internal model and report their fidelity element by element (one to itself,
    /// the document itself, excepted).
    pub fn is_other_platform(self) -> bool {
        matches!(self, Format::Tencent | Format::Huawei | Format::Wot)
    }

    /// The formats thingkit publishes a JSON Schema for (`schemas/<name>.schema.json`): every
    /// format but simple TSL, whose schema is the TSL's.
    pub fn with_schema() -> impl Iterator<Item = Format> {
        Format::ALL.iter().copied().filter(|f| *f == f.read_as())
    }

    /// The file name of the format's JSON Schema under `schemas/`.
    pub fn schema_file_name(self) -> String {
        format!("{}.schema.json", self.read_as())
    }

    /// Whether a document of this format can be converted to `to`. Alibaba's formats convert
    /// among themselves; the extendConfig export only to itself (from ThingModelJson too); a
    /// simple TSL only to a simple TSL (it lacks the names and specs every full model needs);
    /// every other thing model to every thing-model format.
    pub fn converts_to(self, to: Format) -> bool {
        match (self, to) {
            (Format::SimpleTsl, to) => to == Format::SimpleTsl,
            (Format::ExtendConfig, to) => to == Format::ExtendConfig,
            (Format::ThingModelJson, Format::ExtendConfig) => true,
            (_, Format::ExtendConfig) => false,
            _ => true,
        }
    }

    /// Tells the format from the document's fields; `None` when nothing tells. A simple TSL is
    /// told as [`Format::Tsl`].
    pub fn detect(value: &Value) -> Option<Format> {
        let obj = value.as_object()?;
        if let Some(format) = detect_other_platform(obj) {
            return Some(format);
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
            if !f.contains_key("dataType") && crate::model::extend_config::ExtendConfigKind::of_object(f).is_some() {
                extend = true;
            }
        }
        match (tsl, tmj, extend) {
            (true, _, _) => Some(Format::Tsl),
            (false, true, _) => Some(Format::ThingModelJson),
            (false, false, true) => Some(Format::ExtendConfig),
            // Nothing in the features tells: go by the top-level keys.
            _ if obj.contains_key("profile") => Some(Format::Tsl),
            _ if obj.contains_key("productKey") || obj.contains_key("functionBlocks") => Some(Format::ThingModelJson),
            // Three empty lists: a ThingModelJson of a model with no features (a TSL would
            // still hold the generated `post`, `set` and `get`).
            _ if ["properties", "events", "services"].iter().all(|k| obj.get(*k).and_then(Value::as_array).is_some_and(Vec::is_empty)) => {
                Some(Format::ThingModelJson)
            }
            _ if looks_like_wot(obj) => Some(Format::Wot),
            _ => None,
        }
    }

    /// What each format looks like, for a document nothing told.
    pub const DETECTION_HELP: &'static str = "a TSL has `profile` and features with `dataType: {type, specs}`; a ThingModelJson has `productKey` and features with `dataType: \"INT\"` and `dataSpecs`; a Tencent data template has `profile.ProductId` and features with `define`; a Huawei product model has `service_capabilities`; a WoT Thing Model has `@context`";
}

/// The other platforms' formats, each told by a key of its own: WoT's `@context`, Huawei's
/// `service_capabilities`, Tencent's `profile.ProductId` or features with `define`.
fn detect_other_platform(obj: &Map<String, Value>) -> Option<Format> {
    if obj.contains_key("@context") {
        return Some(Format::Wot);
    }
    if obj.contains_key("service_capabilities") {
        return Some(Format::Huawei);
    }
    let tencent_profile =
        obj.get("profile").and_then(Value::as_object).is_some_and(|p| p.contains_key("ProductId") || p.contains_key("CategoryId"));
    let defines = ["properties", "events", "actions"]
        .iter()
        .filter_map(|k| obj.get(*k)?.as_array())
        .flatten()
        .any(|f| f.get("define").is_some() || f.get("id").is_some() && f.get("identifier").is_none());
    (tencent_profile || defines).then_some(Format::Tencent)
}

/// A WoT document that lost its `@context`, told by what no other format has: `tm:ThingModel`,
/// `securityDefinitions`, or affordances keyed by name (an object, where every other format has
/// a list) with `forms` or `@type`. Asked last, when nothing else told, so that it is validated
/// as WoT and hears of the missing `@context` rather than of an unknown kind.
fn looks_like_wot(obj: &Map<String, Value>) -> bool {
    let model = |t: &Value| t == "tm:ThingModel";
    obj.get("@type").is_some_and(|t| model(t) || t.as_array().is_some_and(|a| a.iter().any(model)))
        || obj.contains_key("securityDefinitions")
        || ["properties", "actions", "events"]
            .iter()
            .filter_map(|k| obj.get(*k)?.as_object())
            .flat_map(|affordances| affordances.values())
            .any(|a| a.get("forms").is_some() || a.get("@type").is_some())
}

#[cfg(test)]
mod tests {
    use super::Format;

    #[test]
    fn names_read_back() {
        for f in Format::ALL {
            assert_eq!(Format::parse(f.as_str()), Some(*f));
            assert_eq!(serde_json::to_value(f).ok(), Some(serde_json::Value::String(f.as_str().into())));
        }
        assert_eq!(Format::parse("thing-model-json"), Some(Format::ThingModelJson));
        assert_eq!(Format::parse("TSL"), None);
    }
}
