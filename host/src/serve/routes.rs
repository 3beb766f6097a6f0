//! The routes: a contract clients script against, written down in `host/openapi.json` (generated
//! from these types by `openapi.rs`, served at `/openapi.json`). Every model and script call runs
//! in the wasmtime plugin, under the gate.

use super::App;
use super::error::ApiError;
use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use base64::Engine as _;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::Arc;
use thingkit::data::Level;
use thingkit::json::ErrorFields;
use thingkit::script::{from_base64, from_hex, parse_instant};
use thingkit::{Code, Format, Report};
use thingkit_host::plugin::{CodecOptions, DecodeInput, Direction, EncodeInput, LogLine};

pub(crate) fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/openapi.json", get(openapi))
        .route("/v1/models/validate", post(validate))
        .route("/v1/models/convert", post(convert))
        .route("/v1/scripts/{product}", put(register).get(describe).delete(unregister))
        .route("/v1/scripts/{product}/decode", post(decode))
        .route("/v1/scripts/{product}/decode-batch", post(decode_batch))
        .route("/v1/scripts/{product}/encode", post(encode))
        .route("/v1/scripts/{product}/test", post(test_vectors))
        .route("/v1/models/{product}", put(register_model).get(describe_model).delete(unregister_model))
        .route("/v1/models/{product}/check", post(check_model))
        .route("/v1/data/check", post(check_data))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(app)
}

/// `GET /healthz`.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct Health {
    /// Always `ok`.
    #[schemars(extend("const" = "ok"))]
    status: &'static str,
    /// The service's version.
    version: &'static str,
    /// Scripts registered.
    products: usize,
    /// Thing models registered.
    models: usize,
}

async fn healthz(State(app): State<Arc<App>>) -> Json<Health> {
    Json(Health { status: "ok", version: env!("CARGO_PKG_VERSION"), products: app.products.len(), models: app.products.models_len() })
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], super::openapi::text()).into_response()
}

/// `POST /v1/models/validate`: the CLI's JSON report. A document with errors is still a
/// successful validation (200, `valid: false`).
async fn validate(State(app): State<Arc<App>>, body: Result<Bytes, BytesRejection>) -> Result<Response, ApiError> {
    let text = match thingkit::source::text_from_bytes(body?.to_vec()) {
        Ok(text) => text,
        Err(d) => {
            let report = Report { kind: None, valid: false, diagnostics: vec![d] };
            return Ok(Json(thingkit::json::report(&report)).into_response());
        }
    };
    let report = app.run(move |app| app.products.plugins().validate(&text, None)).await?;
    Ok(Json(thingkit::json::report(&report.map_err(|e| ApiError::plugin(&e))?)).into_response())
}

/// The query of `POST /v1/models/convert`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct ConvertQuery {
    /// The format to convert to.
    to: Format,
    /// The document's format; told by its content when not given.
    from: Option<Format>,
}

/// `POST /v1/models/convert?to=…`: `{document, diagnostics}`; a document with errors is 422 with
/// all its diagnostics.
async fn convert(
    State(app): State<Arc<App>>,
    query: Result<Query<ConvertQuery>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let Query(ConvertQuery { to, from }) = query?;
    let text = text(body?)?;
    // A document with errors comes back with all its diagnostics in the plugin's error record.
    let converted = app.run(move |app| app.products.plugins().convert(&text, from, to)).await?;
    Ok(Json(converted.map_err(|e| ApiError::plugin(&e))?.to_json()).into_response())
}

/// The query of `PUT /v1/scripts/{product}`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(super) struct ScriptQuery {
    /// Give Alibaba's functions unsigned bytes (0-255) instead of the platform's signed ones.
    #[serde(default)]
    unsigned: bool,
    /// Make `Date.now()` return this epoch time in milliseconds.
    deterministic_now_ms: Option<i64>,
    /// Make `Math.random` a seeded sequence.
    deterministic_seed: Option<u32>,
}

