public import Foundation
public import Postgres

/// The kernel's core: turns deliveries into effects inside one transaction.
///
/// `prepare` decodes and routes without I/O (so bad messages are parked before
/// any database work); `process` runs a batch in one transaction with a
/// savepoint per message: inbox row, handler, outbox and timer rows. A
/// handler failure rolls back only its own message.
public struct MessageProcessor: Sendable {
    public let definition: WorkerDefinition
    /// NOTIFY channel the relay of this database listens on.
    public let notifyChannel: String
    /// Deliveries seen this often are parked instead of handled again.
    public let maxDeliveries: Int

    public init(definition: WorkerDefinition, notifyChannel: String, maxDeliveries: Int = 20) {
        self.definition = definition
        self.notifyChannel = notifyChannel
        self.maxDeliveries = maxDeliveries
    }

    /// A delivery after decoding: ready to handle, or to park.
    public enum Prepared: Sendable {
        case handle(RegisteredHandler, EnvelopeHeader, any Sendable)
        /// Parked at once. With `answer`, a command whose header could be read
        /// is also answered with CommandRejected so its sender is not left waiting.
        case park(ParkReason, String, header: EnvelopeHeader?, answer: MessageKey?)

        public var header: EnvelopeHeader? {
            switch self {
            case .handle(_, let header, _): header
            case .park(_, _, let header, _): header
            }
        }
    }

    /// What became of one message.
    public enum Outcome: Sendable {
        /// Applied now; the messages it produced went to the outbox.
        case handled(Effects)
        /// Applied before (inbox hit): nothing changed.
        case duplicate
        /// The handler threw; retry later.
        case failed(String)
        /// Goes to the parking queue with this reason.
        case park(ParkReason, String)
    }

    /// What a handled message wrote besides its own tables.
    public struct Effects: Sendable {
        public var published: [OutgoingMessage]
        public var scheduled: [ScheduledTimer]
        public var cancelledTimerKeys: [String]
        public var rejection: CommandRejected?
    }

    public func prepare(_ delivery: IncomingDelivery) -> Prepared {
        let header: EnvelopeHeader
        do {
            header = try MessageCoding.decode(EnvelopeHeader.self, from: delivery.body)
        } catch {
            return .park(.undecodable, "not a message envelope: \(describe(error))", header: nil, answer: nil)
        }
        guard delivery.routingKey.split(separator: ".").last.map(String.init) == header.eventType else {
            return .park(
                .malformed, "routing key \(delivery.routingKey) does not name eventType \(header.eventType)",
                header: header, answer: nil
            )
        }
        guard let handler = definition.handler(forRoutingKey: delivery.routingKey) else {
            return .park(.unknownMessageType, "\(definition.name) has no handler for \(delivery.routingKey)", header: header, answer: nil)
        }
        let answer = handler.key.kind == .command ? handler.key : nil
        guard handler.versions.contains(header.eventVersion) else {
            return .park(
                .unsupportedVersion,
                "\(delivery.routingKey) version \(header.eventVersion) is not supported (\(handler.versions))",
                header: header, answer: answer
            )
        }
        if maxDeliveries > 0 && delivery.deliveryCount >= maxDeliveries {
            return .park(
                .redeliveredTooOften, "delivered \(delivery.deliveryCount) times without being settled", header: header, answer: nil
            )
        }
        do {
            return .handle(handler, header, try handler.decode(delivery.body))
        } catch {
            return .park(.undecodable, "\(delivery.routingKey) data does not fit: \(describe(error))", header: header, answer: answer)
        }
    }

    /// Runs a batch in one transaction. Throws only what the whole batch must
    /// be retried for: a lost connection, a serialization failure or deadlock.
    public func process(_ batch: [Prepared], now: Date, on db: PostgresConnection) async throws -> [Outcome] {
        let worker = definition.name
        let channel = notifyChannel
        return try await db.transaction { db in
            var outcomes: [Outcome] = []
            var outbox: [OutgoingMessage] = []
            outcomes.reserveCapacity(batch.count)
            for (index, item) in batch.enumerated() {
                let (outcome, messages) = try Self.apply(item, worker: worker, now: now, savepoint: "m\(index)", db)
                outcomes.append(outcome)
                outbox += messages
            }
            try KernelStore.insertOutbox(outbox, db)
            if !outbox.isEmpty { try KernelStore.notify(channel, db) }
            return outcomes
        }
    }

