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

    /// The lock key of a company as the kernel takes it (`KernelStore.lock`).
    static let companyKeySQL = "SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ':company:' || $1, 0))"

    /// The mechanism the race test relies on: a fact handler waits for its
    /// company's key (held here by another transaction, as a concurrent
    /// StartPartnership would), and counts the fact after; a fact of another
    /// company meanwhile goes through without waiting.
    @Test func aFactWaitsForItsCompanysKeyAndOnlyForIt() async throws {
        try await PartnerHandlerTests.withHarness { h in
            var configuration = try PostgresConnection.Configuration(url: TestServers.postgresURL)
            configuration.searchPath = h.schema
            let holder = try await PostgresConnection.connect(configuration)
            let worker = try await PostgresConnection.connect(configuration)
            let other = try await PostgresConnection.connect(configuration)
            let workerPid = try await worker.query("SELECT pg_backend_pid() AS pid")[0].decode(Int32.self, column: "pid")
            let company = Identifier()
            let otherCompany = Identifier()
            try await PartnerHandlerTests.companyCreated(h, company)
            try await PartnerHandlerTests.companyCreated(h, otherCompany)
            let partner = try PartnerHandlerTests.partnerId(try await PartnerHandlerTests.start(h, company))
            let otherPartner = try PartnerHandlerTests.partnerId(try await PartnerHandlerTests.start(h, otherCompany))

            try await holder.execute("BEGIN")
            try await holder.query(Self.companyKeySQL, [company.description])
            func fact(_ company: Identifier) throws -> Delivery {
                try Self.delivery(
                    .event("AttendanceRecorded", from: "attendees"),
                    AttendanceRecorded(registrationId: Identifier(), eventId: Identifier(), attendeeId: Identifier(), companyId: company)
                )
            }
            let handling = Task { try await Self.run([try fact(company)], h.processor, on: worker) }
            try await eventually("the fact handler waiting for its company's key") {
                let waiting = try await h.query(
                    "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND pid = $1", [workerPid]
                )
                return try waiting[0].decode(Int.self, column: "n") == 1
            }
            try await Self.run([try fact(otherCompany)], h.processor, on: other)
            #expect(
                try await PartnerHandlerTests.storedRows(h, otherPartner)[nil]?.totalEmployeeAttendance == 1, "another company's fact went through")
            #expect(try await PartnerHandlerTests.storedRows(h, partner).isEmpty)
            try await holder.execute("COMMIT")
            try await handling.value
            #expect(try await PartnerHandlerTests.storedRows(h, partner)[nil]?.totalEmployeeAttendance == 1)
            await holder.close()
            await worker.close()
            await other.close()
        }
    }

    /// Two batches naming the same companies in opposite orders, each in one
    /// transaction on its own connection: the kernel takes each batch's keys
    /// at once in one order, so neither deadlocks (per-message locks taken in
    /// message order would, and PostgreSQL would abort one of them).
    @Test func batchesNamingTheSameCompaniesInOppositeOrdersNeverDeadlock() async throws {
        try await PartnerHandlerTests.withHarness { h in
            var configuration = try PostgresConnection.Configuration(url: TestServers.postgresURL)
            configuration.searchPath = h.schema
            let first = try await PostgresConnection.connect(configuration)
            let second = try await PostgresConnection.connect(configuration)
            let companies = (0..<20).map { _ in Identifier() }
            for company in companies {
                try await PartnerHandlerTests.companyCreated(h, company)
                _ = try await PartnerHandlerTests.start(h, company)
            }
            func batch(_ order: [Identifier]) throws -> [MessageProcessor.Prepared] {
                try order.map { company in
                    let fact = try Self.delivery(
                        .event("AttendanceRecorded", from: "attendees"),
                        AttendanceRecorded(registrationId: Identifier(), eventId: Identifier(), attendeeId: Identifier(), companyId: company)
                    )
                    return h.processor.prepare(IncomingDelivery(body: fact.body, routingKey: fact.routingKey))
                }
            }
            for _ in 0..<5 {
                async let a = h.processor.process(try batch(companies), now: Date(), on: first)
                async let b = h.processor.process(try batch(companies.reversed()), now: Date(), on: second)
                let (one, other) = try await (a, b)
                for outcome in one + other {
                    guard case .handled = outcome else {
                        Issue.record("not handled: \(outcome)")
                        continue
                    }
                }
            }
            let attended = try await h.query(
                "SELECT sum(total_employee_attendance)::int AS n FROM partner_analytics WHERE event_id IS NULL"
            )[0].decode(Int.self, column: "n")
            #expect(attended == 200, "every fact counted once")
            await first.close()
            await second.close()
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