/// A product's script.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(super) struct Script {
    /// The product key.
    product: String,
    /// The conventions' functions the script defines (`rawDataToProtocol`, `decodeUplink`,
    /// `RawToProtocol`, `decode`, `Decoder`, `Decode`, …), in the order they are looked for.
    entry_points: Vec<String>,
}

/// `PUT /v1/scripts/{product}`: compiles the script and keeps it; 201 when new, 200 when it
/// replaced one. A script that does not compile leaves the previous one in place.
async fn register(
    State(app): State<Arc<App>>,
    Path(product): Path<String>,
    query: Result<Query<ScriptQuery>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    check_product_name(&product)?;
    let Query(query) = query?;
    let options = CodecOptions {
        unsigned_bytes: query.unsigned,
        deterministic_now_ms: query.deterministic_now_ms,
        deterministic_seed: query.deterministic_seed,
    };
    let source = text(body?)?;
    let name = product.clone();
    let registered = app.run(move |app| app.products.register(&name, source, options)).await??;
    tracing::info!(product, entry_points = ?registered.entry_points, created = registered.created, "script registered");
    let status = if registered.created { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(Script { product, entry_points: registered.entry_points })).into_response())
}

/// `GET /v1/scripts/{product}`: which entry points the product's script has.
async fn describe(State(app): State<Arc<App>>, Path(product): Path<String>) -> Result<Json<Script>, ApiError> {
    let script = app.products.get(&product)?;
    Ok(Json(Script { entry_points: script.entry_points().to_vec(), product }))
}

/// `DELETE /v1/scripts/{product}`.
async fn unregister(State(app): State<Arc<App>>, Path(product): Path<String>) -> Result<StatusCode, ApiError> {
    app.products.remove(&product)?;
    tracing::info!(product, "script removed");
    Ok(StatusCode::NO_CONTENT)
}

/// The body of `POST /v1/scripts/{product}/decode`: the bytes as exactly one of `hex` and
/// `base64`, and what the call knows besides them.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(extend("oneOf" = [
    {"required": ["hex"], "not": {"required": ["base64"]}},
    {"required": ["base64"], "not": {"required": ["hex"]}}
]))]
pub(super) struct DecodeRequest {
    /// The bytes in hex (`0x` and separators allowed).
    hex: Option<String>,
    /// The bytes in base64.
    base64: Option<String>,
    /// The MQTT topic; a custom topic (`/user/…`) goes to `transformPayload`.
    topic: Option<String>,
    /// The LoRaWAN or Tencent port.
    f_port: Option<u8>,
    /// TS013 `recvTime` (a `Date` in the script): RFC 3339 text or epoch milliseconds.
    #[schemars(with = "Option<RecvTime>")]
    recv_time: Option<Value>,
    /// TS013 and ChirpStack `variables`.
    #[serde(default)]
    variables: BTreeMap<String, String>,
    /// Run TS013 `decodeDownlink` instead of the uplink decoder.
    #[serde(default)]
    downlink: bool,
    /// Run The Things Stack's `normalizeUplink` on the decoded `data` and add
    /// `normalizedPayload` (a list of measurements) and `normalizedPayloadWarnings` (vocabulary
    /// violations included) to the result.
    #[serde(default)]
    normalize: bool,
    /// Answer `{result, logs}`: the routine's result and what the script logged.
    #[serde(default)]
    logs: bool,
}

/// TS013 `recvTime`: RFC 3339 text or epoch milliseconds (read by hand, for the messages).
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum RecvTime {
    Text(String),
    EpochMs(i64),
}

/// One line a call logged through `console`.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct Logged {
    /// The `console` method called: `log`, `info`, `warn`, `error` or `debug`.
    level: String,
    /// The arguments, formatted and joined by spaces.
    message: String,
}

