import Foundation
import Postgres

/// A worker that exercises every path of the kernel: effects and events,
/// failures, rejections, timers, erasure. Tests run it against the real
/// servers, and `batbern probe` runs it to check a deployment end to end. Its
/// tables are in schemas/probe.
public enum KernelProbe {
    public struct Touch: Codable, Sendable, Hashable {
        public var n: Int
        /// Makes the handler take this long, to have messages in flight.
        public var holdMilliseconds: Int?
        public init(n: Int, holdMilliseconds: Int? = nil) {
            self.n = n
            self.holdMilliseconds = holdMilliseconds
        }
    }

    public struct Remind: Codable, Sendable, Hashable {
        public var n: Int
        public var inSeconds: Double
        public var key: String
        public init(n: Int, inSeconds: Double, key: String) {
            self.n = n
            self.inSeconds = inSeconds
            self.key = key
        }
    }

    public struct CancelReminder: Codable, Sendable, Hashable {
        public var key: String
        public init(key: String) { self.key = key }
    }

    /// Asks the kernel to forget the messages mentioning `needles`.
    public struct Forget: Codable, Sendable, Hashable {
        public var n: Int
        public var needles: [String]
        public init(n: Int, needles: [String]) {
            self.n = n
            self.needles = needles
        }
    }

    /// Stored in a column of eight characters that refuses `banned`: a
    /// longer code or that word makes PostgreSQL answer with a data error.
    public struct Store: Codable, Sendable, Hashable {
        public var n: Int
        public var code: String
        public init(n: Int, code: String) {
            self.n = n
            self.code = code
        }
    }

    struct ProbeFailure: Error, CustomStringConvertible {
        let n: Int
        var description: String { "probe \(n) exploded as asked" }
    }

    /// - Parameters:
    ///   - name: the worker's name, which is also its queue's name.
    ///   - touchVersions: the envelope versions Touch accepts (a later
    ///     definition accepting more is how a test ships "the fix").
    public static func definition(name: String = "probe", touchVersions: ClosedRange<Int> = 1...1) -> WorkerDefinition {
        WorkerDefinition(name: name, handlers: [
            // Writes a row and publishes Touched.
            RegisteredHandler(.command("Touch", to: name), versions: touchVersions, payload: Touch.self) { envelope, context, db in
                try touch(envelope, &context, db)
            },
            // Fails until probe_fixed holds a row, then behaves like Touch.
            RegisteredHandler(.command("Explode", to: name), payload: Touch.self) { envelope, context, db in
                guard try !db.query("SELECT 1 FROM probe_fixed").isEmpty else {
                    throw ProbeFailure(n: envelope.data.n)
                }
                try touch(envelope, &context, db)
            },
            // Writes, then refuses: the write must not survive.
            RegisteredHandler(.command("Refuse", to: name), payload: Touch.self) { envelope, context, db in
                try touch(envelope, &context, db)
                throw CommandRejection("refused", "probe \(envelope.data.n) refused as asked")
            },
            RegisteredHandler(.command("Remind", to: name), payload: Remind.self) { envelope, context, _ in
                let data = envelope.data
                try context.schedule(
                    "Touch", at: context.now.addingTimeInterval(data.inSeconds), timerKey: data.key,
                    aggregateId: envelope.aggregateId, aggregateType: "probe", data: Touch(n: data.n)
                )
                try context.publish("ReminderSet", aggregateId: envelope.aggregateId, aggregateType: "probe", data: data)
            },
            RegisteredHandler(.command("CancelReminder", to: name), payload: CancelReminder.self) { envelope, context, _ in
                context.cancelTimers(key: envelope.data.key)
                try context.publish("ReminderCancelled", aggregateId: envelope.aggregateId, aggregateType: "probe", data: envelope.data)
            },
            // Kills its own process, as a poison message would: only for a
            // probe running as a process of its own (`batbern probe`).
            RegisteredHandler(.command("Crash", to: name), payload: Touch.self) { _, _, _ in
                kill(getpid(), SIGKILL)
            },
            // Stores a code; a data error from PostgreSQL when it does not fit.
            RegisteredHandler(.command("Store", to: name), payload: Store.self) { envelope, context, db in
                try store(envelope, db)
                try context.publish("Stored", aggregateId: envelope.aggregateId, aggregateType: "probe", data: envelope.data)
            },
            // Erasure: publishes Forgotten {n} (never the needles).
            RegisteredHandler(.command("Forget", to: name), payload: Forget.self) { envelope, context, _ in
                try context.forgetMessages(mentioning: envelope.data.needles, reason: "probe_forget")
                try context.publish("Forgotten", aggregateId: envelope.aggregateId, aggregateType: "probe", data: Touch(n: envelope.data.n))
            },
            // The same as an event, which nobody can be answered for.
            RegisteredHandler(.event("Observed", from: "\(name)-outside"), payload: Store.self) { envelope, _, db in
                try store(envelope, db)
            },
        ])
    }

    private static func store(_ envelope: Envelope<Store>, _ db: isolated PostgresConnection) throws {
        try db.execute(
            "INSERT INTO probe_codes (message_id, n, code) VALUES ($1, $2, $3)", [envelope.id, envelope.data.n, envelope.data.code]
        )
    }

    private static func touch(_ envelope: Envelope<Touch>, _ context: inout HandlerContext, _ db: isolated PostgresConnection) throws {
        if let hold = envelope.data.holdMilliseconds, hold > 0 {
            try db.execute("SELECT pg_sleep($1)", [Double(min(hold, 10_000)) / 1000])
        }
        try db.execute("INSERT INTO probe_effects (message_id, n) VALUES ($1, $2)", [envelope.id, envelope.data.n])
        try context.publish("Touched", aggregateId: envelope.aggregateId, aggregateType: "probe", data: envelope.data)
    }
}
