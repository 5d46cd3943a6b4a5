import AMQP
import Foundation
import Identifiers
import KernelProbe
import Messaging
import TestSupport
import Testing

/// A body larger than the AMQP client's limit is never buffered: it arrives
/// truncated with its declared size, is parked as a stub, and the worker goes on.
@Suite struct BodyLimitTests {
    @Test func aBodyOverTheClientLimitArrivesTruncatedAndIsParkedAsAStub() async throws {
        let fixture = try await ProbeSupport.fixture("kbody") { $0.amqp.maxBodySize = 64 * 1024 }
        try await fixture.start()
        let client = try await TestClient.connect()
        let big = Identifier()
        let body = try ProbeSupport.envelope("Touch", data: #"{"n":1,"pad":"\#(String(repeating: "x", count: 200_000))"}"#, id: big)
        try await ProbeSupport.publish(client, body, routingKey: "\(fixture.name).Touch", messageId: big)
        let next = try await client.send(.command("Touch", to: fixture.name), data: KernelProbe.Touch(n: 2))

        let entries = try await ProbeSupport.parked(fixture, client, count: 1)
        let entry = try #require(entries.first)
        #expect(entry.messageId == "\(big)".lowercased())
        #expect(entry.reason == "too_large")
        #expect(entry.body.isEmpty, "a stub: the content was never read")
        #expect(entry.error.contains("\(body.count)"), "the declared size: \(entry.error)")
        try await eventually("the next command handled") { try await fixture.count("SELECT count(*) FROM probe_effects") == 1 }
        let answers = try await ProbeSupport.answers(fixture)
        #expect(answers[big]?.first?.data.reason == "too_large", "answered from its properties")
        #expect(answers[next] == nil)
        await client.close()
        try await fixture.tearDown()
    }
}