    /// Applies one message inside its savepoint; returns its outcome and the
    /// messages it wants published (written to the outbox after the whole
    /// batch, see `KernelStore.insertOutbox`).
    private static func apply(
        _ item: Prepared, worker: String, now: Date, savepoint: String, _ db: isolated PostgresConnection
    ) throws -> (Outcome, [OutgoingMessage]) {
        switch item {
        case .park(let reason, let error, let header, let answer):
            var answered: [OutgoingMessage] = []
            if let header, let key = answer {
                // Answer the sender; the message itself still goes to parking.
                try db.execute("SAVEPOINT \(savepoint)")
                if try KernelStore.recordInbox(header.id, handler: key.routingKey, db) {
                    var context = HandlerContext(worker: worker, now: now, incoming: header, key: key)
                    try reject(&context, CommandRejection("invalid_message", error), db)
                    answered = context.outgoing
                }
                try db.execute("RELEASE SAVEPOINT \(savepoint)")
            }
            return (.park(reason, error), answered)

        case .handle(let handler, let header, let decoded):
            try db.execute("SAVEPOINT \(savepoint)")
            guard try KernelStore.recordInbox(header.id, handler: handler.inboxName, db) else {
                try db.execute("RELEASE SAVEPOINT \(savepoint)")
                return (.duplicate, [])
            }
            var context = HandlerContext(worker: worker, now: now, incoming: header, key: handler.key)
            var rejection: CommandRejected?
            do {
                try handler.run(decoded, &context, db)
            } catch let refused as CommandRejection where handler.key.kind == .command {
                // Nothing the handler wrote survives a rejection.
                try db.execute("ROLLBACK TO SAVEPOINT \(savepoint)")
                _ = try KernelStore.recordInbox(header.id, handler: handler.inboxName, db)
                context = HandlerContext(worker: worker, now: now, incoming: header, key: handler.key)
                rejection = try reject(&context, refused, db)
            } catch let error as PostgresError where error.isConnectionFailure || error.isSerializationFailure {
                throw error
            } catch {
                try db.execute("ROLLBACK TO SAVEPOINT \(savepoint)")
                try db.execute("RELEASE SAVEPOINT \(savepoint)")
                return (.failed(describe(error)), [])
            }
            if rejection == nil { try write(context, now: now, db) }
            try db.execute("RELEASE SAVEPOINT \(savepoint)")
            let effects = Effects(
                published: context.outgoing, scheduled: context.timers,
                cancelledTimerKeys: context.cancelledTimerKeys, rejection: rejection
            )
            return (.handled(effects), context.outgoing)
        }
    }

    @discardableResult
    private static func reject(
        _ context: inout HandlerContext, _ refusal: CommandRejection, _ db: isolated PostgresConnection
    ) throws -> CommandRejected {
        let answer = CommandRejected(commandType: context.key.name, reason: refusal.reason, message: refusal.message)
        try context.publish(
            CommandRejected.eventType, aggregateId: context.incoming.aggregateId,
            aggregateType: context.incoming.aggregateType, data: answer
        )
        try write(context, now: context.now, db)
        return answer
    }

    /// Timers are written with the message; its outbox rows wait for the end of the batch.
    private static func write(_ context: HandlerContext, now: Date, _ db: isolated PostgresConnection) throws {
        for key in context.cancelledTimerKeys { try KernelStore.cancelTimers(key: key, at: now, db) }
        for timer in context.timers { try KernelStore.insertTimer(timer, db) }
    }
}

/// A readable one-line account of an error, for logs and parking headers.
func describe(_ error: any Error) -> String {
    switch error {
    case DecodingError.keyNotFound(let key, let context):
        return "missing \(path(context.codingPath + [key]))"
    case DecodingError.typeMismatch(let type, let context):
        return "\(path(context.codingPath)): expected \(type) (\(context.debugDescription))"
    case DecodingError.valueNotFound(let type, let context):
        return "\(path(context.codingPath)): expected \(type), found null"
    case DecodingError.dataCorrupted(let context):
        return context.codingPath.isEmpty ? "invalid JSON: \(context.debugDescription)" : "\(path(context.codingPath)): \(context.debugDescription)"
    default:
        return "\(error)"
    }
}

private func path(_ keys: [any CodingKey]) -> String {
    keys.isEmpty ? "<root>" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
}
