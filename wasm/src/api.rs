//! The package's calls on plain JSON values: what `lib.rs` exposes to JavaScript, testable
//! natively. A failure is the shared error shape `{code, message, …}` (`thingkit::json`).

// Every call fails with the one error shape, whole: callers turn it into a thrown error once.
#![allow(clippy::result_large_err)]

use serde::Deserialize;
use serde_json::Value;
use thingkit::data::{Level, check_owned};
use thingkit::json::{CodecOptions, ErrorFields};
use thingkit::script::{DecodeInput, EncodeInput, Variables, parse_instant};
use thingkit::{Code, Format};
use tsify::Tsify;

/// `{kind, valid, diagnostics}`.
pub fn validate(text: &str) -> Value {
    thingkit::json::report(&thingkit::validate(text))
}

/// `{document, diagnostics}`.
pub fn convert(text: &str, to: &str) -> Result<Value, ErrorFields> {
    let target = Format::parse(to).ok_or_else(|| bad_argument(format!("unknown format `{to}`: expected one of {}", Format::names())))?;
    thingkit::convert(text, target).map(|c| thingkit::json::conversion(&c)).map_err(|e| ErrorFields::from(&e))
}

/// A JSON Schema by name.
pub fn schema(name: &str) -> Result<Value, ErrorFields> {
    let schema = Format::parse(name).ok_or_else(|| bad_argument(format!("unknown format `{name}`: expected one of {}", Format::names())))?;
    Ok(thingkit::schema::generate(schema))
}

/// `{level, failures, passed}`: [`DataModel::compile`] and [`DataModel::check`] in one call.
pub fn check_data(model: Value, message: Value, level: &str) -> Result<Value, ErrorFields> {
    let level = parse_level(level)?;
    DataModel::compile(model)?.check_at(message, level)
}

/// The level checked at when none is given: the platform's default.
pub const DEFAULT_LEVEL: &str = "weak";

/// Runs codec test vectors (any published layout, told by its shape) on `script`: one result
/// per vector (`thingkit::codec_tests::test_script`).
pub fn test_codec(script: &str, vectors: &Value, filter: Option<&str>) -> Result<Value, ErrorFields> {
    let results = thingkit::codec_tests::test_script(script, vectors, filter)?;
    serde_json::to_value(results).map_err(|e| internal(e.to_string()))
}

fn parse_level(level: &str) -> Result<Level, ErrorFields> {
    Level::parse(level).ok_or_else(|| bad_argument(format!("unknown level `{level}`: expected one of {}", Level::names())))
}

/// A thing model read, validated and indexed once, for checking any number of messages.
#[derive(Debug)]
pub struct DataModel {
    inner: thingkit::data::DataModel,
}

impl DataModel {
    /// `model` is a TSL or ThingModelJson object or its text, or a list of them (the model and
    /// its custom modules). An invalid document fails with the code of its first error and
    /// every diagnostic.
    pub fn compile(model: Value) -> Result<DataModel, ErrorFields> {
        let texts = thingkit::json::model_texts(model);
        thingkit::data::DataModel::from_texts(texts.iter().map(String::as_str))
            .map(|inner| DataModel { inner })
            .map_err(|e| ErrorFields::from(&e))
    }

    /// `{level, failures, passed}` for `message` (an object or its text) at `level`.
    pub fn check(&self, message: Value, level: &str) -> Result<Value, ErrorFields> {
        self.check_at(message, parse_level(level)?)
    }

    fn check_at(&self, message: Value, level: Level) -> Result<Value, ErrorFields> {
        let message = match message {
            Value::String(text) => serde_json::from_str(&text).map_err(|e| thingkit::json::not_json("the message", &text, &e))?,
            message => message,
        };
        Ok(thingkit::json::data_check(check_owned(&self.inner, message, level), level))
    }
}

/// A compiled script.
#[derive(Debug)]
pub struct Codec {
    inner: thingkit::script::Codec,
}

impl Codec {
    /// Compiles with `options` (an object of optional fields, or null).
    pub fn compile(source: &str, options: &Value) -> Result<Codec, ErrorFields> {
        let options = thingkit::script::CodecOptions::from(&self::options::<CodecOptions>(options, "codec options")?);
        thingkit::script::Codec::compile(source, options).map(|inner| Codec { inner }).map_err(|e| ErrorFields::from(&e))
    }

