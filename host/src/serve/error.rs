//! Every failed request answers `{"error": {"code", "message", …}}` with a status that says whose
//! fault it was: 4xx for the request or the script it runs, 5xx for the service.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use thingkit::Code;
use thingkit::json::ErrorFields;
use thingkit_host::plugin::PluginError;

/// A request that produced no result.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    /// The one error shape: `{code, message, line?, column?, platformCode?, diagnostics?, …}`.
    error: ErrorFields,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, code: Code, message: impl Into<String>) -> ApiError {
        ApiError { status, error: ErrorFields::new(code, message) }
    }

    /// The body is not what the route takes.
    pub(crate) fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, Code::BadRequest, message)
    }

    /// A JSON body that does not parse or does not fit the route's shape, located.
    pub(crate) fn bad_json(text: &[u8], e: &serde_json::Error) -> ApiError {
        let mut error = ApiError::bad_request(format!("the request body is not what this route takes: {e}"));
        if e.line() > 0 {
            let (line, column) = thingkit::json::json_error_position(&String::from_utf8_lossy(text), e);
            error.error.line = Some(line);
            error.error.column = Some(column);
        }
        error
    }

    /// The service is at its concurrency bound; the client should come back shortly.
    pub(crate) fn busy() -> ApiError {
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, Code::Busy, "the service is at its concurrency limit; retry shortly")
    }

    /// What the service itself got wrong; the log has the details.
    pub(crate) fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, Code::Internal, message)
    }

    /// An error already in the shared shape (`thingkit::json`), with its status.
    pub(crate) fn from_fields(status: StatusCode, error: ErrorFields) -> ApiError {
        ApiError { status, error }
    }

    /// A plugin's answer, its error record as it is: the document's fault (422) when it had
    /// errors (`diagnostics` lists them all), the request's for bad arguments or input, the
    /// script's (422) for everything the sandbox stopped, the service's for a trap.
    pub(crate) fn plugin(e: &PluginError) -> ApiError {
        let status = if e.diagnostics().is_empty() { status_of(e.code()) } else { StatusCode::UNPROCESSABLE_ENTITY };
        ApiError { status, error: e.to_fields() }
    }

    /// Names the request field concerned.
    pub(crate) fn about_field(mut self, field: &str) -> ApiError {
        self.error.field = Some(field.to_string());
        self
    }

    /// The error record alone, for an answer that lists several (a batch's failed items).
    pub(crate) fn into_fields(self) -> ErrorFields {
        self.error
    }

    pub(crate) fn code(&self) -> &str {
        self.error.code.as_str()
    }
}

/// The status for an error code that came out of core or a plugin.
fn status_of(code: &str) -> StatusCode {
    let request = [Code::JsonSyntax, Code::InvalidUtf8, Code::BadArgument, Code::BadInputBytes, Code::BadRequest];
    if request.iter().any(|c| c.as_str() == code) {
        StatusCode::BAD_REQUEST
    } else if code == Code::PluginTrapped.as_str() {
        StatusCode::INTERNAL_SERVER_ERROR
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.status.is_server_error() {
            tracing::warn!(status = self.status.as_u16(), code = self.code(), message = %self.error.message, "request failed");
        } else {
            tracing::debug!(status = self.status.as_u16(), code = self.code(), "request refused");
        }
        let busy = self.status == StatusCode::SERVICE_UNAVAILABLE;
        let mut response = (self.status, axum::Json(json!({"error": self.error.to_value()}))).into_response();
        if busy {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}
