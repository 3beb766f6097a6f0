//! Codec test vectors in the formats codec authors publish them in, and the runner that checks
//! a codec against them the way each format's own harness does.
//!
//! | layout | file | routine's input | compared |
//! |---|---|---|---|
//! | [`Layout::TheThingsNetwork`] | a device-repository codec YAML (`uplinkDecoder`, `downlinkEncoder`, `downlinkDecoder`: `fileName`, `examples`) | `input` as written | the whole result, deep equality (`lodash.isEqual`); `undefined` members as `null`; `normalizedOutput` against `normalizeUplink` of the expected `output`, a lone `data` object as a list |
//! | [`Layout::Ts013`] | LoRa Alliance TS013 `examples.json` (`type`, `description`, `input`, `output`) | `input` as written | the whole result, deep equality (`toStrictEqual`) |
//! | [`Layout::ChirpStack`] | `test_decode_NAME.json` / `test_encode_NAME.json` beside `NAME.js` (JavaScript literals: `name`, `input`, `expected`) | `input` as written | the whole result (`JSON.stringify`: `undefined` members left out) |
//! | [`Layout::Thingkit`] | a thingkit vector file (`*.vectors.json`, [`VectorFile`]) for Alibaba, Tencent and Huawei codecs | bytes, topic and fPort, or a message | the message, or the bytes; or the error code |
//!
//! Runs are deterministic: every script runs in UTC with a fixed clock ([`NOW_MS`], or a
//! vector's `recvTime`) and `Math.random` seeded ([`SEED`]). Sources: The Things Network
//! `lorawan-devices` (`schema.json`, `bin/validate.js`, `tools/runscript`); the LoRa Alliance
//! TS013-1.0.0 sample `examples.json` and the harnesses that run such files (Actility
//! `device-catalog` `driver-examples.spec.js`); ChirpStack `lorawan-device-profiles`
//! (`test-runner`).
//!
//! Where the harnesses' JavaScript cannot be matched from JSON: an `undefined` member is `null`
//! for TS013 too (`toStrictEqual` tells them apart); ChirpStack's comparison of
//! `JSON.stringify` texts also compares key order, which this one does not.

// A reader's error is one located diagnostic, made once per file: boxing it buys nothing.
#![allow(clippy::result_large_err)]

mod chirpstack;
mod diff;
mod native;
mod run;
mod ts013;
mod ttn;

pub use chirpstack::read as read_chirpstack;
pub use diff::{Difference, differences};
pub use native::{Bytes, NativeVector, VectorFile, read as read_thingkit, schema as vector_file_schema};
pub use run::{NOW_MS, SEED, Status, VectorResult, codec_options, run};
pub use ts013::read as read_ts013;
pub use ttn::{is_codec_file, read as read_ttn};

use crate::diagnostic::{Code, Diagnostic};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Which published format a vector file is in, which says how its vectors are run and compared.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// The Things Network device repository's codec YAML.
    TheThingsNetwork,
    /// LoRa Alliance TS013 `examples.json`.
    Ts013,
    /// ChirpStack's `test_decode_*.json` / `test_encode_*.json`.
    #[serde(rename = "chirpstack")]
    ChirpStack,
    /// thingkit's own vector file, for the conventions that have none.
    Thingkit,
}

/// What a vector calls.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Routine {
    /// TS013 `decodeUplink`.
    DecodeUplink,
    /// TS013 `encodeDownlink`.
    EncodeDownlink,
    /// TS013 `decodeDownlink`.
    DecodeDownlink,
    /// The Things Stack's `normalizeUplink`.
    NormalizeUplink,
    /// The convention's uplink decoder (`rawDataToProtocol`, `RawToProtocol`, `decode`…).
    Decode,
    /// The convention's downlink encoder (`protocolToRawData`, `ProtocolToRaw`, `encode`…).
    Encode,
}

impl Routine {
    /// The function's name, or the direction for [`Routine::Decode`] and [`Routine::Encode`].
    pub fn as_str(self) -> &'static str {
        match self {
            Routine::DecodeUplink => "decodeUplink",
            Routine::EncodeDownlink => "encodeDownlink",
            Routine::DecodeDownlink => "decodeDownlink",
            Routine::NormalizeUplink => "normalizeUplink",
            Routine::Decode => "decode",
            Routine::Encode => "encode",
        }
    }
}

/// What a vector expects.
#[derive(Debug, Clone, PartialEq)]
pub enum Expected {
    /// The routine's whole result (LoRaWAN layouts), the message, or `{"bytes": […]}`.
    Result(Value),
    /// The run fails with this code.
    Error(Code),
}

