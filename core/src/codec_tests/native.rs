//! thingkit's vector file, for the conventions that publish no format of their own (Alibaba,
//! Tencent, Huawei; any codec thingkit runs): a script and its cases, each bytes in (with the
//! topic and fPort) and the message out, or a message in and the bytes out, or the error code a
//! case must fail with. Its JSON Schema is `schemas/codec-vectors.schema.json`.
//!
//! ```json
//! {"script": "alink.js", "vectors": [
//!   {"description": "property post", "uplink": "0100003039", "expect": {"method": "thing.event.property.post", …}},
//!   {"description": "set", "downlink": {"method": "thing.service.property.set", …}, "expect": "0200"},
//!   {"description": "too short", "uplink": [1], "expectError": "TK5010"}]}
//! ```

use super::{Expected, Layout, Routine, Suite, Vector, malformed};
use crate::diagnostic::{Code, Diagnostic};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A thingkit vector file (`*.vectors.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(title = "thingkit codec test vectors")]
pub struct VectorFile {
    /// The JSON Schema of this format (for editors); not read.
    #[serde(default, rename = "$schema", skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The script, relative to this file's folder.
    pub script: String,
    /// Hand Alibaba's and Huawei's functions bytes 0–255 instead of Java's −128–127.
    #[serde(default)]
    pub unsigned: bool,
    /// The cases, run in order on one compiled script.
    pub vectors: Vec<NativeVector>,
}

/// One case: `uplink` bytes or a `downlink` message, and `expect` or `expectError`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct NativeVector {
    /// What it checks.
    pub description: String,
    /// Device bytes to decode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uplink: Option<Bytes>,
    /// A message to encode into device bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub downlink: Option<Value>,
    /// The MQTT topic of an uplink (custom topics, `/…/user/…`, go to `transformPayload`; Huawei's
    /// `decode` receives it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// The port (Tencent's `RawToProtocol`, LoRaWAN; 1 when not given).
    #[serde(default, rename = "fPort", skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 255))]
    pub f_port: Option<u8>,
    /// The message an uplink decodes to, or the bytes a downlink encodes to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<Value>,
    /// The code the case must fail with instead (`TK5010` the script threw…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^TK\d{4}$"))]
    pub expect_error: Option<String>,
}

/// The JSON Schema (draft-07) of the vector file (`schemas/codec-vectors.schema.json`).
pub fn schema() -> Value {
    schemars::generate::SchemaSettings::draft07().into_generator().into_root_schema_for::<VectorFile>().to_value()
}

/// Bytes: hex text (`"0a1B"`, spaces allowed), `{"base64": "…"}`, or a list of 0–255.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Bytes {
    /// Hex text.
    Hex(String),
    /// Base64 text.
    Base64 {
        /// Base64 (standard alphabet, padding optional).
        base64: String,
    },
    /// The bytes themselves.
    List(Vec<u8>),
}

impl Bytes {
    /// The bytes.
    ///
    /// # Errors
    /// `TK5019` when the text is not hex or base64.
    pub fn decode(&self) -> Result<Vec<u8>, crate::script::ScriptError> {
        match self {
            Bytes::Hex(text) => crate::script::from_hex(text),
            Bytes::Base64 { base64 } => crate::script::from_base64(base64),
            Bytes::List(list) => Ok(list.clone()),
        }
    }
}

/// The suite of a vector file's value. A case's input is kept as `{uplink|downlink, topic?,
/// fPort?}`; an encode's expected bytes become `{"bytes": […]}`.
///
/// # Errors
/// `TK7001` when the value is not a vector file, or a case has neither or both of `uplink` and
/// `downlink`, neither or both of `expect` and `expectError`, bytes that are not bytes, or an
/// unknown code.
pub fn read(value: &Value) -> Result<Suite, Diagnostic> {
    let file = VectorFile::deserialize(value).map_err(|e| malformed("", format!("not a thingkit vector file: {e}")))?;
    let mut vectors = Vec::new();
    for (i, v) in file.vectors.iter().enumerate() {
        let at = format!("/vectors/{i}");
        let (routine, input) = match (&v.uplink, &v.downlink) {
            (Some(bytes), None) => {
                let bytes = bytes.decode().map_err(|e| malformed(format!("{at}/uplink"), e.to_string()))?;
                (Routine::Decode, serde_json::json!({"uplink": bytes, "topic": v.topic, "fPort": v.f_port}))
            }
            (None, Some(message)) => (Routine::Encode, serde_json::json!({"downlink": message, "fPort": v.f_port})),
            _ => return Err(malformed(at, "a case has `uplink` bytes or a `downlink` message, not both")),
        };
        let expected = match (&v.expect, &v.expect_error) {
            (Some(expect), None) if routine == Routine::Encode => {
                let bytes = Bytes::deserialize(expect)
                    .map_err(|_| malformed(format!("{at}/expect"), "a downlink expects bytes: hex, `{\"base64\": …}` or a list"))?
                    .decode()
                    .map_err(|e| malformed(format!("{at}/expect"), e.to_string()))?;
                Expected::Result(serde_json::json!({ "bytes": bytes }))
            }
            (Some(expect), None) => Expected::Result(expect.clone()),
            (None, Some(code)) => Expected::Error(
                Code::parse(code).ok_or_else(|| malformed(format!("{at}/expectError"), format!("`{code}` is no thingkit code")))?,
            ),
            _ => return Err(malformed(at, "a case has `expect` or `expectError`, not both")),
        };
        vectors.push(Vector { description: v.description.clone(), routine, input, expected, pointer: at });
    }
    Ok(Suite { layout: Layout::Thingkit, script: super::script_name(&file.script, "/script")?, unsigned: file.unsigned, vectors })
}