/// `POST /v1/scripts/{product}/decode`: device bytes to the routine's result (a custom topic
/// goes to `transformPayload`; TS013 gives the whole `{data, warnings}`).
async fn decode(
    State(app): State<Arc<App>>,
    Path(product): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let request: DecodeRequest = parse_json(&body?)?;
    let bytes = payload(request.hex.as_deref(), request.base64.as_deref())?;
    let recv_time_ms = recv_time(request.recv_time.as_ref())?;
    let script = app.products.get(&product)?;
    let input = DecodeInput { topic: request.topic, f_port: request.f_port, recv_time_ms, variables: request.variables.into_iter().collect() };
    let direction = if request.downlink { Direction::Downlink } else { Direction::Uplink };
    let normalize = request.normalize && !request.downlink;
    let decoded = app
        .run(move |app| {
            script.with_codec(app.products.plugins(), |codec| {
                let decoded = codec.decode(&bytes, &input, direction)?;
                if !normalize {
                    return Ok((decoded, None));
                }
                let data = serde_json::from_str::<Value>(&decoded.result).ok().and_then(|r| r.get("data").cloned()).unwrap_or(Value::Null);
                let normalized = codec.normalize(&data.to_string())?;
                Ok((decoded, Some(normalized)))
            })
        })
        .await?;
    let (decoded, normalized) = decoded.map_err(|e| ApiError::plugin(&e))?;
    if !request.logs && normalized.is_none() {
        return Ok(json_text(StatusCode::OK, decoded.result));
    }
    let plugin_json = |text: &str| serde_json::from_str::<Value>(text).map_err(|e| ApiError::internal(format!("the plugin's answer is not JSON: {e}")));
    let mut result = plugin_json(&decoded.result)?;
    let mut logs = decoded.logs;
    if let Some(normalized) = normalized {
        thingkit::script::normalized::attach(&mut result, &plugin_json(&normalized.result)?);
        logs.extend(normalized.logs);
    }
    if !request.logs {
        return Ok(Json(result).into_response());
    }
    Ok(Json(json!({"result": result, "logs": log_lines(&logs)})).into_response())
}

/// The bytes of a request: exactly one of `hex` and `base64`.
fn payload(hex: Option<&str>, base64: Option<&str>) -> Result<Vec<u8>, ApiError> {
    match (hex, base64) {
        (Some(hex), None) => from_hex(hex),
        (None, Some(b64)) => from_base64(b64),
        _ => return Err(ApiError::bad_request("give the bytes as exactly one of `hex` and `base64`")),
    }
    .map_err(|e| ApiError::from_fields(StatusCode::BAD_REQUEST, ErrorFields::from(&e)))
}

/// TS013 `recvTime` as epoch milliseconds.
fn recv_time(value: Option<&Value>) -> Result<Option<i64>, ApiError> {
    Ok(match value {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => Some(n.as_i64().ok_or_else(|| ApiError::bad_request("`recvTime` must be whole epoch milliseconds"))?),
        Some(Value::String(text)) => Some(
            parse_instant(text).ok_or_else(|| ApiError::bad_request("`recvTime` must be RFC 3339 (2024-05-01T10:00:00Z) or epoch milliseconds"))?,
        ),
        Some(_) => return Err(ApiError::bad_request("`recvTime` must be RFC 3339 text or epoch milliseconds")),
    })
}

/// Most payloads one batch request may carry.
pub(super) const MAX_BATCH_ITEMS: usize = 1000;

/// The body of `POST /v1/scripts/{product}/decode-batch`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(super) struct DecodeBatchRequest {
    /// The payloads, at most 1000, each as `decode` takes one.
    items: Vec<BatchItem>,
    /// Run TS013 `decodeDownlink` on every item instead of the uplink decoder.
    #[serde(default)]
    downlink: bool,
}

