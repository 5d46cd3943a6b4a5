import Foundation
import Identifiers
import Postgres

/// SQL of the erasure requests (schemas/messaging/004_erasure_requests.sql).
enum ErasureStore {
    /// A request the sweep must act on now.
    struct Due: Sendable {
        let id: Identifier
        let reason: String
        let needles: ErasureNeedles
        /// Its window has passed: after this sweep its row is deleted.
        let expired: Bool
    }

    /// Written in the handler's transaction, so a request exists exactly
    /// when its handler's effects do.
    static func insert(_ requests: [ErasureRequest], now: Date, activeUntil: Date, _ db: isolated PostgresConnection) throws {
        for request in requests {
            try db.execute(
                """
                INSERT INTO erasure_requests (id, needles, routing_keys, reason, requested_at, active_until)
                VALUES ($1, $2, $3, $4, $5, $6)
                """,
                [Identifier(), request.needles, request.routingKeys, request.reason, now, activeUntil]
            )
        }
    }

    /// Every request still kept: what a message coming back from a retry
    /// queue must not be.
    static func kept(_ db: isolated PostgresConnection) throws -> [ErasureNeedles] {
        try db.query("SELECT needles, routing_keys FROM erasure_requests").map { row in
            ErasureNeedles(try row.decode([String].self, at: 0), routingKeys: try row.decode([String]?.self, at: 1))
        }
    }

    /// Requests not swept yet, and those whose window has passed (their final sweep).
    static func due(now: Date, _ db: isolated PostgresConnection) throws -> [Due] {
        try db.query(
            """
            SELECT id, reason, needles, routing_keys, active_until <= $1 FROM erasure_requests
            WHERE swept_at IS NULL OR active_until <= $1 ORDER BY requested_at, id
            """,
            [now]
        ).map { row in
            Due(
                id: try row.decode(Identifier.self, at: 0), reason: try row.decode(String.self, at: 1),
                needles: ErasureNeedles(try row.decode([String].self, at: 2), routingKeys: try row.decode([String]?.self, at: 3)),
                expired: try row.decode(Bool.self, at: 4)
            )
        }
    }

    /// After a sweep: requests in their window are marked swept, the others
    /// deleted with their needles.
    static func settle(_ swept: [Due], at now: Date, _ db: isolated PostgresConnection) throws {
        let expired = swept.filter(\.expired).map(\.id.description)
        let active = swept.filter { !$0.expired }.map(\.id.description)
        if !expired.isEmpty { try db.execute("DELETE FROM erasure_requests WHERE id = ANY($1::uuid[])", [expired]) }
        if !active.isEmpty { try db.execute("UPDATE erasure_requests SET swept_at = $2 WHERE id = ANY($1::uuid[])", [active, now]) }
    }

    /// When the next window ends, if a request is kept.
    static func nextWindowEnd(_ db: isolated PostgresConnection) throws -> Date? {
        try db.query("SELECT min(active_until) FROM erasure_requests").first?.decode(Date?.self, at: 0)
    }

    /// One sweeper at a time per worker and database (replicas share the
    /// parking queue: two sweeping at once would each hide messages from
    /// the other). A session lock: it goes with a lost connection.
    static func tryLock(worker: String, _ db: isolated PostgresConnection) throws -> Bool {
        try db.query("SELECT pg_try_advisory_lock(\(lockKey))", [worker])[0].decode(Bool.self, at: 0)
    }

    static func unlock(worker: String, _ db: isolated PostgresConnection) throws {
        _ = try db.query("SELECT pg_advisory_unlock(\(lockKey))", [worker])
    }

    private static let lockKey = "hashtextextended('batbern-erasure-sweep:' || coalesce(current_schema(), '') || ':' || $1, 0)"
}
