import Foundation
public import Identifiers

/// The `CommandRejected` the kernel owes a command it does not hand to its
/// handler (parked at once, or after too many deliveries), so that its sender
/// is not left waiting.
public struct CommandAnswer: Sendable, Hashable {
    /// The command, named by the routing key it came with.
    public var command: MessageKey
    public var commandId: Identifier
    public var correlationId: Identifier
    /// The envelope's when it is valid, else the command's own id: a value
    /// the kernel refused is never echoed.
    public var aggregateId: String
    public var aggregateType: String
    public var rejection: CommandRejection
    /// The trace context the answer carries (the command's, see `IncomingDelivery.trace`).
    public var trace: TraceParent?

    /// The inbox records the answer under a name of its own, not the
    /// handler's: a redelivered bad copy is not answered twice, and a replay
    /// after the fix is still handled.
    public var inboxName: String { "\(command.routingKey)#rejected" }

    /// The command as the answer's context sees it (its causation and correlation).
    func incoming(at now: Date) -> EnvelopeHeader {
        EnvelopeHeader(
            id: commandId, aggregateId: aggregateId, aggregateType: aggregateType, eventType: command.name,
            eventVersion: 1, occurredAt: now, correlationId: correlationId, causationId: nil
        )
    }
}