/// One payload of a batch: the bytes as exactly one of `hex` and `base64`, and what its call
/// knows besides them.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(extend("oneOf" = [
    {"required": ["hex"], "not": {"required": ["base64"]}},
    {"required": ["base64"], "not": {"required": ["hex"]}}
]))]
pub(super) struct BatchItem {
    /// The bytes in hex (`0x` and separators allowed).
    hex: Option<String>,
    /// The bytes in base64.
    base64: Option<String>,
    /// The MQTT topic; a custom topic (`/user/…`) goes to `transformPayload`.
    topic: Option<String>,
    /// The LoRaWAN or Tencent port.
    f_port: Option<u8>,
    /// TS013 `recvTime`: RFC 3339 text or epoch milliseconds.
    #[schemars(with = "Option<RecvTime>")]
    recv_time: Option<Value>,
    /// TS013 and ChirpStack `variables`.
    #[serde(default)]
    variables: BTreeMap<String, String>,
}

/// What `POST /v1/scripts/{product}/decode-batch` answers: one result per item, in order.
#[derive(Debug, Serialize, JsonSchema)]
pub(super) struct DecodeBatchReport {
    /// Items decoded.
    decoded: usize,
    /// Items that failed (bad bytes, a throwing script, a broken limit).
    failed: usize,
    /// `{"result": …}` (the routine's result, as `decode` answers it) or `{"error": {…}}` (the
    /// one error shape), for each item in order.
    #[schemars(with = "Vec<BatchOutcome>")]
    results: Vec<Value>,
}

/// One item's outcome in a batch answer (for the schema).
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum BatchOutcome {
    Decoded { result: Value },
    Failed { error: ErrorFields },
}

/// `POST /v1/scripts/{product}/decode-batch`: many payloads decoded in one request and one
/// crossing into the plugin; each item is a call of its own, and one that fails does not stop
/// the others.
async fn decode_batch(
    State(app): State<Arc<App>>,
    Path(product): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let request: DecodeBatchRequest = parse_json(&body?)?;
    if request.items.len() > MAX_BATCH_ITEMS {
        return Err(ApiError::bad_request(format!("{} items in one batch; at most {MAX_BATCH_ITEMS}", request.items.len())).about_field("items"));
    }
    // Items whose bytes or time cannot be read fail alone (their error kept in their place);
    // the others go to the plugin.
    let mut unreadable: Vec<Option<ApiError>> = Vec::with_capacity(request.items.len());
    let mut calls: Vec<(Vec<u8>, DecodeInput)> = Vec::with_capacity(request.items.len());
    for item in request.items {
        let read = payload(item.hex.as_deref(), item.base64.as_deref()).and_then(|bytes| Ok((bytes, recv_time(item.recv_time.as_ref())?)));
        match read {
            Ok((bytes, recv_time_ms)) => {
                let variables = item.variables.into_iter().collect();
                calls.push((bytes, DecodeInput { topic: item.topic, f_port: item.f_port, recv_time_ms, variables }));
                unreadable.push(None);
            }
            Err(e) => unreadable.push(Some(e)),
        }
    }
    let script = app.products.get(&product)?;
    let direction = if request.downlink { Direction::Downlink } else { Direction::Uplink };
    let decoded = app
        .run(move |app| {
            script.with_codec(app.products.plugins(), |codec| {
                let items: Vec<(&[u8], &DecodeInput)> = calls.iter().map(|(bytes, input)| (bytes.as_slice(), input)).collect();
                Ok(codec.decode_batch(&items, direction))
            })
        })
        .await?
        .map_err(|e| ApiError::plugin(&e))?;
    let mut decoded = decoded.into_iter();
    let (mut ok, mut failed) = (0, 0);
    let mut results = Vec::with_capacity(unreadable.len());
    for item in unreadable {
        let outcome = match item {
            Some(e) => Err(e.into_fields()),
            None => match decoded.next() {
                Some(Ok(d)) => serde_json::from_str::<Value>(&d.result).map_err(|e| ErrorFields::new(thingkit::Code::Internal, format!("the plugin's answer is not JSON: {e}"))),
                Some(Err(e)) => Err(e.to_fields()),
                None => Err(ErrorFields::new(thingkit::Code::Internal, "the plugin answered fewer results than items")),
            },
        };
        results.push(match outcome {
            Ok(result) => {
                ok += 1;
                json!({"result": result})
            }
            Err(error) => {
                failed += 1;
                json!({"error": error})
            }
        });
    }
    Ok(Json(DecodeBatchReport { decoded: ok, failed, results }).into_response())
}

