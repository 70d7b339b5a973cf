//! The service's Prometheus metrics, in a registry of its own (one per `AppState`, so tests and
//! several apps in one process never share counters), rendered at `GET /metrics`.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGaugeVec, Opts, Registry,
    TextEncoder,
};

/// Most distinct operation names kept as label values; later ones are counted as `other`, so a
/// client cannot grow the metrics without bound.
pub const MAX_OPERATION_LABELS: usize = 200;

/// Which limit refused a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// Request body too large (HTTP 413).
    BodySize,
    /// A batch of operations.
    Batch,
    /// Query nested too deep.
    Depth,
    /// Query too complex (fields and aliases).
    Complexity,
    /// Too many fragments, spreads or selections written in one document.
    DocumentSize,
    /// `first` above the page-size cap.
    PageSize,
    /// The request ran past its time budget.
    Timeout,
    /// The caller's token exceeded its request rate.
    Rate,
    /// A client address already held its most connections.
    Connections,
}

impl Limit {
    /// The label value.
    pub fn as_str(self) -> &'static str {
        match self {
            Limit::BodySize => "body_size",
            Limit::Batch => "batch",
            Limit::Depth => "depth",
            Limit::Complexity => "complexity",
            Limit::DocumentSize => "document_size",
            Limit::PageSize => "page_size",
            Limit::Timeout => "timeout",
            Limit::Rate => "rate",
            Limit::Connections => "connections",
        }
    }

    /// The limit whose label is `label`.
    pub fn parse(label: &str) -> Option<Limit> {
        [
            Limit::BodySize,
            Limit::Batch,
            Limit::Depth,
            Limit::Complexity,
            Limit::DocumentSize,
            Limit::PageSize,
            Limit::Timeout,
            Limit::Rate,
            Limit::Connections,
        ]
        .into_iter()
        .find(|limit| limit.as_str() == label)
    }
}

/// The metrics and their registry.
#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    duration: HistogramVec,
    rejections: IntCounterVec,
    pool: IntGaugeVec,
    panics: IntCounter,
    operations: Arc<Mutex<HashSet<String>>>,
}

impl Metrics {
    /// A fresh registry with every metric registered.
    pub fn new() -> Self {
        let requests = IntCounterVec::new(
            Opts::new(
                "permanence_requests_total",
                "Requests by GraphQL operation name (or route) and outcome code.",
            ),
            &["operation", "outcome"],
        )
        .expect("static metric definition");
        let duration = HistogramVec::new(
            HistogramOpts::new(
                "permanence_request_duration_seconds",
                "Request latency by GraphQL operation name (or route).",
            )
            .buckets(vec![
                0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
            ]),
            &["operation"],
        )
        .expect("static metric definition");
        let rejections = IntCounterVec::new(
            Opts::new(
                "permanence_rejections_total",
                "Requests refused by a limit (body_size, batch, depth, complexity, document_size, page_size, timeout, rate, connections).",
            ),
            &["limit"],
        )
        .expect("static metric definition");
        let pool = IntGaugeVec::new(
            Opts::new(
                "permanence_db_connections",
                "Database pool connections by state (in_use, idle), read at scrape time.",
            ),
            &["state"],
        )
        .expect("static metric definition");
        let panics = IntCounter::new(
            "permanence_panics_total",
            "Requests whose handler panicked and were answered 500 by the last-resort layer.",
        )
        .expect("static metric definition");
        let registry = Registry::new();
        for collector in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(duration.clone()),
            Box::new(rejections.clone()),
            Box::new(pool.clone()),
            Box::new(panics.clone()),
        ] {
            registry
                .register(collector)
                .expect("each metric is registered once");
        }
        Metrics {
            registry,
            requests,
            duration,
            rejections,
            pool,
            panics,
            operations: Arc::new(Mutex::new(HashSet::new())),
        }
    }

    /// The label for `operation`: itself while fewer than [`MAX_OPERATION_LABELS`] distinct
    /// names have been seen, else `other`.
    fn label(&self, operation: &str) -> String {
        let Ok(mut seen) = self.operations.lock() else {
            return "other".to_owned();
        };
        if seen.contains(operation) {
            return operation.to_owned();
        }
        if seen.len() < MAX_OPERATION_LABELS {
            seen.insert(operation.to_owned());
            return operation.to_owned();
        }
        "other".to_owned()
    }

    /// Records one finished request.
    pub fn record(&self, operation: &str, outcome: &str, seconds: f64) {
        let operation = self.label(operation);
        self.requests
            .with_label_values(&[operation.as_str(), outcome])
            .inc();
        self.duration
            .with_label_values(&[operation.as_str()])
            .observe(seconds);
    }

    /// Records a refusal by `limit`.
    pub fn reject(&self, limit: Limit) {
        self.rejections.with_label_values(&[limit.as_str()]).inc();
    }

    /// Counts a request whose handler panicked.
    pub fn panicked(&self) {
        self.panics.inc();
    }

    /// The Prometheus text exposition, with the pool gauges set to `(in_use, idle)`.
    pub fn render(&self, pool: (i64, i64)) -> String {
        self.pool.with_label_values(&["in_use"]).set(pool.0);
        self.pool.with_label_values(&["idle"]).set(pool.1);
        let mut out = Vec::new();
        if let Err(err) = TextEncoder::new().encode(&self.registry.gather(), &mut out) {
            tracing::error!(error = %err, "encoding metrics failed");
        }
        String::from_utf8_lossy(&out).into_owned()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_labels_are_bounded() {
        let metrics = Metrics::new();
        for i in 0..(MAX_OPERATION_LABELS + 10) {
            metrics.record(&format!("Op{i}"), "OK", 0.01);
        }
        let text = metrics.render((1, 2));
        assert!(text.contains("operation=\"other\""));
        assert!(text.contains("permanence_db_connections{state=\"idle\"} 2"));
        assert!(!text.contains(&format!("Op{}", MAX_OPERATION_LABELS + 5)));
    }
}
