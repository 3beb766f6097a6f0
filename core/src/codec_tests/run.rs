//! Running a suite's vectors on one compiled codec, deterministically, and comparing as the
//! suite's format does.

use super::{Difference, Expected, Layout, Routine, Suite, Vector, differences};
use crate::json::ErrorFields;
use crate::script::{Codec, CodecOptions, DecodeInput, EncodeInput, ScriptError, parse_instant};
use serde::Serialize;
use serde_json::{Value, json};

/// What `Date` says when a vector gives no `recvTime`: 2024-01-01T00:00:00Z, in epoch
/// milliseconds.
pub const NOW_MS: i64 = 1_704_067_200_000;
/// The seed of `Math.random` in every run.
pub const SEED: u32 = 20_240_101;

/// The options a suite's script is compiled with: the default limits, deterministic
/// ([`NOW_MS`], [`SEED`]), and the suite's byte signedness.
pub fn codec_options(suite: &Suite) -> CodecOptions {
    CodecOptions::default().deterministic(NOW_MS, SEED).unsigned_bytes(suite.unsigned)
}

/// What became of one vector. (Its TypeScript type, `{description, routine, pointer} & Status`,
/// is written out in the npm package: an interface cannot extend a union.)
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct VectorResult {
    /// The vector's description.
    pub description: String,
    /// What it called.
    pub routine: Routine,
    /// Where the vector is in its file (a JSON pointer).
    pub pointer: String,
    /// Passed, failed (with every difference) or errored (the script failed).
    #[serde(flatten)]
    pub status: Status,
}

/// A vector's verdict.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum Status {
    /// The result is the expected one (or the run failed with the expected code).
    Passed,
    /// The result differs: every difference, and the whole result (or the error, when a code
    /// was expected and another came).
    Failed {
        /// Each place the result differs, with both values.
        differences: Vec<Difference>,
        /// The whole result, when there was one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "typescript", tsify(optional, type = "JsonValue"))]
        actual: Option<Value>,
        /// The error, when the run failed with another code than the expected one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "typescript", tsify(optional))]
        error: Option<ErrorFields>,
    },
    /// The script failed where a result was expected: its code, message, line and column.
    Error {
        /// The failure.
        error: ErrorFields,
    },
}

impl VectorResult {
    /// Whether the vector passed.
    pub fn passed(&self) -> bool {
        self.status == Status::Passed
    }
}

/// Runs the vectors of `suite` whose description contains `filter` (all when `None`) on
/// `codec`, compiled for the suite ([`codec_options`]), in order.
pub fn run(codec: &mut Codec, suite: &Suite, filter: Option<&str>) -> Vec<VectorResult> {
    suite
        .vectors
        .iter()
        .filter(|v| filter.is_none_or(|f| v.description.contains(f)))
        .map(|v| {
            let status = verdict(&v.expected, call(codec, suite.layout, v));
            VectorResult { description: v.description.clone(), routine: v.routine, pointer: v.pointer.clone(), status }
        })
        .collect()
}

/// Runs one vector: its `recvTime` (RFC 3339 text or epoch milliseconds; else [`NOW_MS`]) is
/// the clock.
fn call(codec: &mut Codec, layout: Layout, v: &Vector) -> Result<Value, ScriptError> {
    let now = v.input.get("recvTime").and_then(|t| t.as_str().map_or_else(|| t.as_i64(), parse_instant)).unwrap_or(NOW_MS);
    codec.set_now(now);
    match v.routine {
        Routine::DecodeUplink | Routine::EncodeDownlink | Routine::DecodeDownlink | Routine::NormalizeUplink => {
            // ChirpStack reads results with `JSON.stringify`; The Things Stack and TS013 keep
            // an `undefined` member as `null`.
            let mut result = codec.routine_result(v.routine.as_str(), &v.input, layout != Layout::ChirpStack)?;
            if v.routine == Routine::NormalizeUplink && layout == Layout::TheThingsNetwork && result.get("data").is_some_and(truthy_non_list) {
                // The repository's harness lists a lone measurement (any truthy `data` not a list).
                result["data"] = Value::Array(vec![result["data"].take()]);
            }
            Ok(result)
        }
        Routine::Decode => {
            let bytes: Vec<u8> = serde_json::from_value(v.input["uplink"].clone()).unwrap_or_default();
            let input = DecodeInput {
                topic: v.input.get("topic").and_then(Value::as_str),
                f_port: v.input.get("fPort").and_then(Value::as_u64).and_then(|p| u8::try_from(p).ok()),
                ..DecodeInput::default()
            };
            codec.decode_result(&bytes, &input)
        }
        Routine::Encode => {
            let f_port = v.input.get("fPort").and_then(Value::as_u64).and_then(|p| u8::try_from(p).ok());
            let encoded = codec.encode_result(&EncodeInput { message: &v.input["downlink"], whole: false, f_port, variables: None })?;
            Ok(json!({ "bytes": encoded.bytes }))
        }
    }
}

/// JavaScript's truthiness, for a value not a list: `null`, `false`, `0` and `""` are not.
fn truthy_non_list(v: &Value) -> bool {
    match v {
        Value::Null | Value::Array(_) => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|n| n != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Object(_) => true,
    }
}

fn verdict(expected: &Expected, outcome: Result<Value, ScriptError>) -> Status {
    match (expected, outcome) {
        (Expected::Result(e), Ok(actual)) => {
            let differences = differences(e, &actual);
            if differences.is_empty() { Status::Passed } else { Status::Failed { differences, actual: Some(actual), error: None } }
        }
        (Expected::Result(_), Err(e)) => Status::Error { error: ErrorFields::from(&e) },
        (Expected::Error(code), Err(e)) if e.code() == *code => Status::Passed,
        (Expected::Error(code), Err(e)) => Status::Failed {
            differences: vec![Difference { pointer: String::new(), expected: Some(json!({"error": code.as_str()})), actual: Some(json!({"error": e.code().as_str()})) }],
            actual: None,
            error: Some(ErrorFields::from(&e)),
        },
        (Expected::Error(code), Ok(actual)) => Status::Failed {
            differences: vec![Difference { pointer: String::new(), expected: Some(json!({"error": code.as_str()})), actual: Some(actual.clone()) }],
            actual: Some(actual),
            error: None,
        },
    }
}
