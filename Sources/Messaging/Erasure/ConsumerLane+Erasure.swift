import AMQP
import Logging
import Postgres

extension ConsumerLane {
    /// Drops every delivery that came back through the kernel exchange (a
    /// retry or a replay) and mentions a needle of an erasure request still
    /// kept: it names someone being erased, and handling it would bring the
    /// data back. Each is acked and logged by id and type, never its body.
    /// Returns the rest; nil if the worker stopped while the database was away.
    func droppingErased(
        _ batch: [AMQPDelivery], deliveries: AMQPChannel, database: inout PostgresConnection
    ) async throws -> [AMQPDelivery]? {
        let topology = service.topology
        // Fresh messages are never dropped: a new registration after an erasure is a new person.
        guard batch.contains(where: { $0.exchange == topology.kernelExchange }) else { return batch }
        guard let needles = try await withDatabase(&database, { try await ErasureStore.needles($0) }) else { return nil }
        guard !needles.isEmpty else { return batch }
        var kept: [AMQPDelivery] = []
        for delivery in batch {
            guard delivery.exchange == topology.kernelExchange, needles.isMentioned(in: delivery.body) else {
                kept.append(delivery)
                continue
            }
            try await deliveries.ack(delivery.deliveryTag)
            service.metrics.erased.increment()
            logger.notice("dropped a message back from retry that mentions erased data", metadata: [
                "message_id": "\(delivery.properties.messageId ?? "-")",
                "message_type": "\(delivery.incoming(trusting: topology).routingKey)",
            ])
        }
        return kept
    }
}
