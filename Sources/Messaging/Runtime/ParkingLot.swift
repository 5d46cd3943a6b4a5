public import AMQP
public import Foundation
import Retry

/// The parking queue of a worker: what is in it, and sending it back.
public struct ParkingLot: Sendable {
    /// A parked message as an operator sees it.
    public struct Entry: Sendable, Hashable {
        public let messageId: String?
        public let routingKey: String
        public let reason: String
        public let error: String
        public let attempts: Int
        public let parkedAt: String?
        public let body: [UInt8]
        /// Every AMQP property and header as parked, for a closer look.
        public let properties: AMQPProperties

        public init(
            messageId: String?, routingKey: String, reason: String, error: String, attempts: Int, parkedAt: String?, body: [UInt8],
            properties: AMQPProperties = AMQPProperties()
        ) {
            self.messageId = messageId
            self.routingKey = routingKey
            self.reason = reason
            self.error = error
            self.attempts = attempts
            self.parkedAt = parkedAt
            self.body = body
            self.properties = properties
        }
    }

    public let topology: Topology

    public init(topology: Topology) {
        self.topology = topology
    }

    /// Lists up to `limit` parked messages without removing them: each is
    /// taken with basic.get and given back with one explicit nack (requeue),
    /// in order. A quorum queue before RabbitMQ 4.3 counts that as a delivery
    /// (4.3 and later count only failed deliveries), which is why the parking
    /// queue's delivery limit is out of reach (see `Topology`). Needs read on
    /// the parking queue only.
    public func list(_ connection: AMQPConnection, limit: Int = 100) async throws -> [Entry] {
        let channel = try await connection.openChannel()
        var entries: [Entry] = []
        var last: UInt64?
        while entries.count < limit, let delivery = try await channel.get(queue: topology.parkingQueue) {
            entries.append(entry(delivery))
            last = delivery.deliveryTag
        }
        if let last { try await channel.nack(last, multiple: true, requeue: true) }
        try await channel.close()
        return entries
    }

    /// Sends parked messages back to the work queue with a fresh attempt count:
    /// the one with `messageId`, or all when it is nil, of those
    /// `shouldReplay` picks (a group: a reason and a message type). Returns how many.
    /// Each is republished (confirmed) before it leaves the parking queue, so
    /// a crash in between leaves it parked (and perhaps replayed: the inbox
    /// makes that copy a no-op).
    ///
    /// A message parked longer ago than `inboxRetention` (or at an unknown
    /// time) stays parked: the inbox may have forgotten that it was handled,
    /// so replaying it could apply it twice. The others are replayed, then
    /// `ReplayRefused` names the ones that stayed.
    @discardableResult
    public func replay(
        _ connection: AMQPConnection, messageId: String? = nil, where shouldReplay: (Entry) -> Bool = { _ in true },
        inboxRetention: Duration = OutboxRelay.Configuration().inboxRetention, now: Date = Date()
    ) async throws -> Int {
        let channel = try await connection.openChannel()
        try await channel.enableConfirms()
        var replayed = 0
        var kept: [UInt64] = []
        var refused: [ReplayRefused.Message] = []
        // Until the queue has nothing more to give: those kept stay unacked on
        // this channel until the end, and one the worker parks again at once
        // (bad input) is recognised and kept, so each is replayed once.
        var seen = Set<Int>()
        while let delivery = try await channel.get(queue: topology.parkingQueue) {
            var identity = Hasher()
            identity.combine(delivery.properties.messageId)
            identity.combine(delivery.body)
            guard seen.insert(identity.finalize()).inserted,
                messageId == nil || delivery.properties.messageId == messageId, shouldReplay(entry(delivery))
            else {
                kept.append(delivery.deliveryTag)
                continue
            }
            let parkedAt = delivery.properties.headers[KernelHeaders.parkedAt]?.stringValue
            guard Self.replayable(parkedAt: parkedAt, inboxRetention: inboxRetention, now: now) else {
                refused.append(ReplayRefused.Message(messageId: delivery.properties.messageId, parkedAt: parkedAt))
                kept.append(delivery.deliveryTag)
                continue
            }
            var properties = delivery.properties
            // A count from a header is clamped before it is added to.
            let replays = min(max(0, properties.headers[KernelHeaders.replays]?.intValue ?? 0), KernelHeaders.attemptCeiling) + 1
            for header in [KernelHeaders.attempt, KernelHeaders.parkReason, KernelHeaders.error, KernelHeaders.parkedAt, KernelHeaders.deliveryCount]
            {
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
        guard refused.isEmpty else {
            throw ReplayRefused(messages: refused, inboxRetention: inboxRetention, replayed: replayed)
        }
        return replayed
    }

    /// Whether a message parked at `parkedAt` may be replayed: only while the
    /// inbox still remembers everything handled before it was parked.
    public static func replayable(parkedAt: String?, inboxRetention: Duration, now: Date) -> Bool {
        guard let parkedAt, let date = MessageCoding.parseTimestamp(parkedAt) else { return false }
        return now.timeIntervalSince(date) < inboxRetention.seconds
    }

    func entry(_ delivery: AMQPDelivery) -> Entry {
        let headers = delivery.properties.headers
        // A quorum queue's delivery count grows with every look (`list`
        // gives each message back): it says nothing about the message.
        var properties = delivery.properties
        properties.headers["x-delivery-count"] = nil
        return Entry(
            messageId: delivery.properties.messageId,
            routingKey: headers[KernelHeaders.routingKey]?.stringValue ?? delivery.routingKey,
            reason: headers[KernelHeaders.parkReason]?.stringValue ?? "unknown",
            error: headers[KernelHeaders.error]?.stringValue ?? "",
            attempts: headers[KernelHeaders.attempt]?.intValue ?? 0,
            parkedAt: headers[KernelHeaders.parkedAt]?.stringValue,
            body: delivery.body, properties: properties
        )
    }
}
