import Foundation
import Identifiers
import KernelProbe
import Testing

@testable import Messaging

/// The processor's decisions before any I/O: what is handled, what is parked
/// and why, and who is answered. Pure, no servers.
@Suite struct PrepareTests {
    let processor = MessageProcessor(definition: KernelProbe.definition(name: "probe"), notifyChannel: "n", maxMessageBytes: 4_096)

    func envelope(
        _ type: String = "Touch", data: String = #"{"n":1}"#, id: Identifier = Identifier(), aggregateId: String = "a",
        aggregateType: String = "probe"
    ) -> [UInt8] {
        let aggregate = String(decoding: (try? JSONEncoder().encode(aggregateId)) ?? Data(), as: UTF8.self)
        let kind = String(decoding: (try? JSONEncoder().encode(aggregateType)) ?? Data(), as: UTF8.self)
        return Array(
            """
            {"aggregateId":\(aggregate),"aggregateType":\(kind),"correlationId":"\(id)","data":\(data),\
            "eventType":"\(type)","eventVersion":1,"id":"\(id)","occurredAt":"2026-12-01T10:00:00Z"}
            """.utf8)
    }

    func command(_ body: [UInt8], key: String = "probe.Touch", messageId: Identifier? = nil, contentType: String? = nil) -> IncomingDelivery {
        IncomingDelivery(
            body: body, routingKey: key, exchange: Exchanges.commands, messageId: messageId.map { "\($0)" }, contentType: contentType
        )
    }

    func parked(_ prepared: MessageProcessor.Prepared) -> (ParkReason, CommandAnswer?)? {
        guard case .park(let reason, _, _, let answer) = prepared else { return nil }
        return (reason, answer)
    }

    @Test func aGoodCommandIsHandled() {
        guard case .handle(let bound) = processor.prepare(command(envelope())) else {
            Issue.record("not handled")
            return
        }
        #expect(bound.key == .command("Touch", to: "probe"))
    }

