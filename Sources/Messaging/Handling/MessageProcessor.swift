public import Foundation
public import Identifiers
public import Postgres

/// The kernel's core: turns deliveries into effects inside one transaction.
///
/// `prepare` checks, decodes and routes without I/O (so bad messages are
/// parked, and commands answered, before any database work); `process` runs a
/// batch in one transaction with a savepoint per message: inbox row, handler,
/// outbox and timer rows. A handler failure rolls back only its own message.
public struct MessageProcessor: Sendable {
    public let definition: WorkerDefinition
    /// NOTIFY channel the relay of this database listens on, for timers
    /// fired (a lane's commits wake its worker's relay in process).
    public let notifyChannel: String
    /// A message delivered this often without being settled (it keeps
    /// crashing the worker, say) is parked on its next delivery. Default 5.
    public let maxDeliveries: Int
    /// Bodies larger than this are parked (`too_large`) without being
    /// decoded. Default 1 MiB.
    public let maxMessageBytes: Int
    /// How long an erasure request a handler makes stays active (see
    /// `ErasureSweeper`). Default 6 minutes: the default longest retry delay
    /// (60 s) and margin (5 min).
    public let erasureWindow: Duration

    public init(
        definition: WorkerDefinition, notifyChannel: String, maxDeliveries: Int = 5, maxMessageBytes: Int = 1 << 20,
        erasureWindow: Duration = .seconds(360)
    ) {
        self.definition = definition
        self.notifyChannel = notifyChannel
        self.maxDeliveries = maxDeliveries
        self.maxMessageBytes = maxMessageBytes
        self.erasureWindow = erasureWindow
    }

    /// A delivery after checking and decoding: ready to handle, or to park.
    public enum Prepared: Sendable {
        case handle(BoundHandler)
        /// Parked at once. With an answer, a command is also answered with
        /// CommandRejected so its sender is not left waiting.
        case park(ParkReason, String, header: EnvelopeHeader?, answer: CommandAnswer?)
        /// Not handled: it names data being erased (see `dropping`). With
        /// an answer, a command is answered, once.
        case drop(header: EnvelopeHeader?, answer: CommandAnswer?)

