//! The OpenAPI 3.1 document of the routes, generated: request and response schemas come from
//! the types themselves (core's `Report`, `Diagnostic`, `Format`, `Level`, `ErrorFields`,
//! `Conversion`, `DataCheckResult`, the routes' own request and response structs) through
//! `schemars`, the query parameters from the routes' query structs. Served at `/openapi.json`
//! and committed as `host/openapi.json` (`THINGKIT_BLESS=1 cargo test -p thingkit-host --test
//! serve openapi` rewrites it; the test fails when it is stale).

use super::routes::{
    CheckRequest, ConvertQuery, DecodeBatchReport, DecodeBatchRequest, DecodeRequest, EncodeQuery, Encoded, Health, ModelCheckRequest, ModelInfo, PRODUCT_PATTERN, Script,
    ScriptQuery, TestQuery, TestReport,
};
use schemars::JsonSchema;
use schemars::generate::{SchemaGenerator, SchemaSettings};
use serde_json::{Map, Value, json};
use std::sync::LazyLock;
use thingkit::Report;
use thingkit::json::{Conversion, DataCheckResult, ErrorFields};

/// The error body every failed request answers: `{"error": {…}}`.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Error {
    error: ErrorFields,
}

/// The document as pretty-printed JSON text with a final newline: what `/openapi.json` serves
/// and `host/openapi.json` holds.
pub(crate) fn text() -> &'static str {
    static TEXT: LazyLock<String> = LazyLock::new(|| serde_json::to_string_pretty(&document()).map(|t| t + "\n").unwrap_or_default());
    &TEXT
}

