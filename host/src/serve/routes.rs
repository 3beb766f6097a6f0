//! The routes: a contract clients script against, written down in `host/openapi.json` (served at
//! `/openapi.json`). Every model and script call runs in the wasmtime plugin, under the gate.

use super::error::ApiError;
use super::{App, OPENAPI};
use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use base64::Engine as _;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::sync::Arc;
use thingkit::data::Level;
use std::collections::BTreeMap;
use thingkit::script::{from_base64, from_hex, parse_instant};
use thingkit::{Code, Report};
use thingkit_host::plugin::{CodecOptions, DecodeInput, Direction, EncodeInput, LogLine, PluginError};

pub(crate) fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/openapi.json", get(openapi))
        .route("/v1/models/validate", post(validate))
        .route("/v1/models/convert", post(convert))
        .route("/v1/scripts/{product}", put(register).get(describe).delete(unregister))
        .route("/v1/scripts/{product}/decode", post(decode))
        .route("/v1/scripts/{product}/encode", post(encode))
        .route("/v1/data/check", post(check_data))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(app)
}

async fn healthz(State(app): State<Arc<App>>) -> Json<Value> {
    Json(json!({"status": "ok", "version": env!("CARGO_PKG_VERSION"), "products": app.products.len()}))
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
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
    let report = app.run(move |app| app.products.plugins().validate(&text)).await?;
    Ok(json_text(StatusCode::OK, report.map_err(|e| ApiError::plugin(&e))?))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConvertQuery {
    to: String,
}

/// `POST /v1/models/convert?to=…`: `{document, diagnostics}`; a document with errors is 422 with
/// all its diagnostics.
async fn convert(
    State(app): State<Arc<App>>,
    query: Result<Query<ConvertQuery>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let Query(ConvertQuery { to }) = query?;
    let text = text(body?)?;
    let converted = app
        .run(move |app| {
            let plugins = app.products.plugins();
            match plugins.convert(&text, &to) {
                Ok(json) => Ok(json),
                Err(e) if is_document_error(&e) => Err(document_error(plugins.validate(&text), &e)),
                Err(e) => Err(ApiError::plugin(&e)),
            }
        })
        .await??;
    Ok(json_text(StatusCode::OK, converted))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ScriptQuery {
    #[serde(default)]
    unsigned: bool,
    deterministic_now_ms: Option<i64>,
    deterministic_seed: Option<u32>,
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
    Ok((status, Json(json!({"product": product, "entryPoints": registered.entry_points}))).into_response())
}

/// `GET /v1/scripts/{product}`: which entry points the product's script has.
async fn describe(State(app): State<Arc<App>>, Path(product): Path<String>) -> Result<Json<Value>, ApiError> {
    let script = app.products.get(&product)?;
    Ok(Json(json!({"product": product, "entryPoints": script.entry_points()})))
}

/// `DELETE /v1/scripts/{product}`.
async fn unregister(State(app): State<Arc<App>>, Path(product): Path<String>) -> Result<StatusCode, ApiError> {
    app.products.remove(&product)?;
    tracing::info!(product, "script removed");
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct DecodeRequest {
    hex: Option<String>,
    base64: Option<String>,
    topic: Option<String>,
    f_port: Option<u8>,
    /// TS013 `recvTime`: RFC 3339 text or epoch milliseconds.
    recv_time: Option<Value>,
    #[serde(default)]
    variables: BTreeMap<String, String>,
    /// Run TS013 `decodeDownlink` instead of the uplink decoder.
    #[serde(default)]
    downlink: bool,
    /// Run `normalizeUplink` on the decoded `data` and add `normalizedPayload` and
    /// `normalizedPayloadWarnings` to the result.
    #[serde(default)]
    normalize: bool,
    /// Answer `{result, logs}` instead of the result alone.
    #[serde(default)]
    logs: bool,
}

/// `POST /v1/scripts/{product}/decode`: device bytes to the routine's result (a custom topic
/// goes to `transformPayload`; TS013 gives the whole `{data, warnings}`).
async fn decode(
    State(app): State<Arc<App>>,
    Path(product): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let request: DecodeRequest = parse_json(&body?)?;
    let bytes = match (&request.hex, &request.base64) {
        (Some(hex), None) => from_hex(hex),
        (None, Some(b64)) => from_base64(b64),
        _ => return Err(ApiError::bad_request("give the bytes as exactly one of `hex` and `base64`")),
    }
    .map_err(|e| ApiError::from_json(StatusCode::BAD_REQUEST, thingkit::json::script_error(&e)))?;
    let recv_time_ms = match &request.recv_time {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => Some(n.as_i64().ok_or_else(|| ApiError::bad_request("`recvTime` must be whole epoch milliseconds"))?),
        Some(Value::String(text)) => Some(
            parse_instant(text).ok_or_else(|| ApiError::bad_request("`recvTime` must be RFC 3339 (2024-05-01T10:00:00Z) or epoch milliseconds"))?,
        ),
        Some(_) => return Err(ApiError::bad_request("`recvTime` must be RFC 3339 text or epoch milliseconds")),
    };
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

fn log_lines(logs: &[LogLine]) -> Value {
    logs.iter().map(|l| json!({"level": l.level, "message": l.message})).collect()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EncodeQuery {
    #[serde(rename = "fPort")]
    f_port: Option<u8>,
    /// The body is `encodeDownlink`'s whole input object, not its `data`.
    #[serde(default)]
    whole: bool,
    /// Add what the script logged as `logs`.
    #[serde(default)]
    logs: bool,
}

/// `POST /v1/scripts/{product}/encode`: the JSON message (the body) to device bytes.
async fn encode(
    State(app): State<Arc<App>>,
    Path(product): Path<String>,
    query: Result<Query<EncodeQuery>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(EncodeQuery { f_port, whole, logs }) = query?;
    let message = text(body?)?;
    let script = app.products.get(&product)?;
    let input = EncodeInput { message, whole, f_port, variables: Vec::new() };
    let encoded = app.run(move |app| script.with_codec(app.products.plugins(), |codec| codec.encode(&input))).await?;
    let encoded = encoded.map_err(|e| ApiError::plugin(&e))?;
    let mut out = json!({"hex": hex::encode(&encoded.bytes), "base64": base64::engine::general_purpose::STANDARD.encode(&encoded.bytes)});
    if let Some(port) = encoded.f_port {
        out["fPort"] = port.into();
    }
    match serde_json::from_str::<Value>(&encoded.warnings) {
        Ok(Value::Array(list)) if !list.is_empty() => out["warnings"] = Value::Array(list),
        _ => {}
    }
    if logs {
        out["logs"] = log_lines(&encoded.logs);
    }
    Ok(Json(out))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckRequest {
    /// The TSL (an object, or its text), or a list of them: the model and its custom modules.
    model: Value,
    /// The Alink message (an object, or its text).
    message: Value,
    #[serde(default = "weak")]
    level: String,
}

fn weak() -> String {
    "weak".into()
}

/// `POST /v1/data/check`: `{level, failures, passed}`; a model with errors is 422 with its
/// diagnostics.
async fn check_data(State(app): State<Arc<App>>, body: Result<Bytes, BytesRejection>) -> Result<Response, ApiError> {
    let request: CheckRequest = parse_json(&body?)?;
    if Level::parse(&request.level).is_none() {
        let message = format!("unknown level `{}` (strong, weak or none)", request.level);
        return Err(ApiError::new(StatusCode::BAD_REQUEST, Code::BadArgument, message));
    }
    let models = thingkit::json::model_texts(request.model);
    // Read here, so that every error the plugin gives back is the model's.
    let message = match request.message {
        Value::String(text) => serde_json::from_str::<Value>(&text).map_err(|e| ApiError::bad_json(&e).with("field", "message".into()))?,
        message => message,
    };
    let checked = app
        .run(move |app| {
            let plugins = app.products.plugins();
            plugins.check_data(&models, &message.to_string(), &request.level).map_err(|e| {
                // Locate the problem: the first model that does not validate.
                let invalid = models.iter().enumerate().find_map(|(i, m)| match plugins.validate(m) {
                    Ok(report) if report_is_valid(&report) => None,
                    report => Some((i, report)),
                });
                match invalid {
                    Some((i, report)) => document_error(report, &e).with("model", i.into()),
                    None => ApiError::plugin(&e),
                }
            })
        })
        .await??;
    Ok(json_text(StatusCode::OK, checked))
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
        .map_err(|d| ApiError::new(StatusCode::BAD_REQUEST, d.code, d.message).with("line", d.line.into()).with("column", d.column.into()))
}

fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::bad_json(&e))
}

/// JSON the plugin already wrote, passed on as it is.
fn json_text(status: StatusCode, text: String) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], text).into_response()
}

fn is_document_error(e: &PluginError) -> bool {
    matches!(e, PluginError::Guest { code, .. } if code != Code::BadArgument.as_str() && code != Code::UnsupportedConversion.as_str())
}

fn report_is_valid(report: &str) -> bool {
    serde_json::from_str::<Value>(report).is_ok_and(|r| r["valid"] == true)
}

/// 422 `{code, message, diagnostics}` for a document with errors, the diagnostics from its
/// validation report.
fn document_error(report: Result<String, PluginError>, e: &PluginError) -> ApiError {
    let diagnostics = report.ok().and_then(|r| serde_json::from_str::<Value>(&r).ok()).map(|r| r["diagnostics"].clone());
    ApiError::from_json(
        StatusCode::UNPROCESSABLE_ENTITY,
        json!({"code": e.code(), "message": "the document has errors", "diagnostics": diagnostics.unwrap_or_else(|| json!([]))}),
    )
}

/// Product keys are short names; anything else in a path is a mistake.
fn check_product_name(name: &str) -> Result<(), ApiError> {
    let fine = (1..=128).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
    if fine { Ok(()) } else { Err(ApiError::bad_request("a product is 1-128 letters, digits, `-`, `_` or `.`")) }
}