        public var header: EnvelopeHeader? {
            switch self {
            case .handle(let bound): bound.header
            case .park(_, _, let header, _): header
            case .drop(let header, _): header
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
        /// Acked without being handled: it names data being erased.
        case dropped
    }

    /// What a handled message wrote besides its own tables.
    public struct Effects: Sendable {
        public var published: [OutgoingMessage]
        public var scheduled: [ScheduledTimer]
        public var cancelledTimerKeys: [String]
        public var rejection: CommandRejected?
        /// Written after the whole batch, like the outbox rows.
        public var erasures: [ErasureRequest]
    }

    /// Runs a batch in one transaction. Throws only what the whole batch must
    /// be retried for: a lost connection, a serialization failure, deadlock or
    /// lock timeout, or a failure of the kernel's own SQL (then the caller
    /// runs the messages one by one).
    ///
    /// First without savepoints (one inbox statement for the batch, then only
    /// the handlers' own SQL): most batches have no handler that throws. If
    /// one does, that transaction is rolled back and the batch runs again
    /// with a savepoint per message, so only the thrower's writes are undone.
    public func process(_ batch: [Prepared], now: Date, on db: PostgresConnection) async throws -> [Outcome] {
        do {
            return try await run(batch, now: now, savepoints: false, on: db)
        } catch is NeedsSavepoints {
        } catch let error as PostgresError where !error.isConnectionFailure && !error.isTransient {
            // A pipelined write failed (its error surfaced at a later
            // statement), or the kernel's own SQL did: the savepoint run
            // finds which message it was, or throws the kernel's error.
        }
        return try await run(batch, now: now, savepoints: true, on: db)
    }

    private func run(_ batch: [Prepared], now: Date, savepoints: Bool, on db: PostgresConnection) async throws -> [Outcome] {
        let worker = definition.name
        let erasureUntil = now.addingTimeInterval(erasureWindow.seconds)
        // Without savepoints, writes go out without waiting for their
        // answers (`PostgresConnection.enqueue`).
        return try await db.transaction(pipelined: !savepoints) { db in
            var outcomes: [Outcome] = []
            var outbox: [OutgoingMessage] = []
            outcomes.reserveCapacity(batch.count)
            try Self.takeLockKeys(of: batch, db)
            var fresh: Set<InboxEntry>? = savepoints ? nil : try KernelStore.recordInbox(Self.inboxEntries(batch), db)
            for (index, item) in batch.enumerated() {
                let (outcome, messages) = try Self.apply(
                    item, worker: worker, now: now, savepoint: savepoints ? "m\(index)" : nil, fresh: &fresh, db
                )
                outcomes.append(outcome)
                outbox += messages
            }
            try KernelStore.insertOutbox(outbox, db)
            let erasures = outcomes.flatMap { outcome -> [ErasureRequest] in
                guard case .handled(let effects) = outcome else { return [] }
                return effects.erasures
            }
            if !erasures.isEmpty {
                try ErasureStore.insert(erasures, now: now, activeUntil: erasureUntil, db)
                try KernelStore.notify(ErasureSweeper.notifyChannel(worker: worker), db)
            }
            return outcomes
        }
    }

    /// Takes every key the batch's handlers must hold, all at once in one
    /// order (so batches never deadlock on them), then asks again under the
    /// locks those handlers whose keys read the database: keys read from rows
    /// that changed before the locks were held make the whole batch run
    /// again, as a serialization failure would. Keys taken from the message
    /// alone cannot change and are asked once.
    private static func takeLockKeys(of batch: [Prepared], _ db: isolated PostgresConnection) throws {
        var keys = Set<String>()
        var reading: [@Sendable (isolated PostgresConnection) throws -> [String]] = []
        for case .handle(let bound) in batch {
            guard let lockKeys = bound.lockKeys else { continue }
            let before = db.statementsRun
            keys.formUnion(try lockKeys(db))
            if db.statementsRun != before { reading.append(lockKeys) }
        }
        guard !keys.isEmpty else { return }
        try KernelStore.lock(keys: keys, db)
        var again = Set<String>()
        for lockKeys in reading { again.formUnion(try lockKeys(db)) }
        guard again.isSubset(of: keys) else {
            throw PostgresError(.server, "the keys a batch must hold changed while it took them", sqlState: "40001")
        }
    }

    /// The inbox rows the messages a handler will run need.
    private static func inboxEntries(_ batch: [Prepared]) -> [(header: EnvelopeHeader, handler: String)] {
        batch.compactMap { item in
            guard case .handle(let bound) = item else { return nil }
            return (bound.header, bound.inboxName)
        }
    }

    /// Counts one more delivery of a redelivered message, committed at once
    /// (before the message is handled, so a crash while handling it still
    /// counts), and returns how often the kernel has now seen it redelivered.
    public func countRedelivery(of messageId: Identifier, on db: PostgresConnection) async throws -> Int {
        try await KernelStore.countRedelivery(messageId, db)
    }

    /// Applies one message, inside its savepoint when it has one; returns its
    /// outcome and the messages it wants published (written to the outbox
    /// after the whole batch, see `KernelStore.insertOutbox`).
    private static func apply(
        _ item: Prepared, worker: String, now: Date, savepoint: String?, fresh: inout Set<InboxEntry>?,
        _ db: isolated PostgresConnection
    ) throws -> (Outcome, [OutgoingMessage]) {
        switch item {
        case .park(let reason, let error, _, let answer):
            // Answer the sender; the message itself still goes to parking.
            return (.park(reason, error), try answerOnce(answer, worker: worker, now: now, db))

        case .drop(_, let answer):
            return (.dropped, try answerOnce(answer, worker: worker, now: now, db))

        case .handle(let bound):
            guard let savepoint else { return try applyWithoutSavepoint(bound, worker: worker, now: now, fresh: &fresh, db) }
            return try apply(bound, worker: worker, now: now, savepoint: savepoint, db)
        }
    }

    /// The fast path: the inbox row was written for the whole batch (`fresh`
    /// holds the new ones); a handler that throws anything but an outage
    /// sends the batch through the savepoint run.
    private static func applyWithoutSavepoint(
        _ bound: BoundHandler, worker: String, now: Date, fresh: inout Set<InboxEntry>?, _ db: isolated PostgresConnection
    ) throws -> (Outcome, [OutgoingMessage]) {
        // Each entry answers once: a message twice in one batch runs once.
        guard fresh?.remove(InboxEntry(messageId: bound.header.id, handler: bound.inboxName)) != nil else {
            return (.duplicate, [])
        }
        var context = HandlerContext(worker: worker, now: now, incoming: bound.header, key: bound.key, trace: bound.trace)
        do {
            try bound.run(&context, db)
        } catch let error as PostgresError where error.isConnectionFailure || error.isTransient {
            throw error
        } catch {
            throw NeedsSavepoints()
        }
        try write(context, now: now, db)
        return (.handled(Effects(context, rejection: nil)), context.outgoing)
    }

    /// One message in its savepoint: a rejection, a data error or a failure
    /// undoes what its handler wrote, and only that.
    private static func apply(
        _ bound: BoundHandler, worker: String, now: Date, savepoint: String, _ db: isolated PostgresConnection
    ) throws -> (Outcome, [OutgoingMessage]) {
        let header = bound.header
        try db.execute("SAVEPOINT \(savepoint)")
        guard try KernelStore.recordInbox(header, handler: bound.inboxName, db) else {
            try db.execute("RELEASE SAVEPOINT \(savepoint)")
            return (.duplicate, [])
        }
        let isCommand = bound.key.kind == .command
        var context = HandlerContext(worker: worker, now: now, incoming: header, key: bound.key, trace: bound.trace)
        var refusal: CommandRejection?
        do {
            try bound.run(&context, db)
        } catch let refused as CommandRejection where isCommand {
            refusal = refused
        } catch let error as PostgresError where error.isDataError {
            // The input cannot be stored as it is: refused now, not retried.
            let summary = "the data cannot be stored: \(error.condition)"
            guard isCommand else {
                try db.execute("ROLLBACK TO SAVEPOINT \(savepoint)")
                try db.execute("RELEASE SAVEPOINT \(savepoint)")
                return (.park(.invalidData, summary), [])
            }
            refusal = CommandRejection(ParkReason.invalidData.rawValue, summary)
        } catch let error as PostgresError where error.isConnectionFailure || error.isTransient {
            throw error
        } catch {
            try db.execute("ROLLBACK TO SAVEPOINT \(savepoint)")
            try db.execute("RELEASE SAVEPOINT \(savepoint)")
            return (.failed(describe(error)), [])
        }
        var rejection: CommandRejected?
        if let refusal {
            // Nothing the handler wrote survives a rejection.
            try db.execute("ROLLBACK TO SAVEPOINT \(savepoint)")
            _ = try KernelStore.recordInbox(header, handler: bound.inboxName, db)
            context = HandlerContext(worker: worker, now: now, incoming: header, key: bound.key, trace: bound.trace)
            rejection = try reject(&context, refusal, db)
        } else {
            try write(context, now: now, db)
        }
        try db.execute("RELEASE SAVEPOINT \(savepoint)")
        return (.handled(Effects(context, rejection: rejection)), context.outgoing)
    }

    /// The CommandRejected of a command the kernel does not hand to its
    /// handler, unless it was answered before (its own inbox name).
    private static func answerOnce(
        _ answer: CommandAnswer?, worker: String, now: Date, _ db: isolated PostgresConnection
    ) throws -> [OutgoingMessage] {
        guard let answer else { return [] }
        let incoming = answer.incoming(at: now)
        guard try KernelStore.recordInbox(incoming, handler: answer.inboxName, db) else { return [] }
        var context = HandlerContext(worker: worker, now: now, incoming: incoming, key: answer.command, trace: answer.trace)
        try reject(&context, answer.rejection, db)
        return context.outgoing
    }

    @discardableResult
    private static func reject(
        _ context: inout HandlerContext, _ refusal: CommandRejection, _ db: isolated PostgresConnection
    ) throws -> CommandRejected {
        let answer = CommandRejected(commandType: context.key.name, reason: refusal.reason, message: refusal.message)
        try context.publish(answer)
        try write(context, now: context.now, db)
        return answer
    }

    /// Timers are written with the message; its outbox rows wait for the end of the batch.
    private static func write(_ context: HandlerContext, now: Date, _ db: isolated PostgresConnection) throws {
        for key in context.cancelledTimerKeys { try KernelStore.cancelTimers(key: key, at: now, db) }
        for timer in context.timers { try KernelStore.insertTimer(timer, db) }
    }
}

/// A readable one-line account of an error, for logs, parking headers and
/// rejections: where and what kind, never the offending value.
func describe(_ error: any Error) -> String {
    switch error {
    case DecodingError.keyNotFound(let key, let context):
        return "missing \(path(context.codingPath + [key]))"
    case DecodingError.typeMismatch(let type, let context):
        return "\(path(context.codingPath)): expected \(type)"
    case DecodingError.valueNotFound(let type, let context):
        return "\(path(context.codingPath)): expected \(type), found null"
    case DecodingError.dataCorrupted(let context):
        return context.codingPath.isEmpty ? "invalid JSON" : "\(path(context.codingPath)): invalid value"
    case let error as PostgresError:
        return "database error: \(error.condition)"
    default:
        return "\(error)"
    }
}

private func path(_ keys: [any CodingKey]) -> String {
    keys.isEmpty ? "<root>" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
}

extension MessageProcessor.Outcome {
    /// Whether the message may have written outbox rows (its events, or the
    /// answer to a command that is parked or dropped).
    var mayHaveWrittenOutbox: Bool {
        switch self {
        case .handled(let effects): !effects.published.isEmpty
        case .park, .dropped: true
        case .duplicate, .failed: false
        }
    }
}

extension MessageProcessor.Effects {
    /// What a handler put in its context, and the rejection the kernel answered with.
    init(_ context: HandlerContext, rejection: CommandRejected?) {
        self.init(
            published: context.outgoing, scheduled: context.timers, cancelledTimerKeys: context.cancelledTimerKeys,
            rejection: rejection, erasures: context.erasures
        )
    }
}
