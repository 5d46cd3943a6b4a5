public import AMQP

/// The broker objects of one worker, declared at every start (declaring is
/// idempotent, so restarts and replicas are safe).
///
/// - exchanges `batbern.commands` and `batbern.events` (topic, durable);
/// - the work queue `<worker>`, bound to every routing key a handler takes;
/// - one retry queue per delay, `<worker>.retry.<delay>`: messages wait there
///   for the queue's TTL and are then dead-lettered back to the work queue;
/// - the parking queue `<worker>.parked`.
///
/// Retry queues are named after their delay so changing the delays makes new
/// queues instead of clashing with the arguments of the old ones.
public struct Topology: Sendable {
    public struct Configuration: Sendable {
        /// Default quorum (replicated, and what RabbitMQ recommends for durable work).
        public var queueType: QueueOptions.QueueType
        /// Wait before each retry; the count is the number of retries before
        /// parking. Default 1 s, 10 s, 60 s.
        public var retryDelays: [Duration]

        public init(queueType: QueueOptions.QueueType = .quorum, retryDelays: [Duration] = [.seconds(1), .seconds(10), .seconds(60)]) {
            self.queueType = queueType
            self.retryDelays = retryDelays
        }
    }

    public let worker: String
    public let bindings: [MessageKey]
    public let configuration: Configuration

    public init(worker: String, bindings: [MessageKey], configuration: Configuration = Configuration()) {
        self.worker = worker
        self.bindings = bindings
        self.configuration = configuration
    }

    public init(_ definition: WorkerDefinition, configuration: Configuration = Configuration()) {
        self.init(worker: definition.name, bindings: definition.handlers.map(\.key), configuration: configuration)
    }

    public var workQueue: String { worker }
    public var parkingQueue: String { "\(worker).parked" }
    public var retryQueues: [String] { configuration.retryDelays.map(retryQueue(delay:)) }

    /// The queue a message waits in before attempt `attempt` (1-based);
    /// nil once the retries are used up.
    public func retryQueue(forAttempt attempt: Int) -> String? {
        guard attempt >= 1, attempt <= configuration.retryDelays.count else { return nil }
        return retryQueue(delay: configuration.retryDelays[attempt - 1])
    }

    private func retryQueue(delay: Duration) -> String {
        let milliseconds = delay.components.seconds * 1000 + delay.components.attoseconds / 1_000_000_000_000_000
        let label = milliseconds % 1000 == 0 ? "\(milliseconds / 1000)s" : "\(milliseconds)ms"
        return "\(worker).retry.\(label)"
    }

    public func declare(on channel: AMQPChannel) async throws {
        try await channel.declareExchange(Exchanges.commands, type: .topic, durable: true)
        try await channel.declareExchange(Exchanges.events, type: .topic, durable: true)
        try await channel.declareQueue(workQueue, options: durable())
        for key in bindings {
            try await channel.bindQueue(workQueue, exchange: key.exchange, routingKey: key.routingKey)
        }
        for delay in configuration.retryDelays {
            var options = durable()
            options.messageTTL = delay
            options.deadLetterExchange = ""
            options.deadLetterRoutingKey = workQueue
            if configuration.queueType == .quorum {
                // Quorum queues dead-letter at-most-once unless asked otherwise.
                options.deadLetterStrategy = "at-least-once"
                options.overflow = .rejectPublish
            }
            try await channel.declareQueue(retryQueue(delay: delay), options: options)
        }
        try await channel.declareQueue(parkingQueue, options: durable())
    }

    private func durable() -> QueueOptions {
        QueueOptions(durable: true, type: configuration.queueType)
    }
}

/// Headers the kernel adds when it retries, parks or replays a message.
public enum KernelHeaders {
    /// Failed attempts so far.
    public static let attempt = "x-batbern-attempt"
    /// The routing key the message was first published with.
    public static let routingKey = "x-batbern-routing-key"
    /// The exchange it was first published to.
    public static let exchange = "x-batbern-exchange"
    /// The last handler error (retries) or the parking error.
    public static let error = "x-batbern-error"
    /// Why it was parked (a `ParkReason` code).
    public static let parkReason = "x-batbern-park-reason"
    public static let parkedAt = "x-batbern-parked-at"
    public static let worker = "x-batbern-worker"
    /// How often it was replayed from the parking queue.
    public static let replays = "x-batbern-replays"
    /// Set by quorum queues: how often the message was delivered before.
    public static let deliveryCount = "x-delivery-count"
}

extension AMQPDelivery {
    /// The kernel's view of a delivery, reading back what retries and replays recorded.
    var incoming: IncomingDelivery {
        let headers = properties.headers
        return IncomingDelivery(
            body: body,
            routingKey: headers[KernelHeaders.routingKey]?.stringValue ?? routingKey,
            attempt: headers[KernelHeaders.attempt]?.intValue ?? 0,
            deliveryCount: headers[KernelHeaders.deliveryCount]?.intValue ?? (redelivered ? 1 : 0)
        )
    }

    var originalExchange: String {
        properties.headers[KernelHeaders.exchange]?.stringValue ?? exchange
    }
}