    pub fn entry_points(&self) -> Vec<String> {
        self.inner.entry_points().iter().map(|s| s.to_string()).collect()
    }

    /// `input` is a [`DecodeOptions`] object or null: the routine's whole result (TS013:
    /// `{data, warnings?}`), `decodeDownlink`'s with `downlink`.
    pub fn decode(&mut self, bytes: &[u8], input: &Value) -> Result<Value, ErrorFields> {
        let input = ReadOptions::read(input)?;
        self.decode_read(bytes, &input)
    }

    /// [`Codec::decode`] of every payload with the same options, read once: one result each.
    ///
    /// # Errors
    /// Options that are not [`DecodeOptions`] (the payloads' own failures are their results).
    pub fn decode_many<'b>(
        &mut self,
        payloads: impl IntoIterator<Item = Result<&'b [u8], ErrorFields>>,
        input: &Value,
    ) -> Result<Vec<Result<Value, ErrorFields>>, ErrorFields> {
        let input = ReadOptions::read(input)?;
        Ok(payloads.into_iter().map(|bytes| self.decode_read(bytes?, &input)).collect())
    }

    fn decode_read(&mut self, bytes: &[u8], input: &ReadOptions) -> Result<Value, ErrorFields> {
        let options = &input.options;
        let core = DecodeInput {
            topic: options.topic.as_deref(),
            f_port: options.f_port,
            recv_time_ms: input.recv_time_ms,
            variables: options.variables.as_ref(),
        };
        let result = if options.downlink.unwrap_or(false) {
            self.inner.decode_downlink(bytes, &core)
        } else {
            self.inner.decode_result(bytes, &core)
        };
        result.map_err(|e| ErrorFields::from(&e))
    }

    /// The Things Stack's `normalizeUplink({data})`: its result, with the normalized-payload
    /// vocabulary's violations added to `warnings` (as The Things Stack reports them).
    pub fn normalize(&mut self, data: &Value) -> Result<Value, ErrorFields> {
        let mut result = self.inner.normalize_uplink(data).map_err(|e| ErrorFields::from(&e))?;
        thingkit::script::normalized::add_warnings(&mut result);
        Ok(result)
    }

    /// The routine's bytes for `message`, with what it said of them.
    pub fn encoded(&mut self, message: &Value, input: &EncodeOptions) -> Result<thingkit::script::Encoded, ErrorFields> {
        let core =
            EncodeInput { message, whole: input.whole.unwrap_or(false), f_port: input.f_port, variables: input.variables.as_ref() };
        self.inner.encode_result(&core).map_err(|e| ErrorFields::from(&e))
    }

    /// `{bytes, fPort?, warnings}` for `message`; `input` is an [`EncodeOptions`] object or null.
    pub fn encode(&mut self, message: &Value, input: &Value) -> Result<Value, ErrorFields> {
        let input: EncodeOptions = options(input, "encode options")?;
        let out = self.encoded(message, &input)?;
        let mut result = serde_json::json!({"bytes": out.bytes, "warnings": out.warnings});
        if let Some(port) = out.f_port {
            result["fPort"] = port.into();
        }
        Ok(result)
    }

    /// What the last call logged: `[{level, message}]`.
    pub fn logs(&self) -> Value {
        self.inner.logs().iter().map(|l| serde_json::json!({"level": l.level, "message": l.message})).collect()
    }
}

/// Bytes given as an array of integers 0-255.
pub fn bytes_from_numbers(numbers: &Value) -> Result<Vec<u8>, ErrorFields> {
    let Value::Array(items) = numbers else { return Err(bad_argument("bytes are a Uint8Array or an array of integers 0-255")) };
    items
        .iter()
        .enumerate()
        .map(|(i, n)| {
            n.as_u64().and_then(|n| u8::try_from(n).ok()).ok_or_else(|| bad_argument(format!("byte {i} is not an integer 0-255: {n}")))
        })
        .collect()
}

