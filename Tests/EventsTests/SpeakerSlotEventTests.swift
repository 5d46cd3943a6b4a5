import Foundation
import Identifiers
import Messaging
import Testing

@testable import Events

/// What events reads of speakers' invitation events, and passes on in its
/// own SpeakerSlotReopened: only what that event's contract allows, so an
/// event outside it is parked at once rather than taken and repeated.
@Suite struct SpeakerSlotEventTests {
    func body(role: String = "moderator", reason: String?) throws -> [UInt8] {
        let envelope = Envelope(
            aggregateId: "s", aggregateType: "SessionSpeaker", eventType: "SpeakerDeclined", occurredAt: t0,
            data: SpeakerSlotPayload(speakerId: Identifier(), sessionId: Identifier(), eventId: Identifier(), role: role, reason: reason)
        )
        return try MessageCoding.encode(envelope)
    }

    @Test func aReasonOfAThousandCharactersIsRead() throws {
        let envelope = try MessageCoding.decode(Envelope<SpeakerSlotEvent>.self, from: body(reason: String(repeating: "é", count: 1000)))
        #expect(envelope.data.reason?.count == 1000)
        #expect(envelope.data.role == .moderator)
    }

    @Test func aLongerReasonDoesNotDecode() throws {
        let long = try body(reason: String(repeating: "x", count: 1001))
        #expect(throws: DecodingError.self) { try MessageCoding.decode(Envelope<SpeakerSlotEvent>.self, from: long) }
    }

    @Test func aRoleOutsideTheContractDoesNotDecode() throws {
        let unknown = try body(role: "host", reason: nil)
        #expect(throws: DecodingError.self) { try MessageCoding.decode(Envelope<SpeakerSlotEvent>.self, from: unknown) }
    }
}
