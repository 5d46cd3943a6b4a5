public import Postgres

/// A handler for one message type, with its payload type erased so a worker
/// can hold handlers of many types.
///
/// The handler body runs inside the kernel's transaction, synchronously on the
/// database connection's thread: it loads state, decides (pure), writes state,
/// and puts outgoing messages in the context. It may throw `CommandRejection`
/// to refuse a command; any other error is retried and eventually parked.
public struct RegisteredHandler: Sendable {
    public let key: MessageKey
    /// Envelope versions this handler understands; others are parked.
    public let versions: ClosedRange<Int>
    let decode: @Sendable ([UInt8]) throws -> any Sendable
    let run: @Sendable (any Sendable, inout HandlerContext, isolated PostgresConnection) throws -> Void

    public init<P: Codable & Sendable>(
        _ key: MessageKey,
        versions: ClosedRange<Int> = 1...1,
        payload: P.Type = P.self,
        handle: @escaping @Sendable (Envelope<P>, inout HandlerContext, isolated PostgresConnection) throws -> Void
    ) {
        self.key = key
        self.versions = versions
        decode = { bytes in try MessageCoding.decode(Envelope<P>.self, from: bytes) }
        run = { decoded, context, database in
            guard let envelope = decoded as? Envelope<P> else {
                preconditionFailure("handler \(key) got a payload it did not decode")
            }
            try handle(envelope, &context, database)
        }
    }

    /// The inbox records handled messages per handler under this name.
    public var inboxName: String { key.routingKey }
}

/// Everything a worker is: its name (the context), its handlers, and what it
/// publishes.
public struct WorkerDefinition: Sendable {
    public let name: String
    public let handlers: [RegisteredHandler]
    /// Every message the worker publishes: its events, the commands it sends
    /// (timers included) and, when it takes commands, its `CommandRejected`.
    /// Its broker user may publish exactly these routing keys and no others.
    public let publishes: [MessageKey]

    public init(name: String, publishes: [MessageKey] = [], handlers: [RegisteredHandler]) {
        var seen = Set<MessageKey>()
        for handler in handlers {
            precondition(seen.insert(handler.key).inserted, "two handlers for \(handler.key)")
            precondition(
                handler.key.kind == .event || handler.key.context == name,
                "worker \(name) cannot handle commands for \(handler.key.context)"
            )
        }
        for key in publishes {
            precondition(key.kind == .command || key.context == name, "worker \(name) cannot publish \(key)")
        }
        let rejected = MessageKey.event(CommandRejected.eventType, from: name)
        let answers = handlers.contains { $0.key.kind == .command } ? [rejected] : []
        var published = Set<MessageKey>()
        self.name = name
        self.handlers = handlers
        self.publishes = (publishes + answers).filter { published.insert($0).inserted }
    }

    func handler(forRoutingKey routingKey: String) -> RegisteredHandler? {
        handlers.first { $0.key.routingKey == routingKey }
    }
}

extension [MessageKey] {
    /// Events of `context`, for `WorkerDefinition.publishes`.
    public static func events(_ names: [String], from context: String) -> [MessageKey] {
        names.map { .event($0, from: context) }
    }

    /// Commands to `context` (a worker's timers are commands to itself).
    public static func commands(_ names: [String], to context: String) -> [MessageKey] {
        names.map { .command($0, to: context) }
    }
}
