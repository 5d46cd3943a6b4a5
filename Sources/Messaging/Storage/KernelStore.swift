import Foundation
import Identifiers
import Postgres

/// SQL of the kernel's own tables (schemas/messaging).
enum KernelStore {
    /// Records that `handler` applied the message `header` names (with its
    /// correlation and causation, for `batbern trace`); false when it already had.
    static func recordInbox(_ header: EnvelopeHeader, handler: String, _ db: isolated PostgresConnection) throws -> Bool {
        try db.execute(
            """
            INSERT INTO inbox (message_id, handler, correlation_id, causation_id) VALUES ($1, $2, $3, NULLIF($4, '')::uuid)
            ON CONFLICT DO NOTHING
            """,
            [header.id, handler, header.correlationId, header.causationId?.description ?? ""]
        ) == 1
    }

    /// Records a batch's inbox rows in one statement; returns those that were
    /// new (the others were applied before).
    static func recordInbox(_ entries: [(header: EnvelopeHeader, handler: String)], _ db: isolated PostgresConnection) throws -> Set<InboxEntry> {
        guard !entries.isEmpty else { return [] }
        let rows = try db.query(
            """
            INSERT INTO inbox (message_id, handler, correlation_id, causation_id)
            SELECT m, h, c, NULLIF(k, '')::uuid FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[]) AS e(m, h, c, k)
            ON CONFLICT DO NOTHING RETURNING message_id, handler
            """,
            [
                entries.map(\.header.id.description), entries.map(\.handler), entries.map(\.header.correlationId.description),
                entries.map { $0.header.causationId?.description ?? "" },
            ]
        )
        var fresh = Set<InboxEntry>(minimumCapacity: rows.count)
        for row in rows {
            fresh.insert(InboxEntry(messageId: try row.decode(Identifier.self, at: 0), handler: try row.decode(String.self, at: 1)))
        }
        return fresh
    }

    /// Journals retried attempts, parked messages and rejected commands in one statement.
    static func recordFailures(_ records: [FailureRecord], _ db: isolated PostgresConnection) throws {
        guard !records.isEmpty else { return }
        try db.execute(
            """
            INSERT INTO failures (message_id, message_type, correlation_id, causation_id, outcome, reason, attempt)
            SELECT m, t, c, NULLIF(k, '')::uuid, o, r, a
            FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::int[]) AS f(m, t, c, k, o, r, a)
            """,
            [
                records.map(\.header.id.description), records.map(\.messageType), records.map(\.header.correlationId.description),
                records.map { $0.header.causationId?.description ?? "" }, records.map(\.outcome.rawValue),
                records.map { String($0.reason.prefix(1000)) }, records.map { String($0.attempt) },
            ]
        )
    }

    /// Counts one more redelivery of a message and returns the count so far.
    /// Runs in a transaction of its own, committed before the message is
    /// handled, so a delivery that kills the process is counted too.
    static func countRedelivery(_ messageId: Identifier, _ db: isolated PostgresConnection) throws -> Int {
        try db.query(
            """
            INSERT INTO delivery_counts (message_id, redeliveries) VALUES ($1, 1)
            ON CONFLICT (message_id) DO UPDATE
                SET redeliveries = delivery_counts.redeliveries + 1, last_delivered_at = now()
            RETURNING redeliveries
            """,
            [messageId]
        )[0].decode(Int.self, at: 0)
    }

    /// Deletes delivery counts not touched since `before`, a bounded chunk at
    /// a time (a message redelivered after that starts counting afresh).
    static func pruneDeliveryCounts(before: Date, _ db: isolated PostgresConnection) throws -> Int {
        try db.execute(
            """
            DELETE FROM delivery_counts WHERE message_id IN
                (SELECT message_id FROM delivery_counts WHERE last_delivered_at < $1 LIMIT 10000)
            """,
            [before]
        )
    }