fn log_lines(logs: &[LogLine]) -> Vec<Logged> {
    logs.iter().map(|l| Logged { level: l.level.clone(), message: l.message.clone() }).collect()
}

/// The query of `POST /v1/scripts/{product}/test`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct TestQuery {
    /// Run only the vectors whose description contains this text.
    filter: Option<String>,
}

/// What `POST /v1/scripts/{product}/test` answers: the counts and each vector's result.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(super) struct TestReport {
    /// The product key.
    product: String,
    /// Vectors whose result was the expected one.
    passed: usize,
    /// Vectors whose result differed.
    failed: usize,
    /// Vectors the script failed on (threw, or broke a limit).
    errors: usize,
    /// Each vector's result, in order, as the plugin wrote it.
    #[schemars(with = "Vec<thingkit::codec_tests::VectorResult>")]
    vectors: Vec<Value>,
}

/// `POST /v1/scripts/{product}/test`: runs test vectors (the body: any layout `thingkit test`
/// reads, as JSON, told by its shape) on the product's script, compiled anew for the run
/// (deterministic: UTC, a fixed clock, a seeded `Math.random`), in one plugin call.
async fn test_vectors(
    State(app): State<Arc<App>>,
    Path(product): Path<String>,
    query: Result<Query<TestQuery>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query?;
    let vectors: Value = parse_json(&body?)?;
    let script = app.products.get(&product)?;
    // Read here too, for the count the run's deadline allows for (and a clear error early).
    let suites = thingkit::codec_tests::read_value(&vectors).map_err(|d| {
        ApiError::from_fields(StatusCode::UNPROCESSABLE_ENTITY, ErrorFields::new(d.code, format!("{} (at `{}`)", d.message, d.pointer)))
    })?;
    let count = suites.iter().map(|s| s.vectors.len()).sum();
    let results = app
        .run(move |app| app.products.plugins().test_vectors(script.source(), &vectors.to_string(), query.filter.as_deref(), count))
        .await?
        .map_err(|e| ApiError::plugin(&e))?;
    let vectors: Vec<Value> = serde_json::from_str(&results).map_err(|e| ApiError::internal(format!("the plugin's answer is not JSON: {e}")))?;
    let count = |status: &str| vectors.iter().filter(|v| v["status"] == status).count();
    let (passed, failed, errors) = (count("passed"), count("failed"), count("error"));
    Ok(Json(TestReport { product, passed, failed, errors, vectors }).into_response())
}

/// The query of `POST /v1/scripts/{product}/encode`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct EncodeQuery {
    /// The LoRaWAN or Tencent port.
    #[serde(rename = "fPort")]
    f_port: Option<u8>,
    /// The body is TS013 `encodeDownlink`'s whole input object (`{data, command, variables, …}`),
    /// not its `data`; `variables` reach the codec this way.
    #[serde(default)]
    whole: bool,
    /// Add what the script logged as `logs`.
    #[serde(default)]
    logs: bool,
}

/// Device bytes, with what the routine said of them.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(super) struct Encoded {
    /// The bytes in hex; empty for a TS013 downlink of no bytes.
    #[schemars(regex(pattern = r"^([0-9a-f]{2})*$"))]
    hex: String,
    /// The bytes in base64.
    base64: String,
    /// The port `encodeDownlink` returned.
    #[serde(skip_serializing_if = "Option::is_none")]
    f_port: Option<u8>,
    /// `encodeDownlink`'s warnings, as returned.
    #[serde(skip_serializing_if = "Option::is_none")]
    warnings: Option<Vec<Value>>,
    /// With `logs=true`: what the script logged.
    #[serde(skip_serializing_if = "Option::is_none")]
    logs: Option<Vec<Logged>>,
}