/// The document.
pub(crate) fn document() -> Value {
    let mut generator = SchemaSettings::draft2020_12().with(|s| s.definitions_path = "/components/schemas".into()).into_generator();
    let mut schema = |f: fn(&mut SchemaGenerator) -> schemars::Schema| f(&mut generator).to_value();
    let health = schema(|g| g.subschema_for::<Health>());
    let report = schema(|g| g.subschema_for::<Report>());
    let conversion = schema(|g| g.subschema_for::<Conversion>());
    let script = schema(|g| g.subschema_for::<Script>());
    let decode_request = schema(|g| g.subschema_for::<DecodeRequest>());
    let batch_request = schema(|g| g.subschema_for::<DecodeBatchRequest>());
    let batch_report = schema(|g| g.subschema_for::<DecodeBatchReport>());
    let encoded = schema(|g| g.subschema_for::<Encoded>());
    let check_request = schema(|g| g.subschema_for::<CheckRequest>());
    let model_check_request = schema(|g| g.subschema_for::<ModelCheckRequest>());
    let model_info = schema(|g| g.subschema_for::<ModelInfo>());
    let data_check = schema(|g| g.subschema_for::<DataCheckResult>());
    let error = schema(|g| g.subschema_for::<Error>());
    let convert_query = query_parameters(schema(|g| ConvertQuery::json_schema(g)));
    let script_query = query_parameters(schema(|g| ScriptQuery::json_schema(g)));
    let encode_query = query_parameters(schema(|g| EncodeQuery::json_schema(g)));
    let test_query = query_parameters(schema(|g| TestQuery::json_schema(g)));
    let test_report = schema(|g| g.subschema_for::<TestReport>());

    let r = Responses { error: &error };
    let document_body = |description: &str| {
        json!({
            "required": true,
            "description": description,
            "content": {"text/plain": {"schema": {"type": "string"}}, "application/json": {"schema": {}}}
        })
    };
    let json_body = |schema: &Value| json!({"required": true, "content": {"application/json": {"schema": schema}}});
    let product = json!([{
        "name": "product",
        "in": "path",
        "required": true,
        "description": "The product key: 1-128 letters, digits, `-`, `_` or `.`.",
        "schema": {"type": "string", "pattern": PRODUCT_PATTERN}
    }]);
    let unknown = |what: &str| r.error(&format!("No {what} is registered for the product (TK6003)."));
    let trapped = r.error("The plugin trapped (TK5020); the instance was dropped.");

    let paths = json!({
        "/healthz": {"get": {
            "operationId": "health",
            "summary": "Liveness and what the service holds.",
            "responses": {"200": ok("The service is up.", &health)}
        }},
        "/openapi.json": {"get": {
            "operationId": "openapi",
            "summary": "This document.",
            "responses": {"200": ok("The OpenAPI document.", &json!({"type": "object"}))}
        }},
        "/v1/models/validate": {"post": r.with_body(json!({
            "operationId": "validateModel",
            "summary": "Validate a thing model (TSL, ThingModelJson, extendConfig, Tencent, Huawei, WoT; the kind is told by the content).",
            "requestBody": document_body("The document's text, up to 256 KB."),
            "responses": {"200": ok("The report; a document with errors is still a 200, with `valid: false`.", &report)}
        }))},
        "/v1/models/convert": {"post": r.with_body(json!({
            "operationId": "convertModel",
            "summary": "Convert a document.",
            "parameters": convert_query,
            "requestBody": document_body("The document's text."),
            "responses": {
                "200": ok("The converted document, what was not carried over, and the fidelity report.", &conversion),
                "422": r.error("The document has errors (`diagnostics` lists them all, each with its `help` where there is one) or cannot be converted to that format (TK3003).")
            }
        }))},
        "/v1/models/{product}": {
            "parameters": product,
            "put": r.with_body(json!({
                "operationId": "registerModel",
                "summary": "Compile a thing model (and its custom modules) once and keep it for the product's device-data checks.",
                "requestBody": {
                    "required": true,
                    "description": "The model: a TSL or ThingModelJson (its text or object), or a list of them (objects or texts): the model and its custom modules.",
                    "content": {"text/plain": {"schema": {"type": "string"}}, "application/json": {"schema": {}}}
                },
                "responses": {
                    "200": ok("Compiled; it replaced the product's model.", &model_info),
                    "201": ok("Compiled and kept.", &model_info),
                    "422": r.error("A model has errors: `model` is its index in the list, `diagnostics` its problems; the previous model, if any, stays."),
                    "507": r.error("The service holds as many models as it may (TK6005).")
                }
            })),
            "get": {
                "operationId": "describeModel",
                "summary": "The product's kept model.",
                "responses": {"200": ok("The model.", &model_info), "404": unknown("model")}
            },
            "delete": {
                "operationId": "deleteModel",
                "summary": "Forget the product's model.",
                "responses": {"204": {"description": "Deleted."}, "404": unknown("model")}
            }
        },
        "/v1/models/{product}/check": {
            "parameters": product,
            "post": r.with_body(json!({
                "operationId": "checkModelData",
                "summary": "Check an Alink message against the product's kept model at a `ValidateType` level.",
                "requestBody": json_body(&model_check_request),
                "responses": {
                    "200": ok("The failures, and what goes on.", &data_check),
                    "404": unknown("model"),
                    "500": trapped
                }
            }))
        },
        "/v1/scripts/{product}": {
            "parameters": product,
            "put": r.with_body(json!({
                "operationId": "registerScript",
                "summary": "Compile a data-parsing script and keep it for the product.",
                "parameters": script_query,
                "requestBody": {
                    "required": true,
                    "description": "The script (JavaScript), up to 128 KB.",
                    "content": {"text/plain": {"schema": {"type": "string"}}, "application/javascript": {"schema": {"type": "string"}}}
                },
                "responses": {
                    "200": ok("Compiled; it replaced the product's script.", &script),
                    "201": ok("Compiled and kept.", &script),
                    "422": r.error("The script does not compile (TK5001 with line and column, TK5002 too large…) or defines none of the conventions' functions (TK5011); the previous script, if any, stays."),
                    "507": r.error("The service holds as many scripts as it may (TK6005).")
                }
            })),
            "get": {
                "operationId": "describeScript",
                "summary": "Which entry points the product's script has.",
                "responses": {"200": ok("The script's entry points.", &script), "404": unknown("script")}
            },
            "delete": {
                "operationId": "deleteScript",
                "summary": "Forget the product's script.",
                "responses": {"204": {"description": "Deleted."}, "404": unknown("script")}
            }
        },
        "/v1/scripts/{product}/decode": {
            "parameters": product,
            "post": r.with_body(json!({
                "operationId": "decode",
                "summary": "Device bytes to the script's result (`rawDataToProtocol`, `transformPayload` for a custom topic, `RawToProtocol`, `decodeUplink`'s whole `{data, warnings}`, `decode` (Huawei)…; `decodeDownlink` with `downlink`).",
                "requestBody": json_body(&decode_request),
                "responses": {
                    "200": ok("Decoded.", &json!({"description": "What the routine returned (an Alink message, TS013's `{data, warnings?}`…) or, with `logs`, `{result, logs}`."})),
                    "404": unknown("script"),
                    "422": r.error("The script failed or was stopped: TK5005 deadline, TK5009 memory, TK5010 threw, TK5014 no `method` (platform 6450)…"),
                    "500": trapped
                }
            }))
        },
        "/v1/scripts/{product}/decode-batch": {
            "parameters": product,
            "post": r.with_body(json!({
                "operationId": "decodeBatch",
                "summary": "Many payloads (at most 1000) decoded in one request and one crossing into the sandbox; each item is a call of its own under the script's limits, and one that fails (bad bytes, a throw, a limit) answers its error without stopping the others; the batch ends within 5 s, and items it did not reach answer TK5005.",
                "requestBody": json_body(&batch_request),
                "responses": {
                    "200": ok("One result or error per item, in order.", &batch_report),
                    "404": unknown("script"),
                    "500": trapped
                }
            }))
        },
        "/v1/scripts/{product}/encode": {
            "parameters": product,
            "post": r.with_body(json!({
                "operationId": "encode",
                "summary": "JSON to device bytes with the product's script (`protocolToRawData`, `ProtocolToRaw`, `encodeDownlink`…).",
                "parameters": encode_query,
                "requestBody": {
                    "required": true,
                    "description": "The message the script encodes.",
                    "content": {"application/json": {"schema": {}}}
                },
                "responses": {
                    "200": ok("The device bytes.", &encoded),
                    "404": unknown("script"),
                    "422": r.error("The script failed or was stopped, or its bytes are not 0-255 (TK5016)."),
                    "500": trapped
                }
            }))
        },
        "/v1/scripts/{product}/test": {
            "parameters": product,
            "post": r.with_body(json!({
                "operationId": "testScript",
                "summary": "Run codec test vectors on the product's script, as `thingkit test` does: The Things Network's codec file (as JSON), TS013 `examples.json`, ChirpStack's tests or a thingkit vector file, told by their shape; deterministic (UTC, a fixed clock or the vector's `recvTime`, a seeded `Math.random`).",
                "parameters": test_query,
                "requestBody": {
                    "required": true,
                    "description": "The vectors.",
                    "content": {"application/json": {"schema": {}}}
                },
                "responses": {
                    "200": ok("Each vector's result, with every difference; failing vectors are a 200 too (see `failed`, `errors`).", &test_report),
                    "404": unknown("script"),
                    "422": r.error("The vectors are in no layout's shape (TK7001), the script does not compile for the run, or the run passed its deadline (TK5005: compiling plus one call's time per vector, at most a minute)."),
                    "500": trapped
                }
            }))
        },
        "/v1/data/check": {"post": r.with_body(json!({
            "operationId": "checkData",
            "summary": "Check an Alink message against a thing model given with it, at a `ValidateType` level.",
            "requestBody": json_body(&check_request),
            "responses": {
                "200": ok("The failures, and what goes on.", &data_check),
                "422": r.error("A model has errors: `model` is its index in the list, `diagnostics` its problems.")
            }
        }))}
    });

    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "thingkit serve",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Thing-model validation and conversion, data-parsing scripts and device-data checks, each run inside thingkit's WebAssembly plugin (wasmtime: a memory cap and a deadline per call). Every error is `{\"error\": {\"code\", \"message\", …}}` with a stable code (see core/CODES.md). Generated from the service's types (`host/src/serve/openapi.rs`)."
        },
        "servers": [{"url": "http://127.0.0.1:8080"}],
        "paths": paths,
        "components": {"schemas": Value::Object(generator.take_definitions(true))}
    })
}

