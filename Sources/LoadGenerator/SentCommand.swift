public import Identifiers

/// A command a load run sent.
public struct SentCommand: Sendable, Equatable {
    /// Its message id, and the correlation id of everything it causes.
    public var id: Identifier
    /// What it is about: the event of a registration, the session of an
    /// invitation, the invitation command a response answers.
    public var target: Identifier
    /// When the schedule had it due, from the run's start; latencies count from here.
    public var due: Duration
    /// When it was written to the broker, from the run's start.
    public var sent: Duration

    public init(id: Identifier, target: Identifier, due: Duration, sent: Duration) {
        self.id = id
        self.target = target
        self.due = due
        self.sent = sent
    }
}
