/// Everything a worker is: its name (the context), its handlers, and what it
/// publishes.
public struct WorkerDefinition: Sendable {
    public let name: String
    public let handlers: [RegisteredHandler]
    /// Every message the worker publishes: its events, the commands it sends
    /// (timers included) and, when it takes commands, its `CommandRejected`.
    /// Its broker user may publish exactly these routing keys and no others.
    public let publishes: [MessageKey]
    /// Parts the context runs beside the kernel's (see `Companion`).
    public let companions: [Companion]

    /// - Parameter publishes: the types of the events it publishes and the
    ///   commands it sends or schedules, in the order its broker permissions list them.
    public init(name: String, publishes: [any Message.Type] = [], handlers: [RegisteredHandler], companions: [Companion] = []) {
        let publishes = publishes.map { $0.key }
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
        self.companions = companions
        self.publishes = (publishes + answers).filter { published.insert($0).inserted }
    }

    func handler(forRoutingKey routingKey: String) -> RegisteredHandler? {
        handlers.first { $0.key.routingKey == routingKey }
    }
}