    /// Writes outbox rows so that, per aggregate, id order is commit order.
    ///
    /// Ids come from a sequence when a row is inserted, but transactions may
    /// commit in another order; a relay reading committed rows could then
    /// publish a later message of an aggregate before an earlier one that is
    /// not committed yet. A transaction-scoped advisory lock per aggregate,
    /// taken in a fixed order just before the inserts, makes a second writer of
    /// the same aggregate wait for the first one's commit (and so get a larger
    /// id). Taking them last and sorted keeps batches from deadlocking on them.
    static func insertOutbox(_ messages: [OutgoingMessage], _ db: isolated PostgresConnection) throws {
        guard !messages.isEmpty else { return }
        let keys = Set(messages.map { aggregateLockKey($0.aggregateId) }).sorted()
        var start = messages.startIndex
        while start < messages.endIndex {
            let end = min(start + outboxRowsPerStatement, messages.endIndex)
            // The first statement takes the locks before any of its rows
            // draws an id: its one-row aggregate must be complete before the
            // join yields a row to insert.
            try insertOutbox(messages[start..<end], locking: start == messages.startIndex ? keys : [], db)
            start = end
        }
    }

    /// Rows per INSERT: 11 parameters each, far below the protocol's 65,535.
    static let outboxRowsPerStatement = 64

    private static func insertOutbox(
        _ rows: ArraySlice<OutgoingMessage>, locking keys: [Int64], _ db: isolated PostgresConnection
    ) throws {
        var binds: [any PostgresEncodable] = []
        binds.reserveCapacity(rows.count * 11 + 1)
        for message in rows {
            binds +=
                [
                    message.messageId, message.exchange, message.routingKey, message.aggregateId, message.messageType,
                    message.correlationId, message.causationId?.description ?? "", message.occurredAt, message.body,
                    message.trace?.traceparent ?? "", message.trace?.tracestate ?? "",
                ] as [any PostgresEncodable]
        }
        let locks: String
        if keys.isEmpty {
            locks = ""
        } else {
            binds.append(keys.map(String.init))
            locks = ", (SELECT count(pg_advisory_xact_lock(k)) FROM unnest($\(binds.count)::bigint[]) AS k) AS locks"
        }
        try db.enqueue(
            """
            INSERT INTO outbox (message_id, exchange, routing_key, aggregate_id, message_type, correlation_id, causation_id, occurred_at, body,
                traceparent, tracestate)
            SELECT v.* FROM (VALUES \(outboxValues.text[..<outboxValues.rowEnds[rows.count - 1]])) AS v\(locks)
            ON CONFLICT (message_id) DO NOTHING
            """,
            binds
        )
    }

    /// `($1::uuid, …, NULLIF($11, '')), ($12::uuid, …)` for the most rows a
    /// statement takes, and where each row ends: a statement's rows are a
    /// prefix of it, so the text is built once, not for every statement.
    private static let outboxValues: (text: String, rowEnds: [String.Index]) = {
        var text = ""
        var rowLengths: [Int] = []
        for row in 0..<outboxRowsPerStatement {
            let base = row * 11
            text +=
                (row == 0 ? "" : ", ")
                + "($\(base + 1)::uuid, $\(base + 2), $\(base + 3), $\(base + 4), $\(base + 5), $\(base + 6)::uuid, "
                + "NULLIF($\(base + 7), '')::uuid, $\(base + 8)::timestamptz, $\(base + 9), NULLIF($\(base + 10), ''), "
                + "NULLIF($\(base + 11), ''))"
            rowLengths.append(text.utf8.count)
        }
        // Indices of the finished text (those taken while appending need not stay valid).
        return (text, rowLengths.map { text.utf8.index(text.startIndex, offsetBy: $0) })
    }()

