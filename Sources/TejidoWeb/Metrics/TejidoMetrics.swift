import Prometheus

/// Everything Tejido shows on `/metrics`, named and recorded in this one place. A label's value is
/// only ever a fixed word from the code — a route's pattern, a method, a status, a rule's kind —
/// never something a person typed or a row holds (ids, names, a collective's address), so a
/// scrape names nobody. `MetricsTests` scrapes after the demo and looks for every id and name.
///
/// Each application owns its registry; swift-metrics' global `MetricsSystem` is not bootstrapped.
/// It can be bootstrapped once per process, while the tests and the commands build many
/// applications in one; and with no global system, no library can put a metric or a label on this
/// page that was not reviewed here (Vapor's own request metrics are turned off in `configure`).
final class TejidoMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()

    /// Counts that may stay at zero for a long time are shown from the start, so a dashboard or an
    /// alert can tell "none yet" from "not recorded".
    init() {
        databaseInFlight = registry.makeGauge(descriptor: Metric.databaseInFlight.descriptor)
        for rule in ThrottleRule.allCases { _ = counter(.signInThrottled, [("rule", rule.rawValue)]) }
        _ = counter(.retentionDeletedCases, [])
    }

    /// A metric's name and its help line, which `/metrics` shows.
    struct Metric: Sendable {
        let name: String
        let help: String

        var descriptor: MetricNameDescriptor { MetricNameDescriptor(metricName: name, unitName: "", helpText: help) }
    }

    // MARK: Requests

    func request(_ route: RouteName, status: UInt, took duration: Duration) {
        let labels = [("method", route.method), ("route", route.pattern), ("status", String(status))]
        counter(.requests, labels).increment()
        seconds(.requestDuration, labels, buckets: Self.requestBuckets).record(duration)
    }

    /// From a cached page (a few milliseconds) to a sign-in (bcrypt and scrypt, about a third of a
    /// second on the development machine) and a slow database.
    static let requestBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    // MARK: The database

    /// Database operations begun and not yet finished. See `MeteredDatabase` for what one is.
    let databaseInFlight: Gauge

    func database(_ operation: MeteredDatabase.Operation, took duration: Duration) {
        seconds(.databaseDuration, [("operation", operation.rawValue)], buckets: Self.databaseBuckets).record(duration)
    }

    static let databaseBuckets: [Duration] = [
        .microseconds(100), .microseconds(500), .milliseconds(1), .milliseconds(5), .milliseconds(10),
        .milliseconds(50), .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5),
    ]

    // MARK: Sign-in throttling and retention

    /// What the refused attempt's failures were counted against — never who or which address.
    enum ThrottleRule: String, Sendable, CaseIterable {
        case address, account, device
    }

    func signInRefused(by rule: ThrottleRule) {
        counter(.signInThrottled, [("rule", rule.rawValue)]).increment()
    }

    func retentionDeleted(cases: Int) {
        counter(.retentionDeletedCases, []).increment(by: Int64(cases))
    }

    // MARK: Making metrics

    // To add one, name it with the others at the end of this file, then record it where it
    // happens (as `groupCommitted` does for the group-commit writer's batch sizes).
    // Labels take fixed words only; a metric with none passes []. The README lists every metric.

    func counter(_ metric: Metric, _ labels: [(String, String)]) -> Counter {
        registry.makeCounter(descriptor: metric.descriptor, labels: labels)
    }

    func seconds(_ metric: Metric, _ labels: [(String, String)], buckets: [Duration]) -> DurationHistogram {
        registry.makeDurationHistogram(descriptor: metric.descriptor, labels: labels, buckets: buckets)
    }

    func values(_ metric: Metric, _ labels: [(String, String)], buckets: [Double]) -> ValueHistogram {
        registry.makeValueHistogram(descriptor: metric.descriptor, labels: labels, buckets: buckets)
    }

    /// Told each group commit's batch size.
    var groupCommitted: @Sendable (Int) -> Void {
        let sizes = values(.groupCommitBatchSize, [], buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 500])
        return { sizes.record(Double($0)) }
    }

    /// The text `/metrics` answers with (Prometheus' text exposition format).
    func exposition() -> [UInt8] { registry.emitToBuffer() }
}

extension TejidoMetrics.Metric {
    static let requests = Self(
        name: "tejido_http_requests_total", help: "Requests answered, by route pattern, method and status.")
    static let requestDuration = Self(
        name: "tejido_http_request_duration_seconds", help: "Time to answer a request, by route pattern, method and status.")
    static let databaseInFlight = Self(
        name: "tejido_db_operations_in_flight",
        help: "Database operations begun and not finished, waiting for a pooled connection included.")
    static let databaseDuration = Self(
        name: "tejido_db_operation_duration_seconds",
        help: "Time a database operation took, waiting for a pooled connection included, by kind.")
    static let signInThrottled = Self(
        name: "tejido_signin_throttled_total",
        help: "Attempts the sign-in throttle refused, by the count that refused them: address, account or device.")
    static let retentionDeletedCases = Self(
        name: "tejido_retention_deleted_cases_total", help: "Ended cases deleted because their collective's retention passed.")
    static let groupCommitBatchSize = Self(
        name: "tejido_group_commit_batch_size", help: "Access-log lines committed together in one statement and one sync.")
}
