import Postgres

/// A handler registered for one message: the type it reads the data as, and
/// how a body becomes that handler bound to its typed envelope.
public struct RegisteredHandler: Sendable {
    public let key: MessageKey
    /// Envelope versions this handler understands; others are parked.
    public let versions: ClosedRange<Int>
    /// The type the handler reads the message's data as (tools and tests
    /// list the fields it reads).
    public let payload: any Message.Type
    /// Reads a body once: its header (throws when the body is no envelope),
    /// and this handler bound to the typed envelope, or why the data does not fit.
    let decode: @Sendable ([UInt8]) throws -> (header: EnvelopeHeader, bound: Result<BoundHandler, any Error>)

    private init<M: Message>(
        _ key: MessageKey, versions: ClosedRange<Int>, payload: M.Type, locking: LockKeysFunction<M>?, handle: @escaping HandlerFunction<M>
    ) {
        self.key = key
        self.versions = versions
        self.payload = payload
        decode = { body in
            let decoded = try DecodedEnvelope<M>.read(body)
            let header = decoded.header
            return (
                header,
                decoded.data.map { data in
                    let envelope = Envelope(header, data: data)
                    return BoundHandler(
                        key: key, header: header, run: { context, db in try handle(envelope, &context, db) },
                        lockKeys: locking.map { keys in { @Sendable (db: isolated PostgresConnection) in try keys(envelope, db) } }
                    )
                }
            )
        }
    }

    /// The handler of a command. A worker takes commands addressed to it:
    /// `to` is for the probe, which runs under many names.
    public static func handle<C: Command>(
        _ command: C.Type, to context: String? = nil, versions: ClosedRange<Int> = 1...1, locking: LockKeysFunction<C>? = nil,
        with handle: @escaping HandlerFunction<C>
    ) -> RegisteredHandler {
        RegisteredHandler(
            .command(C.name, to: context ?? C.context), versions: versions, payload: C.self, locking: locking, handle: handle
        )
    }

    /// The handler of an event, from its publisher (`from` is for the probe).
    public static func handle<E: DomainEvent>(
        _ event: E.Type, from context: String? = nil, versions: ClosedRange<Int> = 1...1, locking: LockKeysFunction<E>? = nil,
        with handle: @escaping HandlerFunction<E>
    ) -> RegisteredHandler {
        RegisteredHandler(
            .event(E.name, from: context ?? E.context), versions: versions, payload: E.self, locking: locking, handle: handle
        )
    }

    /// The inbox records handled messages per handler under this name.
    public var inboxName: String { key.routingKey }
}