/// One test vector.
#[derive(Debug, Clone, PartialEq)]
pub struct Vector {
    /// What it checks, as its file says.
    pub description: String,
    /// What it calls.
    pub routine: Routine,
    /// The routine's input: as written (LoRaWAN layouts), or thingkit's vector.
    pub input: Value,
    /// What it expects.
    pub expected: Expected,
    /// Where it is in its file (a JSON pointer).
    pub pointer: String,
}

/// The vectors of a file that run on one script.
#[derive(Debug, Clone, PartialEq)]
pub struct Suite {
    /// The file's format.
    pub layout: Layout,
    /// The script, as the file names it (relative to the file's folder).
    pub script: String,
    /// Alibaba's and Huawei's functions get bytes 0–255 (thingkit vector files' `unsigned`).
    pub unsigned: bool,
    /// The vectors, in file order.
    pub vectors: Vec<Vector>,
}

/// The suites of vectors given as a value, their layout told by their shape (for the npm
/// package and the HTTP service, where the script is given and the file names are not): an
/// object with a codec section is The Things Network's (every suite runs on the one script), one
/// with `vectors` thingkit's, a list of `{type, …}` TS013's, a list of `{name, input,
/// expected}` ChirpStack's (`decodeUplink` for an `input` with `bytes`, else `encodeDownlink`).
///
/// # Errors
/// `TK7001` when the shape is none of these, or as each layout's reader.
pub fn read_value(value: &Value) -> Result<Vec<Suite>, Diagnostic> {
    let first = value.as_array().and_then(|list| list.first());
    if is_codec_file(value) {
        read_ttn(value)
    } else if value.get("vectors").is_some() {
        Ok(vec![read_thingkit(value)?])
    } else if value.as_array().is_some_and(Vec::is_empty) || first.is_some_and(|e| e.get("type").is_some()) {
        Ok(vec![read_ts013(value, "")?])
    } else if first.is_some_and(|e| e.get("expected").is_some()) {
        Ok(vec![chirpstack::from_value(value, "")?])
    } else {
        Err(malformed(
            "",
            "not test vectors: a codec file (`uplinkDecoder`…), a thingkit vector file (`vectors`), TS013 examples (`[{type, input, output}]`) or ChirpStack tests (`[{name, input, expected}]`)",
        ))
    }
}

/// Runs vectors given as a value ([`read_value`]) on `script`, compiled once per suite with
/// the suite's options ([`codec_options`]); the vectors whose description contains `filter`.
///
/// # Errors
/// The vectors' [`read_value`] error, or the script's compile error, as error fields.
pub fn test_script(script: &str, vectors: &Value, filter: Option<&str>) -> Result<Vec<VectorResult>, crate::json::ErrorFields> {
    let suites = read_value(vectors).map_err(|d| crate::json::ErrorFields::new(d.code, format!("{} (at `{}`)", d.message, d.pointer)))?;
    let mut results = Vec::new();
    for suite in &suites {
        let mut codec = crate::script::Codec::compile(script, codec_options(suite)).map_err(|e| crate::json::ErrorFields::from(&e))?;
        results.extend(run(&mut codec, suite, filter));
    }
    Ok(results)
}

/// A vector file not in its format's shape: `TK7001` at `pointer`.
pub(crate) fn malformed(pointer: impl Into<String>, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(Code::BadVectorFile, pointer, message)
}

/// `value[key]` as text, or a diagnostic at `pointer/key`.
pub(crate) fn text<'v>(value: &'v Value, key: &str, pointer: &str) -> Result<&'v str, Diagnostic> {
    value.get(key).and_then(Value::as_str).ok_or_else(|| malformed(format!("{pointer}/{key}"), format!("`{key}` must be text")))
}

/// A script's name as a vector file gives it: relative, inside the file's folder (no `..`, not
/// absolute), as The Things Network's schema requires of `fileName`.
///
/// # Errors
/// `TK7001` at `pointer` for any other name.
pub(crate) fn script_name(name: &str, pointer: &str) -> Result<String, Diagnostic> {
    let outside = name.is_empty() || name.starts_with(['/', '\\']) || name.contains(':') || name.split(['/', '\\']).any(|part| part == "..");
    if outside {
        return Err(malformed(pointer, format!("the script `{name}` is not a path inside the vector file's folder")));
    }
    Ok(name.to_string())
}

/// `value[key]` as an object, or a diagnostic at `pointer/key`.
pub(crate) fn object<'v>(value: &'v Value, key: &str, pointer: &str) -> Result<&'v Value, Diagnostic> {
    value.get(key).filter(|v| v.is_object()).ok_or_else(|| malformed(format!("{pointer}/{key}"), format!("`{key}` must be an object")))
}
