public import Foundation
public import Identifiers

/// What a handler sees of the world besides its database, and where it puts
/// what it wants to happen: events to publish, commands to send, timers.
///
/// Nothing here does I/O; the kernel writes it all to the outbox, timer and
/// erasure tables in the handler's transaction, after the handler returns.
public struct HandlerContext: Sendable {
    /// The publishing context: events go out as `<worker>.<EventType>`.
    public let worker: String
    /// The time the handler should treat as now (handlers never read a clock).
    public let now: Date
    /// The message being handled.
    public let incoming: EnvelopeHeader
    public let key: MessageKey
    /// The W3C context everything published here carries: the handling
    /// span's, or the incoming message's when nothing records (see `HandlingTracer`).
    public let trace: TraceParent?

    public private(set) var outgoing: [OutgoingMessage] = []
    public private(set) var timers: [ScheduledTimer] = []
    public private(set) var cancelledTimerKeys: [String] = []
    public private(set) var erasures: [ErasureRequest] = []

    public init(worker: String, now: Date, incoming: EnvelopeHeader, key: MessageKey, trace: TraceParent? = nil) {
        self.worker = worker
        self.now = now
        self.incoming = incoming
        self.key = key
        self.trace = trace
    }

    /// Publishes an event of this context whose data names its aggregate,
    /// caused by the incoming message.
    public mutating func publish<E: DomainEvent & AggregateIdentified>(_ event: E) throws {
        try publish(event, aggregateId: event.aggregateId)
    }

    /// Publishes an event of this context about `aggregateId`.
    public mutating func publish<E: DomainEvent>(_ event: E, aggregateId: Identifier) throws {
        try publish(event, aggregateId: aggregateId.description)
    }

    /// Publishes an event about an aggregate named by free text (as a client
    /// named it). It goes out as `<worker>.<name>`: a context publishes only
    /// its own events (the probe runs under many names).
    public mutating func publish<E: DomainEvent>(_ event: E, aggregateId: String) throws {
        outgoing.append(
            try message(
                .event(E.name, from: worker), aggregateId: aggregateId, aggregateType: E.aggregateType, occurredAt: now, data: event
            ))
    }

    /// Sends a command, to its context, about the aggregate its data names.
    public mutating func send<C: Command & AggregateIdentified>(_ command: C) throws {
        try send(command, aggregateId: command.aggregateId)
    }

    /// Sends a command, to its context, about `aggregateId`.
    public mutating func send<C: Command>(_ command: C, aggregateId: Identifier) throws {
        outgoing.append(
            try message(
                C.key, aggregateId: aggregateId.description, aggregateType: C.aggregateType, occurredAt: now, data: command
            ))
    }

    /// Sends a command to this context at `dueAt` (a durable timer), about the
    /// aggregate its data names. Timers sharing `timerKey` can be cancelled together.
    public mutating func schedule<C: Command & AggregateIdentified>(_ command: C, at dueAt: Date, timerKey: String) throws {
        try schedule(command, at: dueAt, timerKey: timerKey, aggregateId: command.aggregateId)
    }

    /// Schedules a command to this context about `aggregateId`.
    public mutating func schedule<C: Command>(_ command: C, at dueAt: Date, timerKey: String, aggregateId: Identifier) throws {
        try schedule(command, at: dueAt, timerKey: timerKey, aggregateId: aggregateId.description)
    }

    /// Schedules a command about an aggregate named by free text. It goes to
    /// this worker, whatever name it runs under.
    public mutating func schedule<C: Command>(_ command: C, at dueAt: Date, timerKey: String, aggregateId: String) throws {
        let message = try message(
            .command(C.name, to: worker), aggregateId: aggregateId, aggregateType: C.aggregateType, occurredAt: dueAt, data: command
        )
        timers.append(ScheduledTimer(key: timerKey, dueAt: dueAt, message: message))
    }

