public import Retry

/// Sweeps the worker's parking queue for the messages erasure requests name.
public final class ErasureSweeper: Sendable {
    public struct Configuration: Sendable {
        /// Added to the longest retry delay to give how long a request stays
        /// active: time for a message back from a retry queue to wait in the
        /// work queue and be taken. Default 5 minutes.
        public var margin: Duration
        /// Backstop when a NOTIFY was missed (the listener reconnected). Default 1 minute.
        public var pollInterval: Duration
        /// Between attempts while the broker or the database is away. Default 200 ms up to 30 s.
        public var reconnect: Backoff

        public init(
            margin: Duration = .seconds(300), pollInterval: Duration = .seconds(60),
            reconnect: Backoff = Backoff(initial: .milliseconds(200), maximum: .seconds(30))
        ) {
            self.margin = margin
            self.pollInterval = pollInterval
            self.reconnect = reconnect
        }

        /// How long a request stays active with these retry delays.
        public func window(retryDelays: [Duration]) -> Duration {
            (retryDelays.max() ?? .zero) + margin
        }
    }
}
