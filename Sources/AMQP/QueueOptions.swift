/// The exchange types of AMQP 0-9-1.
public struct ExchangeType: Hashable, Sendable, ExpressibleByStringLiteral {
    public let name: String
    public init(_ name: String) { self.name = name }
    public init(stringLiteral value: String) { name = value }

    public static let direct = ExchangeType("direct")
    public static let topic = ExchangeType("topic")
    public static let fanout = ExchangeType("fanout")
    public static let headers = ExchangeType("headers")
}

/// How to declare a queue. Defaults: durable, not exclusive, not auto-delete,
/// broker's default queue type.
public struct QueueOptions: Sendable, Hashable {
    public enum QueueType: String, Sendable {
        /// Replicated, durable; the default for everything we run.
        case quorum
        case classic
    }

    public enum Overflow: String, Sendable {
        case dropHead = "drop-head"
        case rejectPublish = "reject-publish"
        case rejectPublishDLX = "reject-publish-dlx"
    }

    public var durable = true
    public var exclusive = false
    public var autoDelete = false
    /// Only check that the queue exists.
    public var passive = false
    /// Free-form `x-` arguments; the typed properties below write into these.
    public var arguments: AMQPTable = [:]

    public init(
        durable: Bool = true,
        exclusive: Bool = false,
        autoDelete: Bool = false,
        passive: Bool = false,
        type: QueueType? = nil,
        arguments: AMQPTable = [:]
    ) {
        self.durable = durable
        self.exclusive = exclusive
        self.autoDelete = autoDelete
        self.passive = passive
        self.arguments = arguments
        if let type { self.type = type }
    }

    public var type: QueueType? {
        get { arguments["x-queue-type"]?.stringValue.flatMap(QueueType.init(rawValue:)) }
        set { arguments["x-queue-type"] = newValue.map { .string($0.rawValue) } }
    }

    public var deadLetterExchange: String? {
        get { arguments["x-dead-letter-exchange"]?.stringValue }
        set { arguments["x-dead-letter-exchange"] = newValue.map { .string($0) } }
    }

    public var deadLetterRoutingKey: String? {
        get { arguments["x-dead-letter-routing-key"]?.stringValue }
        set { arguments["x-dead-letter-routing-key"] = newValue.map { .string($0) } }
    }

    /// Quorum queues only dead-letter at-least-once when asked to.
    public var deadLetterStrategy: String? {
        get { arguments["x-dead-letter-strategy"]?.stringValue }
        set { arguments["x-dead-letter-strategy"] = newValue.map { .string($0) } }
    }

    public var messageTTL: Duration? {
        get { arguments["x-message-ttl"]?.intValue.map { .milliseconds($0) } }
        set {
            arguments["x-message-ttl"] = newValue.map {
                .int64(Int64($0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000))
            }
        }
    }

    public var maxLength: Int? {
        get { arguments["x-max-length"]?.intValue }
        set { arguments["x-max-length"] = newValue.map { .int64(Int64($0)) } }
    }

    public var overflow: Overflow? {
        get { arguments["x-overflow"]?.stringValue.flatMap(Overflow.init(rawValue:)) }
        set { arguments["x-overflow"] = newValue.map { .string($0.rawValue) } }
    }
}

/// What queue.declare-ok reports.
public struct QueueDeclareResult: Sendable, Hashable {
    public let name: String
    public let messageCount: UInt32
    public let consumerCount: UInt32
}
