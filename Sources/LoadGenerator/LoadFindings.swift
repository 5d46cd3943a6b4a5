/// What a run's answers say, whichever saga it drove.
public struct LoadFindings: Sendable {
    public var latencies: LatencyBook
    /// Registrations only: how each event's registrations ended.
    public var events: [EventTally]
    public var invariants: [InvariantCheck]
    /// Sagas that reached their outcome (or were refused).
    public var answered: Int
    /// Sagas without an outcome.
    public var missing: Int
    /// Messages seen more than once (same id), each counted once.
    public var duplicateDeliveries: Int
    /// When the last outcome arrived, from the run's start; nil when none did.
    public var lastAnswer: Duration?

    public init(
        latencies: LatencyBook, events: [EventTally], invariants: [InvariantCheck], answered: Int, missing: Int,
        duplicateDeliveries: Int, lastAnswer: Duration?
    ) {
        self.latencies = latencies
        self.events = events
        self.invariants = invariants
        self.answered = answered
        self.missing = missing
        self.duplicateDeliveries = duplicateDeliveries
        self.lastAnswer = lastAnswer
    }
}
