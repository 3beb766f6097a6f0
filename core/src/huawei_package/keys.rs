//! The two generations of a package's key names: the classic camelCase (`serviceTypeCapabilities`,
//! `dataType`, `enumList`) and the current snake_case, which is also the IoTDA API's
//! (`service_type_capabilities`, `data_type`, `enum_list`).

use serde::{Deserialize, Serialize};

/// Which key names a package's files use.
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum KeyStyle {
    /// The current console's and the IoTDA API's: `service_type_capabilities`, `data_type`.
    #[default]
    Snake,
    /// The classic (OceanConnect) profile's: `serviceTypeCapabilities`, `dataType`.
    Camel,
}

/// Every key a package writes in two spellings, as `(camelCase, snake_case)`.
const KEYS: [(&str, &str); 17] = [
    ("manufacturerId", "manufacturer_id"),
    ("manufacturerName", "manufacturer_name"),
    ("protocolType", "protocol_type"),
    ("deviceType", "device_type"),
    ("omCapability", "om_capability"),
    ("serviceTypeCapabilities", "service_type_capabilities"),
    ("serviceId", "service_id"),
    ("serviceType", "service_type"),
    ("propertyName", "property_name"),
    ("dataType", "data_type"),
    ("maxLength", "max_length"),
    ("enumList", "enum_list"),
    ("defaultValue", "default_value"),
    ("commandName", "command_name"),
    ("responseName", "response_name"),
    ("paraName", "para_name"),
    ("eventType", "event_type"),
];

/// A key as the API spells it: a camelCase key of the table in snake_case, any other as it is
/// (so that an unknown key is reported as written).
pub(crate) fn to_snake(key: &str) -> &str {
    KEYS.iter().find(|(camel, _)| *camel == key).map_or(key, |(_, snake)| snake)
}

/// A key (in snake_case) as `style` spells it.
pub(crate) fn spelt(key: &str, style: KeyStyle) -> &str {
    match style {
        KeyStyle::Snake => key,
        KeyStyle::Camel => KEYS.iter().find(|(_, snake)| *snake == key).map_or(key, |(camel, _)| camel),
    }
}

/// The style of a package file's value: camelCase when its device says
/// `serviceTypeCapabilities` or `deviceType` (`devicetype-capability.json`), or its first
/// service `serviceType` (`servicetype-capability.json`).
pub(crate) fn style_of(file: &serde_json::Value) -> KeyStyle {
    let says = |pointer: &str, keys: &[&str]| {
        file.pointer(pointer).and_then(serde_json::Value::as_object).is_some_and(|o| keys.iter().any(|k| o.contains_key(*k)))
    };
    let camel = says("/devices/0", &["serviceTypeCapabilities", "deviceType"]) || says("/services/0", &["serviceType"]);
    if camel { KeyStyle::Camel } else { KeyStyle::Snake }
}

/// A message about the API's form (keys in snake_case, `` `data_type` ``) in a file's own key
/// names.
pub(crate) fn respell(message: &str, style: KeyStyle) -> String {
    match style {
        KeyStyle::Snake => message.to_string(),
        KeyStyle::Camel => {
            KEYS.iter().fold(message.to_string(), |m, (camel, snake)| m.replace(&format!("`{snake}`"), &format!("`{camel}`")))
        }
    }
}
