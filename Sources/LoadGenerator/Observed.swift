public import Identifiers
public import Messaging

/// One message a load run saw on its queue, and when.
public struct Observed: Sendable, Equatable {
    public var id: Identifier
    /// The command the saga started with: the run sends every command with
    /// its own id as correlation, and the workers carry it along.
    public var correlationId: Identifier
    /// The message that caused this one (a command's direct answer names the command).
    public var causationId: Identifier?
    public var message: ObservedMessage
    /// When it arrived, counted from the run's start.
    public var at: Duration

    public init(id: Identifier, correlationId: Identifier, causationId: Identifier?, message: ObservedMessage, at: Duration) {
        self.id = id
        self.correlationId = correlationId
        self.causationId = causationId
        self.message = message
        self.at = at
    }

    /// Nil for a message the run does not follow.
    public init?(routingKey: String, envelope: Envelope<JSONValue>, at: Duration) {
        guard let message = ObservedMessage(routingKey: routingKey, data: envelope.data) else { return nil }
        self.init(
            id: envelope.id, correlationId: envelope.correlationId, causationId: envelope.causationId, message: message, at: at
        )
    }
}
