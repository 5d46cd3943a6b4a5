public import CoreMetrics
public import Foundation
public import Logging
public import Postgres
public import ServiceLifecycle

/// A long-running part a context adds to its worker beside the kernel's
/// consumer, relay and scheduler (notifications' mail sender): it runs in the
/// worker's service group, stops with it (after the consumer, before the
/// relay), and shares its database, metrics and logger.
public struct Companion: Sendable {
    /// What a companion gets of its worker.
    public struct Parts: Sendable {
        /// The worker's database (its own connections, never the lanes').
        public let database: PostgresConnection.Configuration
        /// Where its metrics go: the worker's /metrics.
        public let metrics: any MetricsFactory
        public let logger: Logger
        /// The worker's clock (tests may shift it).
        public let clock: @Sendable () -> Date
    }

    public let name: String
    let make: @Sendable (Parts) -> any Service

    public init(name: String, make: @escaping @Sendable (Parts) -> any Service) {
        self.name = name
        self.make = make
    }
}
