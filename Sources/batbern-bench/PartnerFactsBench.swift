import Foundation
import Identifiers
import Messaging
import Partners
import Postgres

/// Partners' facts of different companies handled by one lane and by two, on
/// the production processor against the real database (no broker: what is
/// measured is how far the per-company keys let lanes run side by side).
struct PartnerFactsBench {
    let databaseURL: String
    let companies: Int
    let facts: Int
    let batchSize: Int

    func run() async throws {
        for lanes in [1, 2, 1, 2] {
            let rate = try await measure(lanes: lanes)
            print(String(format: "partners facts, %d lane(s), batch %d, %d companies: %.0f facts/s", lanes, batchSize, companies, rate))
        }
    }

    /// Facts per second with `lanes` connections taking batches from one queue.
    private func measure(lanes: Int) async throws -> Double {
        let schema = "benchfacts\(UInt32.random(in: 0...UInt32.max))"
        var configuration = try PostgresConnection.Configuration(url: databaseURL)
        let setup = try await PostgresConnection.connect(configuration)
        try await setup.runScript("CREATE SCHEMA \(schema)")
        configuration.searchPath = schema
        do {
            let rate = try await measure(lanes: lanes, configuration)
            try await setup.runScript("DROP SCHEMA \(schema) CASCADE")
            await setup.close()
            return rate
        } catch {
            try? await setup.runScript("DROP SCHEMA \(schema) CASCADE")
            await setup.close()
            throw error
        }
    }

    private func measure(lanes: Int, _ configuration: PostgresConnection.Configuration) async throws -> Double {
        let first = try await PostgresConnection.connect(configuration)
        try await Migrator(directories: [URL(fileURLWithPath: "schemas/messaging"), URL(fileURLWithPath: "schemas/partners")]).migrate(first)
        let processor = MessageProcessor(definition: PartnersWorker.definition(), notifyChannel: "benchfacts")
        let ids = (0..<companies).map { _ in Identifier() }
        for id in ids {
            _ = try await processor.process(
                [
                    try prepared(
                        processor, .event("CompanyCreated", from: "companies"), CompanyCreatedNotice(companyId: id, name: "Acme", employeeCount: 40))
                ],
                now: Date(), on: first
            )
            _ = try await processor.process(
                [
                    try prepared(
                        processor, .command("StartPartnership", to: "partners"),
                        StartPartnership(companyId: id, partnershipLevel: "gold", partnershipStartDate: "2025-01-01"))
                ],
                now: Date(), on: first
            )
        }
        // Each batch names companies of its own half, as two lanes would see
        // them from a queue of facts about many companies.
        let all = try (0..<facts).map { n in
            try prepared(
                processor, .event("AttendanceRecorded", from: "attendees"),
                AttendanceRecorded(registrationId: Identifier(), eventId: Identifier(), attendeeId: Identifier(), companyId: ids[n % companies])
            )
        }
        let batches = stride(from: 0, to: all.count, by: batchSize).map { Array(all[$0..<min($0 + batchSize, all.count)]) }
        var connections = [first]
        for _ in 1..<lanes { connections.append(try await PostgresConnection.connect(configuration)) }
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (lane, connection) in connections.enumerated() {
                let mine = batches.enumerated().filter { $0.offset % lanes == lane }.map(\.element)
                group.addTask {
                    for batch in mine {
                        while true {
                            do {
                                _ = try await processor.process(batch, now: Date(), on: connection)
                                break
                            } catch let error as PostgresError where error.isTransient {
                                continue
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = ContinuousClock.now - started
        for connection in connections { await connection.close() }
        return Double(facts) / elapsed.seconds
    }

    private func prepared<P: Codable & Sendable>(_ processor: MessageProcessor, _ key: MessageKey, _ data: P) throws -> MessageProcessor.Prepared {
        let envelope = Envelope(aggregateId: Identifier().description, aggregateType: "", eventType: key.name, occurredAt: Date(), data: data)
        return processor.prepare(IncomingDelivery(body: try MessageCoding.encode(envelope), routingKey: key.routingKey))
    }
}
