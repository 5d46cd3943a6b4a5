public import AMQP

/// The broker objects of one worker, declared at every start (declaring is
/// idempotent, so restarts and replicas are safe).
///
/// - exchanges `batbern.commands` and `batbern.events` (topic, durable);
/// - the work queue `<worker>`, bound to every routing key a handler takes;
/// - the worker's own direct exchange `<worker>.kernel`, the only way into its
///   retry and parking queues and back into its work queue (`requeue`): only
///   the worker's broker user may publish to it, so a message that arrives
///   through it carries kernel headers the worker wrote itself;
/// - one retry queue per delay, `<worker>.retry.<delay>` (route
///   `retry.<delay>`): messages wait there for the queue's TTL and are then
///   dead-lettered through the kernel exchange back to the work queue;
/// - the parking queue `<worker>.parked` (route `parked`).
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
    public var retryQueues: [String] { configuration.retryDelays.map { "\(worker).\(retryRoute(delay: $0))" } }
    /// The worker's own direct exchange for retries, parking and replays.
    public var kernelExchange: String { "\(worker).kernel" }
    /// Route on the kernel exchange back into the work queue (retries that
    /// waited out their delay, replays).
    public static let requeueRoute = "requeue"
    /// Route on the kernel exchange into the parking queue.
    public static let parkingRoute = "parked"

    /// The route (on `kernelExchange`) of the retry queue a message waits in
    /// before attempt `attempt` (1-based); nil once the retries are used up.
    public func retryRoute(forAttempt attempt: Int) -> String? {
        guard attempt >= 1, attempt <= configuration.retryDelays.count else { return nil }
        return retryRoute(delay: configuration.retryDelays[attempt - 1])
    }

    private func retryRoute(delay: Duration) -> String {
        let milliseconds = delay.components.seconds * 1000 + delay.components.attoseconds / 1_000_000_000_000_000
        let label = milliseconds % 1000 == 0 ? "\(milliseconds / 1000)s" : "\(milliseconds)ms"
        return "retry.\(label)"
    }

    public func declare(on channel: AMQPChannel) async throws {
        try await channel.declareExchange(Exchanges.commands, type: .topic, durable: true)
        try await channel.declareExchange(Exchanges.events, type: .topic, durable: true)
        try await channel.declareExchange(kernelExchange, type: .direct, durable: true)
        try await channel.declareQueue(workQueue, options: durable())
        for key in bindings {
            try await channel.bindQueue(workQueue, exchange: key.exchange, routingKey: key.routingKey)
        }
        try await channel.bindQueue(workQueue, exchange: kernelExchange, routingKey: Self.requeueRoute)
        for delay in configuration.retryDelays {
            var options = durable()
            options.messageTTL = delay
            options.deadLetterExchange = kernelExchange
            options.deadLetterRoutingKey = Self.requeueRoute
            if configuration.queueType == .quorum {
                // Quorum queues dead-letter at-most-once unless asked otherwise.
                options.deadLetterStrategy = "at-least-once"
                options.overflow = .rejectPublish
            }
            let route = retryRoute(delay: delay)
            try await channel.declareQueue("\(worker).\(route)", options: options)
            try await channel.bindQueue("\(worker).\(route)", exchange: kernelExchange, routingKey: route)
        }
        try await channel.declareQueue(parkingQueue, options: durable())
        try await channel.bindQueue(parkingQueue, exchange: kernelExchange, routingKey: Self.parkingRoute)
    }

    private func durable() -> QueueOptions {
        QueueOptions(durable: true, type: configuration.queueType)
    }
}
