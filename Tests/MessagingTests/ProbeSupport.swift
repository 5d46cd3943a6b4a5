import AMQP
import Foundation
import Identifiers
import KernelProbe
import Messaging
import TestSupport
import Testing

/// What the consumer-path tests share: a probe worker of their own, raw
/// publishing with any properties, and reading what the worker answered and
/// parked.
enum ProbeSupport {
    /// A probe worker in a schema and queues of its own; not started.
    static func fixture(
        _ prefix: String, touchVersions: ClosedRange<Int> = 1...1, configure: (inout WorkerConfiguration) -> Void = { _ in }
    ) async throws -> WorkerFixture {
        let name = uniqueName(prefix).replacingOccurrences(of: "-", with: "")
        return try await WorkerFixture.make(
            KernelProbe.definition(name: name, touchVersions: touchVersions), context: "probe", configure: configure
        )
    }

    /// An envelope as JSON bytes, with every field under the caller's control.
    static func envelope(
        _ eventType: String, data: String, id: Identifier = Identifier(), aggregateId: String = "agg-1", version: Int = 1
    ) throws -> [UInt8] {
        let aggregate = String(decoding: try JSONEncoder().encode(aggregateId), as: UTF8.self)
        let lowercaseId = "\(id)".lowercased()
        return Array(
            """
            {"aggregateId":\(aggregate),"aggregateType":"probe","correlationId":"\(lowercaseId)","data":\(data),\
            "eventType":"\(eventType)","eventVersion":\(version),"id":"\(lowercaseId)","occurredAt":"2026-12-01T10:00:00.000Z"}
            """.utf8)
    }

    /// Publishes bytes as any client could, with the properties given.
    static func publish(
        _ client: TestClient, _ body: [UInt8], exchange: String = Exchanges.commands, routingKey: String,
        messageId: Identifier?, contentType: String? = "application/json", headers: AMQPTable = [:]
    ) async throws {
        try await client.channel.publish(
            body, exchange: exchange, routingKey: routingKey,
            properties: AMQPProperties(
                contentType: contentType, headers: headers, messageId: messageId.map { "\($0)".lowercased() }
            ),
            mandatory: true
        )
    }

    /// The CommandRejected rows the worker wrote, by the command they answer.
    static func answers(_ fixture: WorkerFixture) async throws -> [Identifier: [Envelope<CommandRejected>]] {
        let rows = try await fixture.query(
            "SELECT body FROM outbox WHERE routing_key = $1 ORDER BY id", ["\(fixture.name).CommandRejected"]
        )
        var answers: [Identifier: [Envelope<CommandRejected>]] = [:]
        for row in rows {
            let envelope = try MessageCoding.decode(
                Envelope<CommandRejected>.self, from: Array(try row.decode(String.self, at: 0).utf8)
            )
            answers[envelope.causationId ?? Identifier(), default: []].append(envelope)
        }
        return answers
    }

    /// Waits until `count` messages are parked and returns them (left in the queue).
    static func parked(_ fixture: WorkerFixture, _ client: TestClient, count: Int, timeout: Duration = .seconds(60)) async throws
        -> [ParkingLot.Entry]
    {
        let lot = ParkingLot(topology: fixture.topology)
        var entries: [ParkingLot.Entry] = []
        try await eventually("\(count) parked", timeout: timeout) {
            entries = try await lot.list(client.connection, limit: count + 10)
            return entries.count >= count
        }
        return entries
    }

    /// Messages waiting in a queue (not those delivered and unacked).
    static func depth(_ queue: String, _ client: TestClient) async throws -> UInt32 {
        let channel = try await client.connection.openChannel()
        let declared = try await channel.declareQueue(queue, options: QueueOptions(passive: true))
        try await channel.close()
        return declared.messageCount
    }

    /// The exit status once the process has ended (reaping it), else nil.
    static func exitStatus(_ process: WorkerProcess) -> Int32? {
        var status: Int32 = 0
        guard waitpid(process.pid, &status, WNOHANG) == process.pid else { return nil }
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