    /// The kernel's answer to a refused command: `<worker>.CommandRejected`
    /// about the command's own aggregate.
    mutating func publish(_ rejected: CommandRejected) throws {
        outgoing.append(
            try message(
                .event(CommandRejected.eventType, from: worker), aggregateId: incoming.aggregateId,
                aggregateType: incoming.aggregateType, occurredAt: now, data: rejected
            ))
    }

    /// Cancels every pending timer with this key, those scheduled earlier and
    /// those scheduled by this handler before the call.
    public mutating func cancelTimers(key: String) {
        timers.removeAll { $0.key == key }
        cancelledTimerKeys.append(key)
    }

    /// Asks that the messages waiting in this worker's retry and parking
    /// queues whose body mentions one of `needles` (ignoring case) be
    /// removed, only those of `types` when given: personal data being
    /// erased must not survive there. The parking queue is swept once this
    /// commits and again when the longest retry delay and a margin have
    /// passed; a message coming back from a retry queue meanwhile is
    /// dropped (see `ErasureSweeper`); a command either way is answered
    /// `erased`. `reason` is a code for the logs. Throws
    /// `InvalidErasureRequest` for no needle, a needle under
    /// `ErasureRequest.minimumNeedleLength` characters, an empty `types` or
    /// a reason that is not a code.
    public mutating func forgetMessages(mentioning needles: [String], ofTypes types: [any Message.Type]? = nil, reason: String) throws {
        erasures.append(try ErasureRequest(needles: needles, routingKeys: types?.map { $0.key.routingKey }, reason: reason))
    }

    func message<P: Codable & Sendable>(
        _ key: MessageKey, aggregateId: String, aggregateType: String, occurredAt: Date, data: P
    ) throws -> OutgoingMessage {
        let envelope = Envelope(
            aggregateId: aggregateId, aggregateType: aggregateType, eventType: key.name, occurredAt: occurredAt, data: data,
            correlationId: incoming.correlationId, causationId: incoming.id
        )
        return try OutgoingMessage(key: key, envelope: envelope, trace: trace)
    }
}

/// A message ready for the outbox: where it goes and its JSON body.
public struct OutgoingMessage: Sendable, Hashable {
    public let messageId: Identifier
    public let exchange: String
    public let routingKey: String
    public let aggregateId: String
    public let messageType: String
    public let correlationId: Identifier
    /// Kept in its own column for `batbern trace` (the relay does not need it).
    public let causationId: Identifier?
    public let occurredAt: Date
    public let body: String
    /// Its `traceparent` (and `tracestate`) headers, stored with the outbox row
    /// (or timer) so the relay publishes them later.
    public let trace: TraceParent?

    public init<P: Codable & Sendable>(key: MessageKey, envelope: Envelope<P>, trace: TraceParent? = nil) throws {
        messageId = envelope.id
        exchange = key.exchange
        routingKey = key.routingKey
        aggregateId = envelope.aggregateId
        messageType = envelope.eventType
        correlationId = envelope.correlationId
        causationId = envelope.causationId
        occurredAt = envelope.occurredAt
        body = String(decoding: try envelope.encodedJSON(), as: UTF8.self)
        self.trace = trace
    }

    init(
        messageId: Identifier, exchange: String, routingKey: String, aggregateId: String, messageType: String,
        correlationId: Identifier, causationId: Identifier? = nil, occurredAt: Date, body: String, trace: TraceParent? = nil
    ) {
        self.messageId = messageId
        self.exchange = exchange
        self.routingKey = routingKey
        self.aggregateId = aggregateId
        self.messageType = messageType
        self.correlationId = correlationId
        self.causationId = causationId
        self.occurredAt = occurredAt
        self.body = body
        self.trace = trace
    }
}

/// A message to send later.
public struct ScheduledTimer: Sendable, Hashable {
    public let key: String
    public let dueAt: Date
    public let message: OutgoingMessage
}
