import AMQP
import Foundation
import Postgres

extension ErasureSweeper {
    /// Sweeps for the requests due, settles them, and returns how long to
    /// wait before looking again (a NOTIFY may end the wait sooner).
    func pass(_ db: PostgresConnection) async throws -> Duration {
        let worker = topology.worker
        // Another replica is sweeping: look again shortly.
        guard try await ErasureStore.tryLock(worker: worker, db) else { return configuration.reconnect.initial }
        do {
            let now = clock()
            let due = try await ErasureStore.due(now: now, db)
            if !due.isEmpty {
                let removed = try await sweep(due, db)
                try await db.transaction { db in try ErasureStore.settle(due, at: now, db) }
                logger.info(
                    "erasure sweep of the parking queue done",
                    metadata: [
                        "erasure_requests": "\(due.count)", "removed": "\(removed)",
                        "deleted_requests": "\(due.filter(\.expired).count)",
                    ])
            }
            let windowEnd = try await ErasureStore.nextWindowEnd(db)
            try await ErasureStore.unlock(worker: worker, db)
            guard let windowEnd else { return configuration.pollInterval }
            let wait = Duration.milliseconds(max(0, Int64(windowEnd.timeIntervalSince(clock()) * 1000)))
            return min(wait, configuration.pollInterval)
        } catch {
            try? await ErasureStore.unlock(worker: worker, db)
            throw error
        }
    }

    /// Removes the parked messages that mention a needle of `due`, each
    /// command answered first (committed before the acks: a crash in
    /// between answers nothing twice). Logs each by id, type and park
    /// reason, never its body. Returns how many.
    private func sweep(_ due: [ErasureStore.Due], _ db: PostgresConnection) async throws -> Int {
        let connection = try await AMQPConnection.connect(amqp, logger: logger)
        do {
            var matched: [String] = []
            let removed = try await ParkingLot(topology: topology).remove(connection) { entry in
                guard let request = due.first(where: { $0.needles.names(routingKey: entry.routingKey, body: entry.body) }) else { return false }
                matched.append(request.reason)
                return true
            } beforeRemoving: { entries in
                let dropped = entries.map { entry in
                    let delivery = IncomingDelivery(body: entry.body, routingKey: entry.routingKey, messageId: entry.messageId)
                    return processor.dropping(processor.prepare(delivery), delivery: delivery)
                }
                _ = try await processor.process(dropped, now: clock(), on: db)
            }
            await connection.close()
            for (entry, reason) in zip(removed, matched) {
                metrics.erased.increment()
                logger.notice(
                    "removed a parked message that mentions erased data",
                    metadata: [
                        "message_id": "\(entry.messageId ?? "-")", "message_type": "\(entry.routingKey)",
                        "park_reason": "\(entry.reason)", "erasure_reason": "\(reason)",
                    ])
            }
            return removed.count
        } catch {
            await connection.close()
            throw error
        }
    }
}
