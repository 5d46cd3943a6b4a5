/// A message of the contract as a Swift type: the type says what the message
/// is called, where it goes and what it is about, so handlers publish and
/// register values and types, never routing-key strings.
///
/// Conform through `Command` or `DomainEvent`. A context declares its own type
/// for every message it reads, also for another context's events (with the
/// fields it reads, under the publisher's name and context).
public protocol Message: Codable, Sendable {
    /// The name on the wire: the envelope's `eventType` and the last part of
    /// the routing key, e.g. `InviteSpeaker`.
    static var name: String { get }
    /// The context a command is for, or the context that publishes an event.
    static var context: String { get }
    /// The envelope's `aggregateType` when a worker writes the message.
    static var aggregateType: String { get }
    /// Given by `Command` and `DomainEvent`.
    static var kind: MessageKey.Kind { get }
}

extension Message {
    /// `<context>.<name>` on the exchange of its kind.
    public static var key: MessageKey { MessageKey(kind: kind, context: context, name: name) }
}
