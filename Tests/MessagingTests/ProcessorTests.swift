import Foundation
import Identifiers
import KernelProbe
import Messaging
import TestSupport
import Testing

/// The kernel's handling path against a real database, through the harness.
@Suite struct ProcessorTests {
    let name = "probe"

    func harness() async throws -> HandlerHarness {
        try await HandlerHarness.start(worker: KernelProbe.definition(name: name), context: "probe")
    }

    @Test func aMessageDeliveredTwiceIsAppliedOnce() async throws {
        let h = try await harness()
        let first = try await h.send(.command("Touch", to: name), data: KernelProbe.Touch(n: 7))
        #expect(first.outcome == .handled)
        #expect(first.messages("probe.Touched").count == 1)
        let again = try await h.redeliver(first)
        #expect(again.outcome == .duplicate)
        #expect(again.published.isEmpty)
        #expect(try await h.query("SELECT count(*) FROM probe_effects")[0].decode(Int.self, at: 0) == 1)
        #expect(try await h.query("SELECT count(*) FROM outbox")[0].decode(Int.self, at: 0) == 1)
        try await h.drop()
    }

    @Test func eventsCarryCausationAndCorrelation() async throws {
        let h = try await harness()
        let commandID = Identifier()
        let correlation = Identifier()
        let result = try await h.send(
            .command("Touch", to: name), data: KernelProbe.Touch(n: 1), aggregateId: "agg-1",
            id: commandID, correlationId: correlation
        )
        let event = try #require(result.messages("probe.Touched").first)
        #expect(event.exchange == "batbern.events")
        #expect(event.header.causationId == commandID)
        #expect(event.header.correlationId == correlation)
        #expect(event.header.aggregateId == "agg-1")
        #expect(event.header.eventType == "Touched")
        #expect(try event.decode(KernelProbe.Touch.self) == KernelProbe.Touch(n: 1))
        try await h.drop()
    }

    /// A client's uppercase ids name the same message and aggregate: the
    /// answer carries them in lowercase, and the same message sent again in
    /// lowercase is a duplicate.
    @Test func uppercaseIdsAreTheSameMessageAndAreAnsweredInLowercase() async throws {
        let h = try await harness()
        let id = Identifier()
        let correlation = Identifier()
        let aggregate = Identifier()
        func body(_ spell: (String) -> String) -> [UInt8] {
            Array(
                """
                {"id":"\(spell(id.description))","aggregateId":"\(spell(aggregate.description))","aggregateType":"T",\
                "eventType":"Touch","eventVersion":1,"occurredAt":"2026-01-01T10:00:00.000Z","data":{"n":5},\
                "correlationId":"\(spell(correlation.description))"}
                """.utf8)
        }
        let shouted = try await h.deliver(body: body { $0.uppercased() }, routingKey: "\(name).Touch")
        let answer = try #require(shouted.messages("probe.Touched").first)
        for expected in ["\"causationId\":\"\(id)\"", "\"correlationId\":\"\(correlation)\"", "\"aggregateId\":\"\(aggregate)\""] {
            #expect(answer.body.contains(expected), "\(answer.body)")
        }
        #expect(try await h.deliver(body: body { $0 }, routingKey: "\(name).Touch").outcome == .duplicate)
        try await h.drop()
    }

    @Test func aRejectedCommandWritesNothingButItsAnswer() async throws {
        let h = try await harness()
        let commandID = Identifier()
        let result = try await h.send(.command("Refuse", to: name), data: KernelProbe.Touch(n: 3), id: commandID)
        #expect(result.outcome == .rejected(CommandRejected(commandType: "Refuse", reason: "refused", message: "probe 3 refused as asked")))
        #expect(result.published.count == 1, "exactly one answer")
        let answer = try #require(result.messages("probe.CommandRejected").first)
        #expect(answer.header.causationId == commandID)
        #expect(try await h.query("SELECT count(*) FROM probe_effects")[0].decode(Int.self, at: 0) == 0)
        // A redelivery of the refused command is not answered twice.
        #expect(try await h.redeliver(result).outcome == .duplicate)
        #expect(try await h.query("SELECT count(*) FROM outbox")[0].decode(Int.self, at: 0) == 1)
        try await h.drop()
    }

