/// One row of `batbern status`: a worker as its endpoint, the broker and
/// its database see it. A nil figure could not be read (and says so among
/// the problems).
public struct WorkerStatus: Sendable {
    public var worker: String
    public var readiness: Readiness = .down
    /// Consumers and ready messages of the work queue.
    public var consumers: Int?
    public var queueDepth: Int?
    /// Messages waiting in each retry queue, shortest delay first.
    public var retries: [Int]?
    public var parked: Int?
    /// Unsent outbox rows, and the age in seconds of the oldest (0 when none).
    public var outboxUnsent: Int?
    public var outboxOldest: Double?
    /// Timers due (not fired, not cancelled, due now or earlier), and how
    /// long ago the earliest fell due, in seconds.
    public var timersDue: Int?
    public var timersLate: Double?
    public var metrics: MetricsWindow?
    /// What could not be read, as the reader said it (no secrets, no rows).
    public var unreadable: [String] = []

    public init(worker: String) {
        self.worker = worker
    }

    /// When a row needs someone's attention.
    public struct Thresholds: Sendable {
        /// Oldest unsent outbox row older than this. Default 5 s.
        public var outboxOldest: Double = 5
        /// Parked messages above this. Default 0.
        public var parked = 0
        /// A due timer not fired this long after it fell due. Default 5 s (the
        /// scheduler moves due timers within its poll, 1 s by default).
        public var timersLate: Double = 5

        public init() {}
    }

    /// What needs attention in this row; empty when all is well.
    public func problems(_ thresholds: Thresholds = Thresholds()) -> [String] {
        var problems: [String] = []
        if readiness != .ready { problems.append(readiness.rawValue) }
        if consumers == 0 { problems.append("no consumer on its queue") }
        if let parked, parked > thresholds.parked { problems.append("\(parked) parked") }
        if let outboxOldest, outboxOldest > thresholds.outboxOldest {
            problems.append("outbox oldest unsent \(Age.text(seconds: outboxOldest)) old")
        }
        if let timersDue, let timersLate, timersLate > thresholds.timersLate {
            problems.append("\(timersDue) timer(s) due, the earliest \(Age.text(seconds: timersLate)) ago")
        }
        return problems + unreadable.map { "cannot read \($0)" }
    }
}
