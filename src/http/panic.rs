//! The last resort: a handler that panics is answered HTTP 500 `INTERNAL_SERVER_ERROR` instead of
//! having its connection dropped, and the request log records it with its request id and the
//! `permanence_panics_total` metric counts it. Panics are bugs — client input must be refused
//! before it can cause one — so this layer only makes them visible and keeps the answer honest.

use std::any::Any;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use tower_http::catch_panic::{CatchPanicLayer, ResponseForPanic};

/// Marks a response as the answer to a panic, for the request log.
#[derive(Clone, Copy, Debug)]
pub struct Panicked;

/// Builds the answer to a panic.
#[derive(Clone, Copy, Default)]
pub struct PanicAnswer;

impl ResponseForPanic for PanicAnswer {
    type ResponseBody = axum::body::Body;

    fn response_for_panic(
        &mut self,
        _panic: Box<dyn Any + Send + 'static>,
    ) -> axum::http::Response<Self::ResponseBody> {
        // The panic's own message went to stderr through the panic hook; it may quote data, so
        // it stays out of the answer and the structured log.
        let body = json!({ "errors": [ {
            "message": "internal error",
            "extensions": { "code": "INTERNAL_SERVER_ERROR" }
        } ] });
        let mut response: Response =
            (StatusCode::INTERNAL_SERVER_ERROR, axum::Json(body)).into_response();
        response.extensions_mut().insert(Panicked);
        response
    }
}

/// The layer, placed inside the request log so the log and metrics see the 500.
pub fn layer() -> CatchPanicLayer<PanicAnswer> {
    CatchPanicLayer::custom(PanicAnswer)
}