    @Test func badMessagesAreParkedWithTheirReason() async throws {
        let h = try await harness()
        let malformed = try await h.deliver(body: Array("{not json".utf8), routingKey: "probe.Touch")
        guard case .parked(.undecodable, let why) = malformed.outcome else {
            Issue.record("expected undecodable, got \(malformed.outcome)")
            return
        }
        #expect(why.contains("not a message envelope"))

        let unknown = try await h.send(.command("Dance", to: name), data: KernelProbe.Touch(n: 1))
        guard case .parked(.unknownMessageType, _) = unknown.outcome else {
            Issue.record("expected unknown_message_type, got \(unknown.outcome)")
            return
        }
        let future = try await h.send(.command("Touch", to: name), data: KernelProbe.Touch(n: 1), version: 2)
        guard case .parked(.unsupportedVersion, _) = future.outcome else {
            Issue.record("expected unsupported_version, got \(future.outcome)")
            return
        }
        #expect(try await h.query("SELECT count(*) FROM probe_effects")[0].decode(Int.self, at: 0) == 0)
        try await h.drop()
    }

    @Test func aCommandWithBadDataIsParkedAndAnswered() async throws {
        struct Wrong: Codable, Sendable { var m: String }
        let h = try await harness()
        let result = try await h.send(.command("Touch", to: name), data: Wrong(m: "x"))
        guard case .parked(.undecodable, let why) = result.outcome else {
            Issue.record("expected undecodable, got \(result.outcome)")
            return
        }
        #expect(why.contains("missing data.n"))
        let answers = try await h.query("SELECT routing_key, body FROM outbox")
        #expect(answers.count == 1)
        #expect(try answers[0].decode(String.self, at: 0) == "probe.CommandRejected")
        #expect(try answers[0].decode(String.self, at: 1).contains("invalid_message"))
        try await h.drop()
    }

    @Test func aFailingHandlerLeavesNoTrace() async throws {
        let h = try await harness()
        let result = try await h.send(.command("Explode", to: name), data: KernelProbe.Touch(n: 9))
        #expect(result.outcome == .failed("probe 9 exploded as asked"))
        #expect(try await h.query("SELECT count(*) FROM inbox")[0].decode(Int.self, at: 0) == 0, "so a retry runs it again")
        _ = try await h.query("INSERT INTO probe_fixed VALUES (true)")
        #expect(try await h.redeliver(result).outcome == .handled)
        try await h.drop()
    }

    @Test func timersFireWhenDueAndNotWhenCancelled() async throws {
        let h = try await harness()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        try await h.send(.command("Remind", to: name), data: KernelProbe.Remind(n: 1, inSeconds: 60, key: "a"), now: start)
        try await h.send(.command("Remind", to: name), data: KernelProbe.Remind(n: 2, inSeconds: 120, key: "b"), now: start)
        try await h.send(.command("CancelReminder", to: name), data: KernelProbe.CancelReminder(key: "b"), now: start)
        #expect(try await h.fireTimers(upTo: start.addingTimeInterval(59)).isEmpty, "not due yet")
        let fired = try await h.runTimers(upTo: start.addingTimeInterval(3600))
        #expect(fired.count == 1)
        #expect(fired.first?.outcome == .handled)
        #expect(try fired.first?.messages("probe.Touched").first?.decode(KernelProbe.Touch.self).n == 1)
        #expect(try await h.fireTimers(upTo: start.addingTimeInterval(7200)).isEmpty, "fired once, cancelled never")
        try await h.drop()
    }
}