/// What comes with the bytes of an uplink.
#[derive(Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DecodeOptions {
    /// The MQTT topic; a custom topic (`/{productKey}/{deviceName}/user/…`) goes to
    /// `transformPayload`, any other to `rawDataToProtocol`.
    #[tsify(optional)]
    pub topic: Option<String>,
    /// The LoRaWAN or Tencent port (1 when not given).
    #[tsify(optional)]
    pub f_port: Option<u8>,
    /// TS013 `recvTime` (a `Date` in the script): RFC 3339 text or epoch milliseconds.
    #[tsify(optional)]
    pub recv_time: Option<RecvTime>,
    /// TS013 and ChirpStack `variables`.
    #[tsify(optional, type = "Record<string, string>")]
    pub variables: Option<Variables>,
    /// Run TS013 `decodeDownlink` instead of the uplink decoder.
    #[tsify(optional)]
    pub downlink: Option<bool>,
}

/// An instant: epoch milliseconds or RFC 3339 text.
#[derive(Debug, Deserialize, Tsify)]
#[serde(untagged)]
pub enum RecvTime {
    /// Milliseconds since the epoch.
    Ms(i64),
    /// RFC 3339, such as `2024-05-01T10:00:00Z`.
    Text(String),
}

/// What goes with a message to encode.
#[derive(Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EncodeOptions {
    /// The LoRaWAN port: `fPort` in `encodeDownlink`'s input where it has none.
    #[tsify(optional)]
    pub f_port: Option<u8>,
    /// The message is `encodeDownlink`'s whole input object (`{data, command, …}`), not its `data`.
    #[tsify(optional)]
    pub whole: Option<bool>,
    /// TS013 and ChirpStack `variables`.
    #[tsify(optional, type = "Record<string, string>")]
    pub variables: Option<Variables>,
}

/// Reads an options object (null or absent: every default).
/// Decode options as read from their JSON, `recvTime` as epoch milliseconds.
struct ReadOptions {
    options: DecodeOptions,
    recv_time_ms: Option<i64>,
}

impl ReadOptions {
    fn read(input: &Value) -> Result<ReadOptions, ErrorFields> {
        let options: DecodeOptions = options(input, "decode options")?;
        let recv_time_ms = match &options.recv_time {
            None => None,
            Some(RecvTime::Ms(ms)) => Some(*ms),
            Some(RecvTime::Text(text)) => Some(parse_instant(text).ok_or_else(|| {
                bad_argument(format!("recvTime `{text}` is neither RFC 3339 (2024-05-01T10:00:00Z) nor epoch milliseconds"))
            })?),
        };
        Ok(ReadOptions { options, recv_time_ms })
    }
}

fn options<T: Default + serde::de::DeserializeOwned>(value: &Value, what: &str) -> Result<T, ErrorFields> {
    if value.is_null() {
        return Ok(T::default());
    }
    T::deserialize(value).map_err(|e| bad_argument(format!("{what}: {e}")))
}

/// thingkit itself failed (TK0009).
pub fn internal(message: impl Into<String>) -> ErrorFields {
    ErrorFields::new(Code::ModuleAborted, message)
}

