//! Observability: the Prometheus registry. The one structured log line per request and the
//! last-resort answer to a panicking handler are the HTTP edge's (`http/request_log.rs`,
//! `http/panic.rs`).
//!
//! Invariants:
//! - Every HTTP request passes through `http::request_log::observe`, which writes exactly one
//!   log line and records the request here; handlers only describe what happened by putting a
//!   `RequestOutcome` into the response's extensions.
//! - Nothing a client sends reaches a log line or a metric label except the operation name,
//!   which is checked against a safe pattern and bounded in number; never tokens, names, notes,
//!   observations or variables.

pub mod metrics;