/// A `200`-like response with a JSON body.
fn ok(description: &str, schema: &Value) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": schema}}})
}

/// Error responses, all with the error body.
struct Responses<'a> {
    error: &'a Value,
}

impl Responses<'_> {
    fn error(&self, description: &str) -> Value {
        ok(description, self.error)
    }

    /// Adds the responses every route that reads a body can give: 400, 413, 503.
    fn with_body(&self, mut operation: Value) -> Value {
        let responses = &mut operation["responses"];
        responses["400"] = self.error("The request is not what the route takes (TK6002: its JSON, fields, query or path, a format or level not among those listed; TK0001 a message that is not JSON; TK0002 not UTF-8; TK5019 bad hex or base64).");
        responses["413"] = self.error("The body is larger than the service takes (TK6001).");
        responses["503"] = self.error("The service is at its concurrency limit (TK6004); a `Retry-After` header says when to retry.");
        operation
    }
}

/// A query struct's schema as OpenAPI query parameters, one per property.
fn query_parameters(schema: Value) -> Value {
    let required: Vec<&str> = schema["required"].as_array().map(|r| r.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    let Some(properties) = schema["properties"].as_object() else { return json!([]) };
    let parameters = properties.iter().map(|(name, property)| {
        let mut property = property.clone();
        let description = property.as_object_mut().and_then(|p| p.remove("description"));
        let mut parameter = Map::new();
        parameter.insert("name".into(), name.clone().into());
        parameter.insert("in".into(), "query".into());
        if required.contains(&name.as_str()) {
            parameter.insert("required".into(), true.into());
        }
        if let Some(description) = description {
            parameter.insert("description".into(), description);
        }
        parameter.insert("schema".into(), property);
        Value::Object(parameter)
    });
    Value::Array(parameters.collect())
}
