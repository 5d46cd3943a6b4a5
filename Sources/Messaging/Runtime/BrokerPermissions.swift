/// What one worker's broker user may do, derived from its topology and what
/// it publishes, so the permissions cannot drift from the code.
///
/// RabbitMQ checks (verified on 3.10 by `BrokerAccessTests`):
/// - configure (declare, delete) only its own objects: `<worker>`,
///   `<worker>.*` (retry and parking queues, its kernel exchange), never the
///   shared exchanges nor `amq.default`;
/// - write (publish to an exchange, bind a queue) on its own objects and on
///   the shared exchanges it publishes to; the topic permission of each shared
///   exchange then allows exactly the routing keys it publishes;
/// - read (consume, get, bind from an exchange) on its own objects and on the
///   shared exchanges it binds from; the topic permission allows binding
///   exactly the routing keys it handles (so never `#`).
///
/// An exchange with no topic permission allows every routing key, so both
/// shared exchanges always get one, `^$` where nothing is allowed.
public struct BrokerPermissions: Sendable, Hashable {
    /// Routing keys allowed on one topic exchange.
    public struct TopicPermission: Sendable, Hashable {
        public let exchange: String
        public let write: String
        public let read: String
    }

    public let user: String
    public let configure: String
    public let write: String
    public let read: String
    public let topics: [TopicPermission]

    public init(user: String, topology: Topology, publishes: [MessageKey]) {
        let own = [Self.escaped(topology.worker), Self.escaped(topology.worker + ".") + ".*"]
        let published = Set(publishes.map(\.exchange))
        let bound = Set(topology.bindings.map(\.exchange))
        let shared = [Exchanges.commands, Exchanges.events]
        self.user = user
        configure = Self.pattern(own)
        write = Self.pattern(own + shared.filter(published.contains).map(Self.escaped))
        read = Self.pattern(own + shared.filter(bound.contains).map(Self.escaped))
        topics = shared.map { exchange in
            TopicPermission(
                exchange: exchange,
                write: Self.pattern(publishes.filter { $0.exchange == exchange }.map { Self.escaped($0.routingKey) }),
                read: Self.pattern(topology.bindings.filter { $0.exchange == exchange }.map { Self.escaped($0.routingKey) })
            )
        }
    }

    public init(_ definition: WorkerDefinition, user: String) {
        self.init(user: user, topology: Topology(definition), publishes: definition.publishes)
    }

    /// `^(a|b)$`, or `^$` (nothing) for no alternatives.
    static func pattern(_ alternatives: [String]) -> String {
        alternatives.isEmpty ? "^$" : "^(\(alternatives.joined(separator: "|")))$"
    }

    /// A name as a regular expression matching only itself.
    static func escaped(_ name: String) -> String {
        var result = ""
        for character in name {
            if "\\^$.|?*+()[]{}".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }
}
