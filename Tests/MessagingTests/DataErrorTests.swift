import AMQP
import Foundation
import Identifiers
import KernelProbe
import Messaging
import TestSupport
import Testing

/// Data a table cannot store (PostgreSQL classes 22 and 23) is refused at
/// once: retrying cannot make it fit.
@Suite struct DataErrorTests {
    @Test func aCommandWhoseDataDoesNotFitIsRejectedAtOnceWithoutEchoingIt() async throws {
        let fixture = try await ProbeSupport.fixture("kdata")
        try await fixture.start()
        let client = try await TestClient.connect()
        let tooLong = try await client.send(.command("Store", to: fixture.name), data: KernelProbe.Store(n: 1, code: "toolong-secret"))
        let banned = try await client.send(.command("Store", to: fixture.name), data: KernelProbe.Store(n: 2, code: "banned"))
        let fine = try await client.send(.command("Store", to: fixture.name), data: KernelProbe.Store(n: 3, code: "fine"))
        var answers: [Identifier: [Envelope<CommandRejected>]] = [:]
        try await eventually("both answered") {
            answers = try await ProbeSupport.answers(fixture)
            return answers[tooLong] != nil && answers[banned] != nil
        }
        let first = try #require(answers[tooLong]?.first)
        #expect(answers[tooLong]?.count == 1)
        #expect(first.data.reason == "invalid_data")
        #expect(first.data.commandType == "Store")
        #expect(first.data.message.contains("22001"), "names the SQLSTATE: \(first.data.message)")
        #expect(!first.data.message.contains("toolong"), "never the value")
        let second = try #require(answers[banned]?.first)
        #expect(second.data.reason == "invalid_data")
        #expect(second.data.message.contains("23514"), "names the SQLSTATE: \(second.data.message)")
        #expect(second.data.message.contains("probe_codes_code_check"), "names the constraint: \(second.data.message)")
        #expect(!second.data.message.contains("banned"), "never the value")
        try await eventually("the good one stored") { try await fixture.count("SELECT count(*) FROM probe_codes") == 1 }
        #expect(answers[fine] == nil)
        #expect(fixture.metric("batbern_messages_retried_total") == 0, "no retries")
        #expect(fixture.metric("batbern_messages_parked_total") == 0, "answered, not parked")
        await client.close()
        try await fixture.tearDown()
    }

    @Test func anEventWhoseDataDoesNotFitIsParkedAtOnce() async throws {
        let fixture = try await ProbeSupport.fixture("kdataev")
        try await fixture.start()
        let client = try await TestClient.connect()
        let id = try await client.send(.event("Observed", from: "\(fixture.name)-outside"), data: KernelProbe.Store(n: 1, code: "toolong-secret"))
        let entries = try await ProbeSupport.parked(fixture, client, count: 1, timeout: .seconds(10))
        let entry = try #require(entries.first)
        #expect(entry.messageId == "\(id)".lowercased())
        #expect(entry.reason == "invalid_data")
        #expect(entry.attempts == 0, "parked at once")
        #expect(entry.error.contains("22001"))
        #expect(!entry.error.contains("toolong"), "never the value")
        #expect(fixture.metric("batbern_messages_retried_total") == 0)
        await client.close()
        try await fixture.tearDown()
    }
}