/// `POST /v1/scripts/{product}/encode`: the JSON message (the body) to device bytes.
async fn encode(
    State(app): State<Arc<App>>,
    Path(product): Path<String>,
    query: Result<Query<EncodeQuery>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Encoded>, ApiError> {
    let Query(EncodeQuery { f_port, whole, logs }) = query?;
    let message = text(body?)?;
    let script = app.products.get(&product)?;
    let input = EncodeInput { message, whole, f_port, variables: Vec::new() };
    let encoded = app.run(move |app| script.with_codec(app.products.plugins(), |codec| codec.encode(&input))).await?;
    let encoded = encoded.map_err(|e| ApiError::plugin(&e))?;
    let warnings = match serde_json::from_str::<Value>(&encoded.warnings) {
        Ok(Value::Array(list)) if !list.is_empty() => Some(list),
        _ => None,
    };
    Ok(Json(Encoded {
        hex: hex::encode(&encoded.bytes),
        base64: base64::engine::general_purpose::STANDARD.encode(&encoded.bytes),
        f_port: encoded.f_port,
        warnings,
        logs: logs.then(|| log_lines(&encoded.logs)),
    }))
}

/// The body of `POST /v1/data/check`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct CheckRequest {
    /// The TSL (an object or its text), or a list: the model and its custom modules.
    #[schemars(with = "ModelTexts")]
    model: Value,
    /// The Alink message (an object or its text).
    #[schemars(with = "Message")]
    message: Value,
    /// How strictly to check (`ValidateType`); the platform's default is `weak`.
    #[serde(default = "weak")]
    level: Level,
}

/// The body of `POST /v1/models/{product}/check`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct ModelCheckRequest {
    /// The Alink message (an object or its text).
    #[schemars(with = "Message")]
    message: Value,
    /// How strictly to check (`ValidateType`); the platform's default is `weak`.
    #[serde(default = "weak")]
    level: Level,
}

fn weak() -> Level {
    Level::Weak
}

/// A model as requests give it: a TSL or ThingModelJson (an object or its text), or a list of
/// them: the model and its custom modules.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub(super) enum ModelTexts {
    Object(serde_json::Map<String, Value>),
    Text(String),
    List(#[schemars(length(min = 1))] Vec<ModelText>),
}

/// One model of a list: an object or its text.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub(super) enum ModelText {
    Object(serde_json::Map<String, Value>),
    Text(String),
}

/// An Alink message: an object or its text.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum Message {
    Object(serde_json::Map<String, Value>),
    Text(String),
}

/// `POST /v1/data/check`: `{level, failures, passed}`; a model with errors is 422 with its
/// diagnostics and its index in the list (`model`), as the plugin's error record gives them.
async fn check_data(State(app): State<Arc<App>>, body: Result<Bytes, BytesRejection>) -> Result<Response, ApiError> {
    let request: CheckRequest = parse_json(&body?)?;
    let models = thingkit::json::model_texts(request.model);
    // Read here, so that every error the plugin gives back is the model's.
    let message = message_text(request.message)?;
    let level = request.level;
    let checked = app.run(move |app| app.products.plugins().check_data(&models, &message, level)).await?;
    Ok(json_text(StatusCode::OK, checked.map_err(|e| ApiError::plugin(&e))?))
}

/// A product's thing model.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct ModelInfo {
    /// The product key.
    product: String,
    /// How many texts it was compiled from: the model and its custom modules.
    modules: usize,
}

