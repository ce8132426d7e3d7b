//! What the operator's monitoring reads at `/metrics`, in the Prometheus text format: request
//! rates and latencies per route template, how long requests waited for a database connection,
//! and the audit chain's length.
//!
//! Only route templates (`GET /personer/{id}`), methods, status codes and pool names are used as
//! labels: never a path, an id, a query string or a user, so nothing here is personal data and
//! the number of series stays bounded by the route table.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::time::Duration;

/// The labels of a request: its method, the route template it matched and the answer's status.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

/// The labels of a latency: method and route template (the status would multiply the series).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    route: String,
}

/// Which connections a transaction waited for.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    pool: &'static str,
}

/// Buckets from 1 ms to about 16 s, doubling: the daily pages' target of 50 ms at p99 falls
/// between two buckets, and a report that takes seconds is still told apart from a timeout.
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

/// Buckets from 0,1 ms to about 3 s: a free connection is taken in microseconds, so waits
/// show up from the first buckets.
fn wait_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.0001, 2.0, 15))
}

type LatencyFamily = Family<RouteLabels, Histogram, fn() -> Histogram>;
type WaitFamily = Family<PoolLabels, Histogram, fn() -> Histogram>;

/// The server's metrics, shared by every request.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: LatencyFamily,
    pool_wait: WaitFamily,
    audit_chain_length: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("stegvis");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "Requests answered, by method, route template and status",
            requests.clone(),
        );
        let latency = LatencyFamily::new_with_constructor(latency_histogram);
        registry.register(
            "http_request_duration_seconds",
            "Time from routing a request to its response, by method and route template",
            latency.clone(),
        );
        let pool_wait = WaitFamily::new_with_constructor(wait_histogram);
        registry.register(
            "db_begin_wait_seconds",
            "Time to get a database connection and begin a transaction, by pool",
            pool_wait.clone(),
        );
        let audit_chain_length = Gauge::default();
        registry.register(
            "audit_chain_length",
            "Sequence number of the newest audit event (read when the metrics are scraped)",
            audit_chain_length.clone(),
        );
        Self {
            registry,
            requests,
            latency,
            pool_wait,
            audit_chain_length,
        }
    }
}

/// The pools a transaction can wait for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pool {
    /// SQLite's single writer, or PostgreSQL's pool for a transaction that may write.
    Writer,
    /// SQLite's read-only connections, or PostgreSQL's pool for a read.
    Reader,
}

impl Metrics {
    /// Counts one answered request and its time.
    pub fn observe_request(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        self.requests
            .get_or_create(&RequestLabels {
                method: method.to_string(),
                route: route.to_string(),
                status,
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels {
                method: method.to_string(),
                route: route.to_string(),
            })
            .observe(elapsed.as_secs_f64());
    }

    pub(crate) fn observe_begin(&self, pool: Pool, elapsed: Duration) {
        let pool = match pool {
            Pool::Writer => "writer",
            Pool::Reader => "reader",
        };
        self.pool_wait
            .get_or_create(&PoolLabels { pool })
            .observe(elapsed.as_secs_f64());
    }

    /// The metrics as Prometheus text, with the audit chain's length as given.
    pub fn render(&self, audit_chain_length: i64) -> String {
        self.audit_chain_length.set(audit_chain_length);
        let mut text = String::new();
        // Writing to a String cannot fail; an encoding error would be a bug in a label type.
        if prometheus_client::encoding::text::encode(&mut text, &self.registry).is_err() {
            tracing::error!("the metrics could not be encoded");
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_is_counted_under_its_route_template_and_status() {
        let metrics = Metrics::default();
        metrics.observe_request("GET", "/personer/{id}", 200, Duration::from_millis(3));
        metrics.observe_request("GET", "/personer/{id}", 200, Duration::from_millis(5));
        let text = metrics.render(7);
        assert!(text.contains(
            r#"stegvis_http_requests_total{method="GET",route="/personer/{id}",status="200"} 2"#
        ));
        assert!(text.contains(
            r#"stegvis_http_request_duration_seconds_count{method="GET",route="/personer/{id}"} 2"#
        ));
        assert!(text.contains("stegvis_audit_chain_length 7"));
    }

    #[test]
    fn waits_for_a_connection_are_kept_per_pool() {
        let metrics = Metrics::default();
        metrics.observe_begin(Pool::Reader, Duration::from_micros(50));
        let text = metrics.render(0);
        assert!(text.contains(r#"stegvis_db_begin_wait_seconds_count{pool="reader"} 1"#));
        assert!(!text.contains(r#"pool="writer""#));
    }
}
