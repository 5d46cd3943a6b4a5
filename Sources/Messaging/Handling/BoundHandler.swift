import Postgres

/// A delivery decoded once: its header, and its handler already holding the
/// typed envelope. Running it is all the kernel does with the payload; it
/// never sees its type.
public struct BoundHandler: Sendable {
    /// The message the handler takes; a command is answered under it.
    public let key: MessageKey
    public let header: EnvelopeHeader
    let run: @Sendable (inout HandlerContext, isolated PostgresConnection) throws -> Void
    /// The keys it must hold while it runs (see `LockKeysFunction`); none when nil.
    let lockKeys: (@Sendable (isolated PostgresConnection) throws -> [String])?
    /// The trace context what it publishes carries (see `IncomingDelivery.trace`).
    var trace: TraceParent?

    /// The inbox records handled messages per handler under this name.
    public var inboxName: String { key.routingKey }
}
