import AMQP
import Postgres

extension ConsumerLane {
    /// The deliveries of `batch` to drop: those that came back through the
    /// kernel exchange (a retry or a replay) and that an erasure request
    /// still kept names. They name someone being erased, and handling them
    /// would bring the data back. Fresh messages are never dropped: a
    /// registration after an erasure is a new person. Nil if the worker
    /// stopped while the database was away.
    func mentioningErasedData(
        _ batch: [AMQPDelivery], _ incoming: [IncomingDelivery], database: inout PostgresConnection
    ) async throws -> Set<Int>? {
        let kernelExchange = service.topology.kernelExchange
        let returning = batch.indices.filter { batch[$0].exchange == kernelExchange }
        guard !returning.isEmpty else { return [] }
        guard let requests = try await withDatabase(&database, { try await ErasureStore.kept($0) }) else { return nil }
        return Set(
            returning.filter { index in
                requests.contains { $0.names(routingKey: incoming[index].routingKey, body: batch[index].body) }
            })
    }
}
