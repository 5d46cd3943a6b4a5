public import AMQP
public import Foundation

/// The parking queue of a worker: what is in it, and sending it back.
public struct ParkingLot: Sendable {
    /// A parked message as an operator sees it.
    public struct Entry: Sendable {
        public let messageId: String?
        public let routingKey: String
        public let reason: String
        public let error: String
        public let attempts: Int
        public let parkedAt: String?
        public let body: [UInt8]
    }

    public let topology: Topology

    public init(topology: Topology) {
        self.topology = topology
    }

    /// Lists up to `limit` parked messages without removing them.
    public func list(_ connection: AMQPConnection, limit: Int = 100) async throws -> [Entry] {
        let channel = try await connection.openChannel()
        var entries: [Entry] = []
        while entries.count < limit, let delivery = try await channel.get(queue: topology.parkingQueue) {
            entries.append(entry(delivery))
        }
        // Closing without acking puts them all back.
        try await channel.close()
        return entries
    }

    /// Sends parked messages back to the work queue with a fresh attempt count:
    /// the one with `messageId`, or all when it is nil. Returns how many.
    /// Each is republished (confirmed) before it leaves the parking queue.
    @discardableResult
    public func replay(_ connection: AMQPConnection, messageId: String? = nil) async throws -> Int {
        let channel = try await connection.openChannel()
        try await channel.enableConfirms()
        let declared = try await channel.declareQueue(topology.parkingQueue, options: QueueOptions(passive: true))
        var replayed = 0
        var kept: [UInt64] = []
        for _ in 0..<declared.messageCount {
            guard let delivery = try await channel.get(queue: topology.parkingQueue) else { break }
            guard messageId == nil || delivery.properties.messageId == messageId else {
                kept.append(delivery.deliveryTag)
                continue
            }
            var properties = delivery.properties
            let replays = (properties.headers[KernelHeaders.replays]?.intValue ?? 0) + 1
            for header in [KernelHeaders.attempt, KernelHeaders.parkReason, KernelHeaders.error, KernelHeaders.parkedAt, KernelHeaders.deliveryCount] {
                properties.headers[header] = nil
            }
            properties.headers[KernelHeaders.replays] = .int64(Int64(replays))
            if properties.headers[KernelHeaders.routingKey] == nil {
                properties.headers[KernelHeaders.routingKey] = .string(delivery.routingKey)
            }
            try await channel.publish(
                delivery.body, exchange: topology.kernelExchange, routingKey: Topology.requeueRoute, properties: properties,
                mandatory: true
            )
            try await channel.ack(delivery.deliveryTag)
            replayed += 1
        }
        for tag in kept { try await channel.nack(tag, requeue: true) }
        try await channel.close()
        return replayed
    }

    private func entry(_ delivery: AMQPDelivery) -> Entry {
        let headers = delivery.properties.headers
        return Entry(
            messageId: delivery.properties.messageId,
            routingKey: headers[KernelHeaders.routingKey]?.stringValue ?? delivery.routingKey,
            reason: headers[KernelHeaders.parkReason]?.stringValue ?? "unknown",
            error: headers[KernelHeaders.error]?.stringValue ?? "",
            attempts: headers[KernelHeaders.attempt]?.intValue ?? 0,
            parkedAt: headers[KernelHeaders.parkedAt]?.stringValue,
            body: delivery.body
        )
    }
}
