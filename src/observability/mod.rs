//! Observability: Prometheus metrics, the one structured log line per request, and the
//! last-resort answer to a panicking handler.
//!
//! Invariants:
//! - Every HTTP request passes through [`request_log::observe`], which writes exactly one log
//!   line and records the request in the metrics; handlers only describe what happened by
//!   putting a [`request_log::RequestOutcome`] into the response's extensions.
//! - Nothing a client sends reaches a log line or a metric label except the operation name,
//!   which is checked against a safe pattern and bounded in number; never tokens, names, notes,
//!   observations or variables.

pub mod metrics;
pub mod panic;
pub mod request_log;
