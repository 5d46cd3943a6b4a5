import Retry

/// The figures of one run, as `batbern load --json` prints them: one JSON
/// object for scripts and the cluster tests. Seconds and milliseconds are
/// rounded to the microsecond.
public struct LoadReport: Codable, Sendable, Equatable {
    /// `registrations` or `invitations`.
    public var saga: String
    /// Commands offered per second.
    public var rate: Double
    public var durationSeconds: Double
    /// Events (registrations) or sessions (invitations) the commands were spread over.
    public var targets: Int
    /// Seats per event (registrations only).
    public var capacity: Int?
    /// Saga-starting commands sent (RegisterAttendee, InviteSpeaker).
    public var sent: Int
    /// How long sending them took: more than the duration when the sender fell behind.
    public var sendingSeconds: Double
    /// Sagas that ended (or were refused).
    public var answered: Int
    /// Sagas without an end when the run stopped waiting.
    public var missing: Int
    /// Messages seen more than once (same id).
    public var duplicateDeliveries: Int
    /// From the first command's due time to the last saga's end.
    public var elapsedSeconds: Double
    /// Sagas ended per second over `elapsedSeconds`.
    public var throughput: Double
    public var steps: [StepLatency]
    public var events: [EventTally]
    public var invariants: [InvariantCheck]
    /// Every invariant holds.
    public var passed: Bool

    public init(
        saga: String, schedule: PacingSchedule, targets: Int, capacity: Int?, sent: Int, sendingTook: Duration,
        findings: LoadFindings
    ) {
        func rounded(_ value: Double) -> Double { (value * 1_000_000).rounded() / 1_000_000 }
        self.saga = saga
        rate = schedule.rate
        durationSeconds = rounded(schedule.duration.seconds)
        self.targets = targets
        self.capacity = capacity
        self.sent = sent
        sendingSeconds = rounded(sendingTook.seconds)
        answered = findings.answered
        missing = findings.missing
        duplicateDeliveries = findings.duplicateDeliveries
        let elapsed = findings.lastAnswer?.seconds ?? 0
        elapsedSeconds = rounded(elapsed)
        throughput = elapsed > 0 ? rounded(Double(findings.answered) / elapsed) : 0
        steps = findings.latencies.summary
        events = findings.events
        invariants = findings.invariants
        passed = findings.invariants.allSatisfy(\.holds)
    }
}
