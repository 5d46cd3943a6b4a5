import Foundation
import Messaging

extension WorkerFixture {
    /// Writes an outbox row as a handler's transaction would, and wakes the
    /// relay; returns the row's id.
    @discardableResult
    public func insertOutboxRow<P: Codable & Sendable>(
        exchange: String, routingKey: String, aggregateId: String, messageType: String, data: P
    ) async throws -> Int64 {
        let envelope = Envelope(
            aggregateId: aggregateId, aggregateType: "probe", eventType: messageType, occurredAt: Date(), data: data
        )
        let rows = try await query(
            """
            INSERT INTO outbox (message_id, exchange, routing_key, aggregate_id, message_type, correlation_id, occurred_at, body)
            VALUES ($1, $2, $3, $4, $5, $6, now(), $7) RETURNING id
            """,
            [
                envelope.id, exchange, routingKey, aggregateId, messageType, envelope.correlationId,
                String(decoding: try MessageCoding.encode(envelope), as: UTF8.self),
            ]
        )
        _ = try await query("SELECT pg_notify($1, '')", ["batbern_outbox_\(name)"])
        return try rows[0].decode(Int64.self, at: 0)
    }
}