/// `PUT /v1/models/{product}`: compiles the model (and its custom modules) once and keeps it;
/// 201 when new, 200 when it replaced one. A model with errors is 422 with all its diagnostics
/// and leaves the previous one in place.
async fn register_model(
    State(app): State<Arc<App>>,
    Path(product): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    check_product_name(&product)?;
    let text = text(body?)?;
    // A list (or a JSON string) is read as /v1/data/check reads `model`; anything else is the
    // model's own text, passed on as it is so that lines and columns are the body's.
    let texts = match serde_json::from_str::<Value>(&text) {
        Ok(list @ (Value::Array(_) | Value::String(_))) => thingkit::json::model_texts(list),
        _ => vec![text],
    };
    let modules = texts.len();
    let name = product.clone();
    let created = app.run(move |app| app.products.register_model(&name, texts)).await??;
    tracing::info!(product, modules, created, "model registered");
    let status = if created { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(ModelInfo { product, modules })).into_response())
}

/// `GET /v1/models/{product}`.
async fn describe_model(State(app): State<Arc<App>>, Path(product): Path<String>) -> Result<Json<ModelInfo>, ApiError> {
    let model = app.products.get_model(&product)?;
    Ok(Json(ModelInfo { product, modules: model.modules() }))
}

/// `DELETE /v1/models/{product}`.
async fn unregister_model(State(app): State<Arc<App>>, Path(product): Path<String>) -> Result<StatusCode, ApiError> {
    app.products.remove_model(&product)?;
    tracing::info!(product, "model removed");
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /v1/models/{product}/check`: the message checked against the product's kept model.
async fn check_model(
    State(app): State<Arc<App>>,
    Path(product): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let request: ModelCheckRequest = parse_json(&body?)?;
    let message = message_text(request.message)?;
    let model = app.products.get_model(&product)?;
    let level = request.level;
    let checked = app.run(move |_| model.check(&message, level)).await?;
    Ok(json_text(StatusCode::OK, checked.map_err(|e| ApiError::plugin(&e))?))
}

/// A message given as an object or as its text, as JSON text; text that is not JSON is the
/// request's fault, located.
fn message_text(message: Value) -> Result<String, ApiError> {
    match message {
        Value::String(text) => match serde_json::from_str::<Value>(&text) {
            Ok(_) => Ok(text),
            Err(e) => Err(ApiError::bad_json(text.as_bytes(), &e).about_field("message")),
        },
        message => Ok(message.to_string()),
    }
}

async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, Code::NoSuchRoute, "no such route; GET /openapi.json lists them")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, Code::NoSuchRoute, "this route does not take that method; GET /openapi.json lists them")
}

impl From<BytesRejection> for ApiError {
    fn from(rejection: BytesRejection) -> ApiError {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, Code::RequestTooLarge, "the request body is larger than the service takes")
        } else {
            ApiError::bad_request(rejection.body_text())
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> ApiError {
        ApiError::bad_request(rejection.body_text())
    }
}

/// A body that must be UTF-8 text; where it is not, located.
fn text(body: Bytes) -> Result<String, ApiError> {
    thingkit::source::text_from_bytes(body.to_vec())
        .map_err(|d| {
            let located = ErrorFields { line: Some(d.line), column: Some(d.column), ..ErrorFields::new(d.code, d.message) };
            ApiError::from_fields(StatusCode::BAD_REQUEST, located)
        })
}

fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::bad_json(body, &e))
}

/// JSON the plugin already wrote, passed on as it is.
fn json_text(status: StatusCode, text: String) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], text).into_response()
}

/// What a product key may be (`check_product_name`), as the OpenAPI document says it.
pub(super) const PRODUCT_PATTERN: &str = "^[A-Za-z0-9_.-]{1,128}$";

/// Product keys are short names; anything else in a path is a mistake.
fn check_product_name(name: &str) -> Result<(), ApiError> {
    let fine = (1..=128).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
    if fine { Ok(()) } else { Err(ApiError::bad_request("a product is 1-128 letters, digits, `-`, `_` or `.`")) }
}
