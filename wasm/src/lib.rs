//! wasm-bindgen adapter over the thingkit core: parse input, call core, serialize. Every
//! function takes and returns JSON text, so that browsers and Node get the same reports as the
//! CLI's `--format json`.

use serde_json::json;
use thingkit::Target;
use wasm_bindgen::prelude::wasm_bindgen;

/// Validates a TSL or ThingModelJson document: `{kind, valid, diagnostics}`.
#[wasm_bindgen]
pub fn validate(text: &str) -> String {
    thingkit::json::report(&thingkit::validate(text)).to_string()
}

/// Converts a document: `{document, diagnostics}`, or `{error: {code, message, diagnostics}}`.
#[wasm_bindgen]
pub fn convert(text: &str, to: &str) -> String {
    let Some(target) = Target::parse(to) else {
        return json!({"error": {"code": "unknown-target", "message": format!("unknown target `{to}`"), "diagnostics": []}}).to_string();
    };
    match thingkit::convert(text, target) {
        Ok(c) => thingkit::json::conversion(&c).to_string(),
        Err(e) => json!({"error": thingkit::json::convert_error(&e)}).to_string(),
    }
}

/// A JSON Schema (`tsl`, `thing-model-json`, `extend-config`), or `null` for an unknown name.
#[wasm_bindgen]
pub fn schema(name: &str) -> String {
    thingkit::schema::SchemaName::parse(name).map_or_else(|| "null".to_string(), thingkit::schema::to_text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn reports_match_the_core() {
        let v: Value = serde_json::from_str(&validate(r#"{"profile": {}, "properties": [{"identifier": "time"}]}"#)).expect("json");
        assert_eq!(v["kind"], "tsl");
        assert_eq!(v["valid"], false);
        assert!(v["diagnostics"].as_array().expect("list").iter().any(|d| d["code"] == "TK2002"));
        let c: Value =
            serde_json::from_str(&convert(r#"{"profile": {"productKey": "a1"}, "properties": []}"#, "thing-model-json")).expect("json");
        assert_eq!(c["document"]["productKey"], "a1");
        let e: Value = serde_json::from_str(&convert("{", "tsl")).expect("json");
        assert_eq!(e["error"]["code"], "TK0001");
        assert_eq!(e["error"]["diagnostics"][0]["code"], "TK0001");
        assert!(schema("tsl").contains("\"$schema\""));
        assert_eq!(schema("nope"), "null");
    }
}
