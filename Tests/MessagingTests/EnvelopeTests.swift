import Foundation
import Identifiers
import KernelProbe
import Messaging
import Testing

/// Ids in envelopes: read in any case, written in lowercase; an aggregate id
/// that is a UUID has one spelling, whoever wrote it.
@Suite struct EnvelopeTests {
    static let id = "0190f4d2-7c3a-7b1e-9f00-a1b2c3d4e5f6"
    static let other = "0190f4d2-7c3a-7b1e-9f00-000000000001"

    static func body(id: String, aggregateId: String, correlationId: String, causationId: String?) -> [UInt8] {
        let causation = causationId.map { "\"\($0)\"" } ?? "null"
        return Array(
            """
            {"id":"\(id)","aggregateId":"\(aggregateId)","aggregateType":"Test","eventType":"Touch","eventVersion":1,\
            "occurredAt":"2026-01-01T10:00:00.000Z","data":{"n":1},"correlationId":"\(correlationId)","causationId":\(causation)}
            """.utf8)
    }

    @Test func uppercaseIdsAreReadAndWrittenBackInLowercase() throws {
        let bytes = Self.body(
            id: Self.id.uppercased(), aggregateId: Self.other.uppercased(), correlationId: Self.other.uppercased(),
            causationId: Self.id.uppercased()
        )
        let header = try MessageCoding.decode(EnvelopeHeader.self, from: bytes)
        let envelope = try MessageCoding.decode(Envelope<JSONValue>.self, from: bytes)
        for (id, aggregateId, correlationId, causationId) in [
            (header.id, header.aggregateId, header.correlationId, header.causationId),
            (envelope.id, envelope.aggregateId, envelope.correlationId, envelope.causationId),
        ] {
            #expect(id.description == Self.id)
            #expect(aggregateId == Self.other)
            #expect(correlationId.description == Self.other)
            #expect(causationId?.description == Self.id)
        }
        let written = String(decoding: try MessageCoding.encode(envelope), as: UTF8.self)
        let uuids = written.matches(of: try Regex("[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"))
            .map { String(written[$0.range]) }
        #expect(uuids.count == 4 && uuids.allSatisfy { $0 == $0.lowercased() }, "\(written)")
    }

    @Test func anAggregateIdThatIsNoUUIDIsLeftAsItIs() throws {
        for aggregateId in ["Acme-AG", "a17", "ABCDEF", "{\(Self.id.uppercased())}", Self.id.uppercased() + "0"] {
            let bytes = Self.body(id: Self.id, aggregateId: aggregateId, correlationId: Self.id, causationId: nil)
            #expect(try MessageCoding.decode(EnvelopeHeader.self, from: bytes).aggregateId == aggregateId)
            #expect(try MessageCoding.decode(Envelope<JSONValue>.self, from: bytes).aggregateId == aggregateId)
        }
    }

    @Test func anIdThatIsNoUUIDDoesNotDecode() {
        let bytes = Self.body(id: "ada@example.ch", aggregateId: "a", correlationId: Self.id, causationId: nil)
        #expect(throws: DecodingError.self) { try MessageCoding.decode(EnvelopeHeader.self, from: bytes) }
        #expect(throws: DecodingError.self) { try MessageCoding.decode(Envelope<JSONValue>.self, from: bytes) }
    }

    @Test func handlersNameAggregatesByIdentifierAndGetOneSpelling() throws {
        let incoming = try MessageCoding.decode(
            EnvelopeHeader.self, from: Self.body(id: Self.id, aggregateId: "a", correlationId: Self.other, causationId: nil)
        )
        var context = HandlerContext(worker: "probe", now: Date(), incoming: incoming, key: .command("Touch", to: "probe"))
        let aggregate = try #require(Identifier(Self.other.uppercased()))
        try context.publish(KernelProbe.Touched(.init(n: 1)), aggregateId: aggregate)
        try context.send(KernelProbe.Touch(n: 1), aggregateId: aggregate)
        try context.schedule(KernelProbe.Touch(n: 1), at: Date(), timerKey: "k", aggregateId: aggregate)
        // A handler that still passes text gets the same spelling.
        try context.publish(KernelProbe.Touched(.init(n: 1)), aggregateId: Self.other.uppercased())
        let messages = context.outgoing + context.timers.map(\.message)
        #expect(messages.count == 4)
        for message in messages {
            #expect(message.aggregateId == Self.other)
            #expect(message.correlationId.description == Self.other)
            let header = try MessageCoding.decode(EnvelopeHeader.self, from: Array(message.body.utf8))
            #expect(message.body.contains("\"aggregateId\":\"\(Self.other)\""))
            #expect(header.causationId?.description == Self.id)
        }
    }
}
