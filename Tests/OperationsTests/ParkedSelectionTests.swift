import Messaging
import Operations
import Testing

/// What `parked replay` and `parked delete` act on: exactly what was asked,
/// and nothing when the question is unclear.
@Suite struct ParkedSelectionTests {
    let invite = ParkingLot.Entry(
        messageId: "m1", routingKey: "speakers.InviteSpeaker", reason: "handler_failed", error: "", attempts: 3, parkedAt: nil, body: [])
    let scheduled = ParkingLot.Entry(
        messageId: "m2", routingKey: "events.SessionScheduled", reason: "handler_failed", error: "", attempts: 3, parkedAt: nil, body: [])
    let bad = ParkingLot.Entry(
        messageId: "m3", routingKey: "speakers.InviteSpeaker", reason: "undecodable", error: "", attempts: 0, parkedAt: nil, body: [])

    func picked(_ selection: ParkedSelection) -> [String?] {
        [invite, scheduled, bad].filter(selection.matches).map(\.messageId)
    }

    @Test func aGroupIsAReasonATypeOrBoth() {
        #expect(picked(ParkedSelection(reason: "handler_failed")) == ["m1", "m2"])
        #expect(picked(ParkedSelection(type: "speakers.InviteSpeaker")) == ["m1", "m3"])
        #expect(picked(ParkedSelection(type: "InviteSpeaker")) == ["m1", "m3"], "a bare type matches any context's")
        #expect(picked(ParkedSelection(type: "Speaker")) == [], "not a part of a name")
        #expect(picked(ParkedSelection(reason: "handler_failed", type: "InviteSpeaker")) == ["m1"])
    }

    @Test func oneMessageOrAll() {
        #expect(picked(ParkedSelection(messageId: "m2")) == ["m2"])
        #expect(picked(ParkedSelection(all: true)) == ["m1", "m2", "m3"])
    }

    @Test func nothingOrTwoWaysAtOncePickNothingAndSayWhy() {
        for selection in [ParkedSelection(), ParkedSelection(messageId: "m1", all: true), ParkedSelection(messageId: "m1", reason: "x")] {
            #expect(selection.problem != nil)
            #expect(picked(selection) == [])
        }
        #expect(ParkedSelection(reason: "x", type: "y").problem == nil)
    }
}