    /// FNV-1a of the aggregate id in a namespace of its own: collisions only
    /// make two aggregates wait for each other.
    static func aggregateLockKey(_ aggregateId: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "batbern-outbox:\(aggregateId)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }

    static func insertTimer(_ timer: ScheduledTimer, _ db: isolated PostgresConnection) throws {
        let message = timer.message
        try db.enqueue(
            """
            INSERT INTO timers (id, timer_key, due_at, exchange, routing_key, aggregate_id, message_type, correlation_id, causation_id, body,
                traceparent, tracestate)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULLIF($9, '')::uuid, $10, NULLIF($11, ''), NULLIF($12, ''))
            ON CONFLICT (id) DO NOTHING
            """,
            [
                message.messageId, timer.key, timer.dueAt, message.exchange, message.routingKey, message.aggregateId,
                message.messageType, message.correlationId, message.causationId?.description ?? "", message.body,
                message.trace?.traceparent ?? "", message.trace?.tracestate ?? "",
            ]
        )
    }

    static func cancelTimers(key: String, at now: Date, _ db: isolated PostgresConnection) throws {
        try db.enqueue(
            "UPDATE timers SET cancelled_at = $2 WHERE timer_key = $1 AND fired_at IS NULL AND cancelled_at IS NULL",
            [key, now]
        )
    }

    /// Takes handlers' lock keys as transaction advisory locks, sorted by
    /// their 64-bit hash so every transaction takes them in one order. The
    /// schema is part of the key: deployments sharing a database (the
    /// tests) do not wait for each other.
    static func lock(keys: Set<String>, _ db: isolated PostgresConnection) throws {
        try db.enqueue(
            """
            SELECT count(pg_advisory_xact_lock(h)) FROM (
                SELECT hashtextextended(current_schema() || ':' || k, 0) AS h FROM unnest($1::text[]) AS k ORDER BY 1
            ) AS keys
            """,
            [Array(keys)]
        )
    }

    /// Wakes relays (and schedulers) of this database once the transaction commits.
    static func notify(_ channel: String, _ db: isolated PostgresConnection) throws {
        try db.execute("SELECT pg_notify($1, '')", [channel])
    }
}

/// Due timers move to the outbox; the relay takes them from there.
enum TimerStore {
    /// Moves up to `limit` timers due at `now` into the outbox, marks them
    /// fired, and returns the messages. Rows locked by another scheduler are
    /// skipped, so several instances never fire a timer twice.
    static func fireDue(now: Date, limit: Int, notifyChannel: String, _ db: isolated PostgresConnection) throws -> [OutgoingMessage] {
        let rows = try db.query(
            """
            SELECT id, exchange, routing_key, aggregate_id, message_type, correlation_id, causation_id, due_at, body,
                   traceparent, tracestate
            FROM timers
            WHERE fired_at IS NULL AND cancelled_at IS NULL AND due_at <= $1
            ORDER BY due_at, id LIMIT $2 FOR UPDATE SKIP LOCKED
            """,
            [now, limit]
        )
        var fired: [OutgoingMessage] = []
        fired.reserveCapacity(rows.count)
        for row in rows {
            let message = OutgoingMessage(
                messageId: try row.decode(Identifier.self, column: "id"),
                exchange: try row.decode(String.self, column: "exchange"),
                routingKey: try row.decode(String.self, column: "routing_key"),
                aggregateId: try row.decode(String.self, column: "aggregate_id"),
                messageType: try row.decode(String.self, column: "message_type"),
                correlationId: try row.decode(Identifier.self, column: "correlation_id"),
                causationId: try row.decode(Identifier?.self, column: "causation_id"),
                occurredAt: try row.decode(Date.self, column: "due_at"),
                body: try row.decode(String.self, column: "body"),
                trace: try TraceParent(row)
            )
            fired.append(message)
        }
        try KernelStore.insertOutbox(fired, db)
        if !fired.isEmpty {
            try db.execute("UPDATE timers SET fired_at = $2 WHERE id = ANY($1::uuid[])", [fired.map { $0.messageId.description }, now])
        }
        if !fired.isEmpty { try KernelStore.notify(notifyChannel, db) }
        return fired
    }

    /// When the next pending timer is due, if any.
    static func nextDue(_ db: isolated PostgresConnection) throws -> Date? {
        try db.query("SELECT min(due_at) FROM timers WHERE fired_at IS NULL AND cancelled_at IS NULL")
            .first?.decode(Date?.self, at: 0)
    }
}
