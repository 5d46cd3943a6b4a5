import Foundation
import Identifiers
public import Messaging
import Postgres

/// A worker that exercises every path of the kernel: effects and events,
/// failures, rejections, timers, erasure. Tests run it against the real
/// servers, and `batbern probe` runs it to check a deployment end to end. Its
/// tables are in schemas/probe; its messages in `KernelProbe+Messages.swift`.
public enum KernelProbe {
    struct ProbeFailure: Error, CustomStringConvertible {
        let n: Int
        var description: String { "probe \(n) exploded as asked" }
    }

    /// - Parameters:
    ///   - name: the worker's name, which is also its queue's name.
    ///   - touchVersions: the envelope versions Touch accepts (a later
    ///     definition accepting more is how a test ships "the fix").
    public static func definition(name: String = "probe", touchVersions: ClosedRange<Int> = 1...1) -> WorkerDefinition {
        WorkerDefinition(
            name: name,
            handlers: [
                .handle(Touch.self, to: name, versions: touchVersions, with: touch),
                .handle(Explode.self, to: name, with: explode),
                .handle(Refuse.self, to: name, with: refuse),
                .handle(Remind.self, to: name, with: remind),
                .handle(CancelReminder.self, to: name, with: cancelReminder),
                .handle(Crash.self, to: name, with: crash),
                .handle(Store.self, to: name, with: store),
                .handle(Forget.self, to: name, with: forget),
                .handle(Observed.self, from: "\(name)-outside", with: observed),
            ])
    }

    static func touch(_ envelope: Envelope<Touch>, _ context: inout HandlerContext, _ db: isolated PostgresConnection) throws {
        try applyTouch(envelope.data, of: envelope, &context, db)
    }

    static func explode(_ envelope: Envelope<Explode>, _ context: inout HandlerContext, _ db: isolated PostgresConnection) throws {
        guard try !db.query("SELECT 1 FROM probe_fixed").isEmpty else {
            throw ProbeFailure(n: envelope.data.fields.n)
        }
        try applyTouch(envelope.data.fields, of: envelope, &context, db)
    }

    static func refuse(_ envelope: Envelope<Refuse>, _ context: inout HandlerContext, _ db: isolated PostgresConnection) throws {
        try applyTouch(envelope.data.fields, of: envelope, &context, db)
        throw CommandRejection("refused", "probe \(envelope.data.fields.n) refused as asked")
    }

    static func remind(_ envelope: Envelope<Remind>, _ context: inout HandlerContext, _ db: isolated PostgresConnection) throws {
        let data = envelope.data
        try context.schedule(
            Touch(n: data.n), at: context.now.addingTimeInterval(data.inSeconds), timerKey: data.key,
            aggregateId: envelope.aggregateId
        )
        try context.publish(ReminderSet(data), aggregateId: envelope.aggregateId)
    }

    static func cancelReminder(
        _ envelope: Envelope<CancelReminder>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        context.cancelTimers(key: envelope.data.key)
        try context.publish(ReminderCancelled(envelope.data), aggregateId: envelope.aggregateId)
    }

    /// Only for a probe running as a process of its own (`batbern probe`).
    static func crash(_ envelope: Envelope<Crash>, _ context: inout HandlerContext, _ db: isolated PostgresConnection) throws {
        kill(getpid(), SIGKILL)
    }

    /// Stores a code; a data error from PostgreSQL when it does not fit.
    static func store(_ envelope: Envelope<Store>, _ context: inout HandlerContext, _ db: isolated PostgresConnection) throws {
        try insert(envelope.data, id: envelope.id, db)
        try context.publish(Stored(envelope.data), aggregateId: envelope.aggregateId)
    }

    /// Erasure: publishes Forgotten {n} (never the needles).
    static func forget(_ envelope: Envelope<Forget>, _ context: inout HandlerContext, _ db: isolated PostgresConnection) throws {
        try context.forgetMessages(mentioning: envelope.data.needles, reason: "probe_forget")
        try context.publish(Forgotten(Touch(n: envelope.data.n)), aggregateId: envelope.aggregateId)
    }

    /// Store as an event, which nobody can be answered for.
    static func observed(_ envelope: Envelope<Observed>, _ context: inout HandlerContext, _ db: isolated PostgresConnection) throws {
        try insert(envelope.data.fields, id: envelope.id, db)
    }

    /// Pipelined: a code that does not fit fails at a later statement, and
    /// the kernel must still find which message it was (`DataErrorTests`).
    private static func insert(_ data: Store, id: Identifier, _ db: isolated PostgresConnection) throws {
        try db.enqueue("INSERT INTO probe_codes (message_id, n, code) VALUES ($1, $2, $3)", [id, data.n, data.code])
    }

    private static func applyTouch<M>(
        _ data: Touch, of envelope: Envelope<M>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        if let hold = data.holdMilliseconds, hold > 0 {
            try db.execute("SELECT pg_sleep($1)", [Double(min(hold, 10_000)) / 1000])
        }
        try db.enqueue("INSERT INTO probe_effects (message_id, n) VALUES ($1, $2)", [envelope.id, data.n])
        try context.publish(Touched(data), aggregateId: envelope.aggregateId)
    }
}
