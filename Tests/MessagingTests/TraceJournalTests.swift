import AMQP
import Foundation
import Identifiers
import KernelProbe
import Messaging
import TestSupport
import Testing

/// What the kernel keeps for `batbern trace`: the inbox's correlation and
/// causation, and a journal line per retried attempt and per parked message.
@Suite struct TraceJournalTests {
    private func withProbe<T: Sendable>(_ body: (WorkerFixture, TestClient) async throws -> T) async throws -> T {
        let name = uniqueName("tj").replacingOccurrences(of: "-", with: "")
        return try await WorkerFixture.with(KernelProbe.definition(name: name), context: "probe") { fixture in
            let client = try await TestClient.connect()
            do {
                let result = try await body(fixture, client)
                await client.close()
                return result
            } catch {
                await client.close()
                throw error
            }
        }
    }

    @Test func theInboxKeepsTheCorrelationAndCausationOfWhatItApplied() async throws {
        try await withProbe { fixture, client in
            let (id, correlation, cause) = (Identifier(), Identifier(), Identifier())
            let body = """
                {"aggregateId":"agg-1","aggregateType":"probe","correlationId":"\(correlation)","causationId":"\(cause)",\
                "data":{"n":1},"eventType":"Touch","eventVersion":1,"id":"\(id)","occurredAt":"2026-12-01T10:00:00.000Z"}
                """
            try await client.sendRaw(Array(body.utf8), key: .command("Touch", to: fixture.name), messageId: id.description)
            try await eventually("handled") { try await fixture.count("SELECT count(*) FROM probe_effects") == 1 }
            let row = try #require(
                try await fixture.query("SELECT correlation_id, causation_id, handler FROM inbox WHERE message_id = $1", [id]).first)
            #expect(try row.decode(Identifier.self, at: 0) == correlation)
            #expect(try row.decode(Identifier?.self, at: 1) == cause)
            #expect(try row.decode(String.self, at: 2) == "\(fixture.name).Touch")
        }
    }

    @Test func eachRetriedAttemptAndTheParkingAreJournaledWithTheirReason() async throws {
        try await withProbe { fixture, client in
            let correlation = Identifier()
            let id = try await client.send(.command("Explode", to: fixture.name), data: KernelProbe.Touch(n: 5), correlationId: correlation)
            try await eventually("parked and journaled") {
                try await fixture.count("SELECT count(*) FROM failures WHERE outcome = 'parked'") == 1
            }
            let rows = try await fixture.query(
                "SELECT message_id, message_type, correlation_id, outcome, reason, attempt FROM failures ORDER BY id")
            #expect(try rows.map { try $0.decode(Identifier.self, at: 0) } == [id, id, id])
            #expect(try rows.map { try $0.decode(String.self, at: 1) } == Array(repeating: "\(fixture.name).Explode", count: 3))
            #expect(try rows.map { try $0.decode(Identifier.self, at: 2) } == [correlation, correlation, correlation])
            #expect(try rows.map { try $0.decode(String.self, at: 3) } == ["retried", "retried", "parked"])
            #expect(try rows.map { try $0.decode(Int.self, at: 5) } == [1, 2, 3])
            #expect(try rows.allSatisfy { try $0.decode(String.self, at: 4).contains("probe 5 exploded as asked") })
        }
    }

    @Test func aMessageParkedBeforeItsHandlerRanIsJournaledWhenItsEnvelopeCouldBeRead() async throws {
        try await withProbe { fixture, client in
            try await client.sendRaw(Array("{\"id\": oops".utf8), key: .command("Touch", to: fixture.name), messageId: "malformed")
            let id = try await client.send(.command("Touch", to: fixture.name), data: KernelProbe.Touch(n: 1), version: 9)
            _ = try await ProbeSupport.parked(fixture, client, count: 2)
            try await eventually("journaled") { try await fixture.count("SELECT count(*) FROM failures") == 1 }
            let row = try #require(try await fixture.query("SELECT message_id, outcome, reason FROM failures").first)
            #expect(try row.decode(Identifier.self, at: 0) == id)
            #expect(try row.decode(String.self, at: 1) == "parked")
            #expect(try row.decode(String.self, at: 2).hasPrefix("unsupported_version"))
        }
    }
}
