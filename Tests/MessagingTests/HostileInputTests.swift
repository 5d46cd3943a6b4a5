import AMQP
import Foundation
import Identifiers
import KernelProbe
import Messaging
import TestSupport
import Testing

/// Bad input gets one clear answer and loses nothing: each command exactly one
/// CommandRejected (and parked for replay), anything else parked with a reason;
/// never a crash, never a retry.
@Suite struct HostileInputTests {
    /// One hostile message and what must become of it.
    struct Case: Sendable {
        let name: String
        var body: [UInt8]
        var routingKey = "Touch"
        var exchange = Exchanges.commands
        var messageId: Identifier? = Identifier()
        var contentType: String? = "application/json"
        /// The park reason; nil when the message must be handled.
        var parked: String?
        /// The CommandRejected reason it must be answered with; nil for no answer.
        var answer: String?
    }

    /// An envelope and the id it carries (also sent as the AMQP message_id).
    struct Made {
        let id: Identifier
        var body: [UInt8]
    }

    static func cases(_ name: String) throws -> [Case] {
        let touch = #"{"n":1}"#
        func envelope(_ type: String, data: String, aggregateId: String = "agg-1", version: Int = 1) throws -> Made {
            let id = Identifier()
            return Made(id: id, body: try ProbeSupport.envelope(type, data: data, id: id, aggregateId: aggregateId, version: version))
        }
        var deep = #"{"n":1,"x":"#
        deep += String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "}"
        var invalidUTF8 = try envelope("Touch", data: #"{"n":1,"note":"ab"}"#)
        let note = try #require(invalidUTF8.body.firstIndex(of: UInt8(ascii: "b")))
        invalidUTF8.body[note] = 0xff
        let big = String(repeating: "x", count: 1_572_864)
        return [
            Case(name: "invalid JSON", body: Array(#"{"id": oops"#.utf8), parked: "undecodable", answer: "invalid_message"),
            Case(name: "invalid UTF-8", invalidUTF8, parked: "undecodable", answer: "invalid_message"),
            Case(
                name: "wrong JSON types", try envelope("Touch", data: #"{"n":"seven"}"#),
                parked: "undecodable", answer: "invalid_message"),
            Case(
                name: "missing envelope fields", body: Array(#"{"eventType":"Touch","data":{"n":1}}"#.utf8),
                parked: "undecodable", answer: "invalid_message"),
            Case(
                name: "eventType disagreeing with the routing key", try envelope("Dance", data: touch),
                parked: "malformed", answer: "invalid_message"),
            Case(
                name: "unsupported eventVersion", try envelope("Touch", data: touch, version: 9),
                parked: "unsupported_version", answer: "unsupported_version"),
            Case(
                name: "nested 10,000 deep", try envelope("Touch", data: deep),
                parked: "undecodable", answer: "invalid_message"),
            Case(
                name: "1.5 MiB body", try envelope("Touch", data: #"{"n":1,"pad":"\#(big)"}"#),
                parked: "too_large", answer: "too_large"),
            Case(
                name: "text/plain", try envelope("Touch", data: touch), contentType: "text/plain",
                parked: "unsupported_content_type", answer: "unsupported_content_type"),
            Case(
                name: "JSON with a charset", try envelope("Touch", data: touch),
                contentType: "application/json; charset=utf-8"),
            Case(name: "no content type", try envelope("Touch", data: touch), contentType: nil),
            Case(name: "no message id", body: Array("{not json".utf8), messageId: nil, parked: "undecodable"),
            Case(
                name: "empty aggregateId", try envelope("Touch", data: touch, aggregateId: ""),
                parked: "undecodable", answer: "invalid_message"),
            Case(
                name: "256-scalar aggregateId",
                try envelope("Touch", data: touch, aggregateId: String(repeating: "é", count: 256)),
                parked: "undecodable", answer: "invalid_message"),
            Case(
                name: "control character in aggregateId", try envelope("Touch", data: touch, aggregateId: "a\u{7}b"),
                parked: "undecodable", answer: "invalid_message"),
            Case(
                name: "255-scalar aggregateId",
                try envelope("Touch", data: touch, aggregateId: String(repeating: "é", count: 255))),
            Case(
                name: "NUL in a command's string", try envelope("Store", data: #"{"n":1,"code":"a\u0000b"}"#),
                routingKey: "Store", parked: "undecodable", answer: "invalid_message"),
            Case(
                name: "an escaped backslash before u0000 is no NUL",
                try envelope("Store", data: #"{"n":2,"code":"\\u0000"}"#), routingKey: "Store"),
            Case(
                name: "NUL in an event's string",
                try envelope("Observed", data: #"{"n":3,"code":"a\u0000b"}"#),
                routingKey: "\(name)-outside.Observed", exchange: Exchanges.events, parked: "undecodable"),
            Case(
                name: "invalid JSON event", body: Array("[1,".utf8), routingKey: "\(name)-outside.Observed",
                exchange: Exchanges.events, parked: "undecodable"),
        ]
    }

    @Test func everyHostileMessageGetsOneClearAnswerAndIsParked() async throws {
        let fixture = try await ProbeSupport.fixture("khost")
        try await fixture.start()
        let client = try await TestClient.connect()
        let cases = try Self.cases(fixture.name)
        for item in cases {
            let key = item.routingKey.contains(".") ? item.routingKey : "\(fixture.name).\(item.routingKey)"
            try await ProbeSupport.publish(
                client, item.body, exchange: item.exchange, routingKey: key, messageId: item.messageId, contentType: item.contentType
            )
        }
        // A second copy of an answered command is parked again but not answered again.
        let repeated = try #require(cases.first { $0.name == "unsupported eventVersion" })
        try await ProbeSupport.publish(
            client, repeated.body, routingKey: "\(fixture.name).Touch", messageId: repeated.messageId
        )

        let parkedCount = cases.filter { $0.parked != nil }.count + 1
        let handledCount = cases.count - parkedCount + 1
        let entries = try await ProbeSupport.parked(fixture, client, count: parkedCount)
        try await eventually("the good ones handled") {
            try await fixture.count("SELECT (SELECT count(*) FROM probe_effects) + (SELECT count(*) FROM probe_codes)") == handledCount
        }
        try await eventually("the outbox drained") { try await fixture.count("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0 }
        let answers = try await ProbeSupport.answers(fixture)

        #expect(entries.count == parkedCount, "nothing parked twice")
        for item in cases {
            let id = item.messageId.map { "\($0)".lowercased() }
            let parked = entries.filter { $0.messageId == id }
            if let reason = item.parked {
                #expect(parked.map(\.reason).first == reason, "\(item.name): parked as \(reason)")
                #expect(parked.allSatisfy { $0.attempts == 0 }, "\(item.name): no retries burned")
            } else {
                #expect(parked.isEmpty, "\(item.name): handled, not parked")
            }
            guard let messageId = item.messageId else { continue }
            let answered = answers[messageId] ?? []
            if let reason = item.answer {
                #expect(answered.count == 1, "\(item.name): exactly one answer")
                #expect(answered.first?.data.reason == reason, "\(item.name): answered \(reason)")
                #expect(answered.first?.data.commandType == item.routingKey.split(separator: ".").last.map(String.init))
            } else {
                #expect(answered.isEmpty, "\(item.name): no answer")
            }
        }
        #expect(answers.values.reduce(0) { $0 + $1.count } == cases.filter { $0.answer != nil }.count, "no other answers")

        // The too-large command is parked whole, for replay once it may be handled.
        let large = try #require(cases.first { $0.parked == "too_large" })
        let parkedLarge = try #require(entries.first { $0.messageId == large.messageId.map { "\($0)".lowercased() } })
        #expect(parkedLarge.body == large.body, "parked with its body intact")

        // A bad aggregate id is never echoed: the answer names the command itself.
        for item in cases where item.name.contains("aggregateId") && item.answer != nil {
            let messageId = try #require(item.messageId)
            let answer = try #require(answers[messageId]?.first)
            #expect(answer.aggregateId == "\(messageId)".lowercased(), "\(item.name): the command's own id as aggregate")
        }
        #expect(fixture.metric("batbern_messages_retried_total") == 0)
        #expect(try await fixture.count("SELECT count(*) FROM probe_codes WHERE code = 'a'") == 0, "no string cut at a NUL")
        await client.close()
        try await fixture.tearDown()
    }

    /// A CommandRejected or event carrying a quote and a combining mark as its
    /// aggregate id once made every relay round fail.
    @Test func anAggregateIdThatIsOneGraphemeWithAQuoteDoesNotWedgeTheRelay() async throws {
        let fixture = try await ProbeSupport.fixture("kgraph")
        try await fixture.start()
        let tap = try await EventTap.open(bindings: ["\(fixture.name).#"])
        let client = try await TestClient.connect()
        try await client.send(.command("Touch", to: fixture.name), data: KernelProbe.Touch(n: 1), aggregateId: "\"\u{301}")
        try await client.send(.command("Refuse", to: fixture.name), data: KernelProbe.Touch(n: 2), aggregateId: "\"\u{301}")
        try await eventually("both handled") { try await fixture.count("SELECT count(*) FROM inbox") == 2 }
        let normal = try await client.send(.command("Touch", to: fixture.name), data: KernelProbe.Touch(n: 3))
        try await eventually("the normal command answered at once", timeout: .seconds(2)) {
            tap.messages("\(fixture.name).Touched").contains { delivery in
                (try? MessageCoding.decode(EnvelopeHeader.self, from: delivery.body).causationId) == normal
            }
        }
        try await eventually("nothing left unsent") { try await fixture.count("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0 }
        await tap.close()
        await client.close()
        try await fixture.tearDown()
    }

    /// A command parked with an answer, replayed after the fix, is handled:
    /// its answer was recorded under an inbox name of its own.
    @Test func aCommandParkedWithAnAnswerIsHandledWhenReplayedAfterTheFix() async throws {
        let before = try await ProbeSupport.fixture("kreplay")
        try await before.start()
        let client = try await TestClient.connect()
        let id = try await client.send(.command("Touch", to: before.name), data: KernelProbe.Touch(n: 4), version: 2)
        _ = try await ProbeSupport.parked(before, client, count: 1)
        #expect(try await ProbeSupport.answers(before)[id]?.count == 1)
        try await before.stop()

        // The fix: a worker that understands version 2.
        let after = try await WorkerFixture.make(
            KernelProbe.definition(name: before.name, touchVersions: 1...2), context: "probe", configure: { _ in }
        )
        try await after.start()
        // Listing put it back unacked; replay counts what the queue says it holds.
        try await eventually("back in the parking queue") { try await ProbeSupport.depth(after.topology.parkingQueue, client) == 1 }
        #expect(try await ParkingLot(topology: after.topology).replay(client.connection) == 1)
        try await eventually("handled after the replay") { try await after.count("SELECT count(*) FROM probe_effects") == 1 }
        #expect(try await ProbeSupport.answers(after)[id]?.count == 1, "still answered once only")
        #expect(try await after.count("SELECT count(*) FROM outbox WHERE routing_key = $1", ["\(after.name).Touched"]) == 1)
        await before.database.close()
        await client.close()
        try await after.tearDown()
    }
}

extension HostileInputTests.Case {
    init(
        name: String, _ made: HostileInputTests.Made, routingKey: String = "Touch", exchange: String = Exchanges.commands,
        contentType: String? = "application/json", parked: String? = nil, answer: String? = nil
    ) {
        self.init(
            name: name, body: made.body, routingKey: routingKey, exchange: exchange, messageId: made.id,
            contentType: contentType, parked: parked, answer: answer
        )
    }
}
