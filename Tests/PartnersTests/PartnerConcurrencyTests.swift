import Foundation
import Identifiers
import Messaging
import Partners
import Postgres
import TestSupport
import Testing

/// Two workers' connections handling messages of the same companies at the
/// same moment: a fact racing its partnership's start, or its attendee's
/// link, must never be missed.
@Suite("Partners handlers under concurrency")
struct PartnerConcurrencyTests {
    typealias Delivery = (routingKey: String, body: [UInt8])

    static func delivery<P: Codable & Sendable>(_ key: MessageKey, _ data: P) throws -> Delivery {
        let envelope = Envelope(aggregateId: Identifier().description, aggregateType: "", eventType: key.name, occurredAt: Date(), data: data)
        return (key.routingKey, try MessageCoding.encode(envelope))
    }

    /// Handles the deliveries one by one on `db`, retrying a transaction the
    /// database aborted (deadlock, serialization), as the consumer would.
    static func run(_ deliveries: [Delivery], _ processor: MessageProcessor, on db: PostgresConnection) async throws {
        for delivery in deliveries {
            let prepared = processor.prepare(IncomingDelivery(body: delivery.body, routingKey: delivery.routingKey))
            while true {
                do {
                    let outcome = try await processor.process([prepared], now: Date(), on: db)[0]
                    if case .failed(let error) = outcome { Issue.record("\(delivery.routingKey) failed: \(error)") }
                    break
                } catch let error as PostgresError where error.isSerializationFailure {
                    continue
                }
            }
        }
    }

    /// The mechanism the race test relies on: a fact handler waits for the
    /// context's lock (held here by another transaction, as a concurrent
    /// StartPartnership would), and counts the fact after.
    @Test func aFactWaitsForTheContextsLock() async throws {
        try await PartnerHandlerTests.withHarness { h in
            var configuration = try PostgresConnection.Configuration(url: TestServers.postgresURL)
            configuration.searchPath = h.schema
            let holder = try await PostgresConnection.connect(configuration)
            let worker = try await PostgresConnection.connect(configuration)
            let workerPid = try await worker.query("SELECT pg_backend_pid() AS pid")[0].decode(Int32.self, column: "pid")
            let company = Identifier()
            try await PartnerHandlerTests.companyCreated(h, company)
            let partner = try PartnerHandlerTests.partnerId(try await PartnerHandlerTests.start(h, company))

            try await holder.execute("BEGIN")
            try await holder.query("SELECT pg_advisory_xact_lock(hashtextextended('partners:' || current_schema(), 0))")
            let fact = try Self.delivery(
                .event("AttendanceRecorded", from: "attendees"),
                AttendanceRecorded(registrationId: Identifier(), eventId: Identifier(), attendeeId: Identifier(), companyId: company)
            )
            let handling = Task { try await Self.run([fact], h.processor, on: worker) }
            try await eventually("the fact handler waiting for the context's lock") {
                let waiting = try await h.query(
                    "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND pid = $1", [workerPid]
                )
                return try waiting[0].decode(Int.self, column: "n") == 1
            }
            #expect(try await PartnerHandlerTests.storedRows(h, partner).isEmpty)
            try await holder.execute("COMMIT")
            try await handling.value
            #expect(try await PartnerHandlerTests.storedRows(h, partner)[nil]?.totalEmployeeAttendance == 1)
            await holder.close()
            await worker.close()
        }
    }

    /// A stress run of the races (it passes by luck without the locks too;
    /// the test above shows the locks are taken).
    @Test func factsRacingThePartnershipOrTheLinkAreCounted() async throws {
        try await PartnerHandlerTests.withHarness { h in
            var configuration = try PostgresConnection.Configuration(url: TestServers.postgresURL)
            configuration.searchPath = h.schema
            let first = try await PostgresConnection.connect(configuration)
            let second = try await PostgresConnection.connect(configuration)
            let companies = (0..<40).map { _ in Identifier() }
            for company in companies { try await PartnerHandlerTests.companyCreated(h, company) }

            // Round 1: StartPartnership on one connection while the first
            // attendance of an employee (naming the company) lands on the other.
            let starts = try companies.map {
                try Self.delivery(
                    .command("StartPartnership", to: "partners"),
                    StartPartnership(companyId: $0, partnershipLevel: "gold", partnershipStartDate: "2025-01-01"))
            }
            let firstFacts = try companies.map {
                try Self.delivery(
                    .event("AttendanceRecorded", from: "attendees"),
                    AttendanceRecorded(registrationId: Identifier(), eventId: Identifier(), attendeeId: Identifier(), companyId: $0))
            }
            async let a: Void = Self.run(starts, h.processor, on: first)
            async let b: Void = Self.run(firstFacts, h.processor, on: second)
            _ = try await (a, b)

            // Round 2: an attendance naming no company while the attendee's
            // AttendeeRegistered (with the company) lands on the other connection.
            let attendees = companies.map { ($0, Identifier()) }
            let links = try attendees.map {
                try Self.delivery(.event("AttendeeRegistered", from: "attendees"), AttendeeRegistered(attendeeId: $0.1, companyId: $0.0))
            }
            let secondFacts = try attendees.map {
                try Self.delivery(
                    .event("AttendanceRecorded", from: "attendees"),
                    AttendanceRecorded(registrationId: Identifier(), eventId: Identifier(), attendeeId: $0.1, companyId: nil))
            }
            async let c: Void = Self.run(links, h.processor, on: first)
            async let d: Void = Self.run(secondFacts, h.processor, on: second)
            _ = try await (c, d)
            await first.close()
            await second.close()

            let totals = try await h.query(
                """
                SELECT p.company_id, a.total_employee_attendance FROM partners p
                LEFT JOIN partner_analytics a ON a.partner_id = p.id AND a.event_id IS NULL
                """
            )
            #expect(totals.count == companies.count)
            for row in totals {
                let company = try row.decode(Identifier.self, column: "company_id")
                #expect(try row.decode(Int?.self, column: "total_employee_attendance") == 2, "company \(company)")
            }
        }
    }
}
