public import AMQP

/// The broker objects of one worker, and the one place that knows their names.
///
/// The deployment declares them all up front with operator credentials
/// (`batbern topology`), so no message is published before its queue exists;
/// the worker declares its own again at every start (declaring is idempotent,
/// so restarts and replicas are safe).
///
/// - exchanges `batbern.commands` and `batbern.events` (topic, durable),
///   shared, declared by the deployment only;
/// - the work queue `<worker>`, bound to every routing key a handler takes;
/// - the worker's own direct exchange `<worker>.kernel`, the only way into its
///   retry and parking queues and back into its work queue (`requeue`): only
///   the worker's broker user may publish to it, so a message that arrives
///   through it carries kernel headers the worker wrote itself;
/// - one retry queue per delay, `<worker>.retry.<delay>` (route
///   `retry.<delay>`): messages wait there for the queue's TTL and are then
///   dead-lettered through the kernel exchange back to the work queue;
/// - the parking queue `<worker>.parked` (route `parked`), which never drops
///   or dead-letters anything.
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

    /// The shared exchanges every worker publishes to and binds from. The
    /// deployment declares them (`batbern topology`); workers' users may not.
    public static let sharedExchanges: [TopologyDeclaration] = [
        .exchange(Exchanges.commands, .topic), .exchange(Exchanges.events, .topic),
    ]

    /// The worker's own objects, in the order they must be declared: its
    /// kernel exchange, work queue and bindings, retry queues, parking queue.
    public var declarations: [TopologyDeclaration] {
        var declarations: [TopologyDeclaration] = [.exchange(kernelExchange, .direct), .queue(workQueue, durable())]
        declarations += bindings.map { .binding(queue: workQueue, exchange: $0.exchange, routingKey: $0.routingKey) }
        declarations.append(.binding(queue: workQueue, exchange: kernelExchange, routingKey: Self.requeueRoute))
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
            declarations.append(.queue("\(worker).\(route)", options))
            declarations.append(.binding(queue: "\(worker).\(route)", exchange: kernelExchange, routingKey: route))
        }
        declarations.append(.queue(parkingQueue, parkingOptions))
        declarations.append(.binding(queue: parkingQueue, exchange: kernelExchange, routingKey: Self.parkingRoute))
        return declarations
    }

    /// The parking queue must never drop or dead-letter a message, however
    /// often it is listed. RabbitMQ 4.x gives quorum queues a delivery limit
    /// of 20 unless told otherwise, and documents -1 as "no limit"; but 3.10
    /// takes -1 as a limit and drops every message returned once (seen by
    /// `ParkingLotTests`). So the limit is the largest 32-bit integer, which
    /// both read as a number no listing will reach. No dead-letter exchange
    /// either. A lower `delivery-limit` policy would win over it (the broker
    /// takes the smaller): none may match `*.parked`.
    private var parkingOptions: QueueOptions {
        var options = durable()
        if configuration.queueType == .quorum {
            options.arguments[Self.deliveryLimitArgument] = .int64(Self.parkingDeliveryLimit)
        }
        return options
    }

    /// 2,147,483,647 deliveries: out of reach, and a plain positive limit,
    /// which 3.10 (tested) and 4.x (documented) both take as it is.
    public static let parkingDeliveryLimit = Int64(Int32.max)

    static let deliveryLimitArgument = "x-delivery-limit"

    /// What a worker declares at every start, as its own broker user: its
    /// own objects only. The shared exchanges must already exist; when they
    /// do not, this throws `TopologyMissing` (run `batbern topology`).
    public func declare(on channel: AMQPChannel) async throws {
        for case .exchange(let name, let type) in Self.sharedExchanges {
            do {
                try await channel.declareExchange(name, type: type, passive: true)
            } catch let error as AMQPError where error.replyCode == 404 {
                throw TopologyMissing(exchange: name)
            }
        }
        for declaration in declarations { try await declaration.apply(on: channel) }
    }

    private func durable() -> QueueOptions {
        QueueOptions(durable: true, type: configuration.queueType)
    }
}