/// An argument the call does not take (TK0008).
pub fn bad_argument(message: impl Into<String>) -> ErrorFields {
    ErrorFields::new(Code::BadArgument, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reports_and_conversions_match_the_core() {
        let v = validate(r#"{"profile": {}, "properties": [{"identifier": "time"}]}"#);
        assert_eq!((&v["kind"], &v["valid"]), (&json!("tsl"), &json!(false)));
        assert!(v["diagnostics"].as_array().expect("list").iter().any(|d| d["code"] == "TK2002"));
        let c = convert(r#"{"profile": {"productKey": "a1"}, "properties": []}"#, "thing-model-json").expect("converts");
        assert_eq!(c["document"]["productKey"], "a1");
        let e = convert("{", "tsl").expect_err("not JSON").to_value();
        assert_eq!((&e["code"], &e["diagnostics"][0]["code"]), (&json!("TK0001"), &json!("TK0001")));
        assert_eq!(convert("{}", "yaml").expect_err("unknown target").to_value()["code"], "TK0008");
        assert_eq!(schema("tsl").expect("schema")["$schema"], "http://json-schema.org/draft-07/schema#");
        assert_eq!(schema("nope").expect_err("unknown").to_value()["code"], "TK0008");
    }

    #[test]
    fn data_checks_take_objects_texts_and_lists() {
        let tsl = include_str!("../../examples/alink-example.tsl.json");
        let message = json!({"id": "1", "version": "1.0", "method": "thing.event.property.post", "params": {"prop_int16": "x"}});
        let object: Value = serde_json::from_str(tsl).expect("TSL");
        for model in [json!(tsl), object.clone(), json!([object])] {
            let checked = check_data(model, message.clone(), "strong").expect("checks");
            assert_eq!(checked["failures"][0]["identifier"], "prop_int16");
        }
        assert_eq!(check_data(json!(tsl), json!("{"), "weak").expect_err("not JSON").to_value()["code"], "TK0001");
        assert_eq!(check_data(json!(tsl), message, "loose").expect_err("level").to_value()["code"], "TK0008");
    }

    #[test]
    fn a_data_model_compiles_once_and_checks_as_check_data_does() {
        let tsl = include_str!("../../examples/alink-example.tsl.json");
        let model = DataModel::compile(json!(tsl)).expect("compiles");
        let messages = [
            json!({"id": "1", "version": "1.0", "method": "thing.event.property.post", "params": {"prop_int16": "x", "prop_bool": 1}}),
            json!({"id": "2", "version": "1.0", "method": "thing.event.property.post", "params": {"nope": 1}}),
            json!(r#"{"id": "3", "version": "1.0", "method": "thing.service.property.set", "params": {"prop_int16": 7}}"#),
        ];
        for message in messages {
            for level in ["strong", "weak", "none"] {
                assert_eq!(model.check(message.clone(), level), check_data(json!(tsl), message.clone(), level), "{level} {message}");
            }
        }
        let e = model.check(json!({}), "loose").expect_err("level").to_value();
        assert_eq!(e["code"], "TK0008");
        assert!(e["message"].as_str().unwrap_or_default().contains("`strong`, `weak`, `none`"), "{e}");
        let invalid = DataModel::compile(json!({"profile": {}, "properties": [{"identifier": "time"}]})).expect_err("invalid").to_value();
        let diagnostics = invalid["diagnostics"].as_array().expect("diagnostics");
        let first_error = diagnostics.iter().find(|d| d["severity"] == "error").expect("an error");
        assert_eq!(invalid["code"], first_error["code"]);
    }

    #[test]
    fn codecs_take_options_and_report_script_errors() {
        let source = include_str!("../../examples/alink-example.js");
        let mut codec = Codec::compile(source, &json!({"unsignedBytes": false, "timeLimitMs": 50})).expect("compiles");
        assert_eq!(codec.entry_points(), ["rawDataToProtocol", "protocolToRawData", "transformPayload"]);
        let bytes = bytes_from_numbers(&json!([0, 0, 0, 0, 1, 0, 50, 1, 0, 0, 0, 0])).expect("bytes");
        assert_eq!(codec.decode(&bytes, &Value::Null).expect("decodes")["params"]["prop_int16"], 50);
        assert_eq!(codec.decode(&[0xff], &json!({"topic": "/a1/d/user/update/error"})).expect("transforms")["errorCode"], -1);
        assert_eq!(bytes_from_numbers(&json!([1, 256])).expect_err("range").to_value()["code"], "TK0008");
        assert_eq!(Codec::compile(source, &json!({"speed": 1})).expect_err("unknown option").to_value()["code"], "TK0008");
        let e = Codec::compile("function rawDataToProtocol(b) {\n  return {;\n}", &Value::Null).expect_err("syntax").to_value();
        assert_eq!((&e["code"], &e["line"]), (&json!("TK5001"), &json!(2)));
        let mut spin = Codec::compile("function rawDataToProtocol(b) { for (;;) {} }", &Value::Null).expect("compiles");
        let stopped = spin.decode(&[1], &Value::Null).expect_err("stopped").to_value();
        assert!(["TK5005", "TK5006", "TK5008"].contains(&stopped["code"].as_str().unwrap_or_default()), "{stopped}");
    }
}