    /// The envelope and its data are read in one pass; data that does not
    /// fit is refused last, and answered from the header it came with.
    @Test func dataThatDoesNotFitIsAnsweredFromItsHeader() throws {
        let id = Identifier()
        let (reason, answer) = try #require(parked(processor.prepare(command(envelope(data: #"{"n":"seven"}"#, id: id)))))
        #expect(reason == .undecodable)
        #expect(answer?.commandId == id)
        #expect(answer?.aggregateId == "a")
        #expect(answer?.rejection.message == "probe.Touch data does not fit: data.n: expected Int")
        let wrongVersion = Array(
            String(decoding: envelope(data: #"{"n":"seven"}"#), as: UTF8.self)
                .replacingOccurrences(of: #""eventVersion":1"#, with: #""eventVersion":2"#).utf8)
        #expect(try #require(parked(processor.prepare(command(wrongVersion)))).0 == .unsupportedVersion, "the header is checked first")
    }

    @Test func anUnreadableCommandIsAnsweredFromItsProperties() throws {
        let id = Identifier()
        let correlation = Identifier()
        var delivery = command(Array("{".utf8), messageId: id)
        delivery.correlationId = "\(correlation)".uppercased()
        let (reason, answer) = try #require(parked(processor.prepare(delivery)))
        #expect(reason == .undecodable)
        let reply = try #require(answer)
        #expect(reply.commandId == id)
        #expect(reply.correlationId == correlation)
        #expect(reply.aggregateId == "\(id)".lowercased())
        #expect(reply.command == .command("Touch", to: "probe"))
        #expect(reply.rejection.reason == "invalid_message")
        #expect(reply.inboxName == "probe.Touch#rejected")
    }

    @Test func withoutAUsableMessageIdAnUnreadableCommandIsOnlyParked() throws {
        var delivery = command(Array("{".utf8))
        delivery.messageId = "not-a-uuid"
        let (reason, answer) = try #require(parked(processor.prepare(delivery)))
        #expect(reason == .undecodable)
        #expect(answer == nil)
    }

    @Test func eventsAreParkedButNeverAnswered() throws {
        let delivery = IncomingDelivery(
            body: Array("{".utf8), routingKey: "probe-outside.Observed", exchange: Exchanges.events, messageId: "\(Identifier())"
        )
        let (reason, answer) = try #require(parked(processor.prepare(delivery)))
        #expect(reason == .undecodable)
        #expect(answer == nil)
    }

    @Test func aCommandWithoutAHandlerIsAnsweredUnderItsRoutingKey() throws {
        let (reason, answer) = try #require(parked(processor.prepare(command(envelope("Dance"), key: "probe.Dance"))))
        #expect(reason == .unknownMessageType)
        #expect(answer?.command == .command("Dance", to: "probe"))
        #expect(answer?.rejection.reason == "unknown_message_type")
    }

    @Test func theRoutingKeyNamesTheCommandWhenTheEnvelopeDisagrees() throws {
        let (reason, answer) = try #require(parked(processor.prepare(command(envelope("Refuse")))))
        #expect(reason == .malformed)
        #expect(answer?.command.name == "Touch")
    }

    @Test func sizeAndContentTypeAreCheckedBeforeAnythingIsDecoded() throws {
        let large = command(Array(repeating: UInt8(ascii: "x"), count: 4_097), messageId: Identifier())
        #expect(try #require(parked(processor.prepare(large))).0 == .tooLarge)
        let truncated = IncomingDelivery(
            body: [], routingKey: "probe.Touch", exchange: Exchanges.commands, messageId: "\(Identifier())", bodySize: 1 << 30, isTruncated: true
        )
        let (reason, answer) = try #require(parked(processor.prepare(truncated)))
        #expect(reason == .tooLarge)
        #expect(answer?.rejection.message.contains("\(1 << 30)") == true, "says the declared size")
        #expect(try #require(parked(processor.prepare(command(envelope(), contentType: "text/plain")))).0 == .unsupportedContentType)
        for accepted in [nil, "", "application/json", "Application/JSON; charset=utf-8"] {
            #expect(parked(processor.prepare(command(envelope(), contentType: accepted))) == nil, "\(accepted ?? "none")")
        }
    }

    @Test func aBadAggregateIdIsRefusedAndNeverEchoed() throws {
        let id = Identifier()
        for bad in ["", String(repeating: "x", count: 256), "a\u{0}b", "tab\there", "\u{85}"] {
            let (reason, answer) = try #require(parked(processor.prepare(command(envelope(id: id, aggregateId: bad)))))
            #expect(reason == .undecodable)
            #expect(answer?.aggregateId == "\(id)".lowercased())
            #expect(answer?.rejection.message.contains(bad) == false || bad.isEmpty)
        }
        for good in ["x", String(repeating: "é", count: 255), "\"\u{301}", "order 42/7"] {
            #expect(parked(processor.prepare(command(envelope(aggregateId: good)))) == nil, "\(good)")
        }
    }

    /// The contract's aggregateType is at most 100 characters; the kernel
    /// checks it as it checks aggregateId, since every answer repeats it.
    @Test func aBadAggregateTypeIsRefusedAndNeverEchoed() throws {
        let id = Identifier()
        for bad in [String(repeating: "T", count: 101), "a\u{7}b", "line\nbreak"] {
            let (reason, answer) = try #require(parked(processor.prepare(command(envelope(id: id, aggregateType: bad)))))
            #expect(reason == .undecodable)
            #expect(answer?.aggregateType == "")
            #expect(answer?.rejection.message.contains(bad) == false)
        }
        for good in ["", "Company", String(repeating: "é", count: 100)] {
            #expect(parked(processor.prepare(command(envelope(aggregateType: good)))) == nil, "\(good)")
        }
    }

    /// A body that is not UTF-8, or holds an escaped half of a surrogate
    /// pair, is no JSON text: refused even where no handler reads it
    /// (JSONDecoder only checks the strings it decodes).
    @Test func aBodyThatIsNotUnicodeIsRefusedWhereverTheBadTextIs() throws {
        let good = envelope(data: #"{"n":1,"note":"ok"}"#)
        let note = try #require(good.firstRange(of: Array("ok".utf8)))
        for bytes: [UInt8] in [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0x80], [0xF4, 0x90, 0x80, 0x80]] {
            var body = good
            body.replaceSubrange(note, with: bytes)
            let (reason, _) = try #require(parked(processor.prepare(command(body))), "\(bytes)")
            #expect(reason == .undecodable)
        }
        for escape in [#"\ud800"#, #"\uDC00"#, #"\ud800x"#, #"\udbff\u0041"#, #"\ud800\ud800"#] {
            let (reason, _) = try #require(parked(processor.prepare(command(envelope(data: #"{"n":1,"note":"\#(escape)"}"#)))), "\(escape)")
            #expect(reason == .undecodable)
        }
        for fine in [#"\ud83c\udfa4"#, #"\\ud800"#, #"é🎤"#] {
            #expect(parked(processor.prepare(command(envelope(data: #"{"n":1,"note":"\#(fine)"}"#)))) == nil, "\(fine)")
        }
    }

    @Test func nulIsFoundInAnyStringButAnEscapedBackslashIsNoNUL() {
        #expect(InputChecks.containsNUL(Array(#"{"a":"x\u0000"}"#.utf8)))
        #expect(InputChecks.containsNUL(Array(#"{"a\u0000":1}"#.utf8)), "keys too")
        #expect(InputChecks.containsNUL(Array(#"["\\\u0000"]"#.utf8)), "an escaped backslash, then a real escape")
        #expect(!InputChecks.containsNUL(Array(#"{"a":"\\u0000"}"#.utf8)))
        #expect(!InputChecks.containsNUL(Array(#"{"a":"u0000\\"}"#.utf8)))
        #expect(InputChecks.containsNUL([UInt8(ascii: "\""), 0, UInt8(ascii: "\"")]), "raw")
        #expect(!InputChecks.containsNUL(Array(#"{"a":"\"\u0041"}"#.utf8)))
    }

    @Test func aMessageDeliveredTooOftenIsParkedAndACommandAnswered() throws {
        let prepared = processor.prepare(command(envelope()))
        #expect(parked(processor.limitingDeliveries(prepared, deliveries: 5)) == nil, "five deliveries may be handled")
        let (reason, answer) = try #require(parked(processor.limitingDeliveries(prepared, deliveries: 6)))
        #expect(reason == .redeliveredTooOften)
        #expect(answer?.rejection.reason == "redelivered_too_often")
    }

    @Test func aFailedAttemptGoesToTheNextRetryQueueThenToParking() {
        let topology = Topology(worker: "probe", bindings: [], configuration: .init(retryDelays: [.seconds(1), .seconds(10)]))
        #expect(ConsumerLane.nextStep(afterFailedAttempt: 0, topology: topology) == ("retry.1s", 1))
        #expect(ConsumerLane.nextStep(afterFailedAttempt: 1, topology: topology) == ("retry.10s", 2))
        #expect(ConsumerLane.nextStep(afterFailedAttempt: 2, topology: topology) == (nil, 3))
        #expect(ConsumerLane.nextStep(afterFailedAttempt: KernelHeaders.attemptCeiling, topology: topology) == (nil, 1_001))
    }
}
