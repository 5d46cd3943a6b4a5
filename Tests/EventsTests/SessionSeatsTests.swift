import Foundation
import Identifiers
import Messaging
import Testing

@testable import Events

/// Session seats, decided without I/O.
@Suite struct SessionSeatsTests {
    let event = anEvent(status: .registrationOpen)

    func workshop(capacity: Int?, status: SessionStatus = .scheduled) -> Session {
        var session = aSession(event, type: .workshop, status: status)
        session.capacity = capacity
        return session
    }

    func reserve(
        _ session: Session?, eventSeat: Bool = true, holding: SessionSeatHolding? = nil, choice: Int = 1, taken: Int = 0
    ) -> SessionSeatDecision {
        SessionSeats.reserve(session: session, eventId: event.id, eventSeatHeld: eventSeat, holding: holding, choiceNumber: choice, seatsTaken: taken)
    }

    @Test func aSeatWhileOneIsFreeThenFull() {
        let two = workshop(capacity: 2)
        #expect(reserve(two, taken: 0) == .reserve(seatsTaken: 1))
        #expect(reserve(two, taken: 1) == .reserve(seatsTaken: 2))
        #expect(reserve(two, taken: 2) == .reject(.sessionFull))
        #expect(reserve(workshop(capacity: nil), taken: 500) == .reserve(seatsTaken: 501), "no capacity: any number")
    }

    @Test func theFirstFailingRuleNamesTheReason() {
        var elsewhere = workshop(capacity: 2)
        elsewhere.eventId = Identifier()
        #expect(reserve(nil) == .reject(.unknownSession))
        #expect(reserve(elsewhere) == .reject(.unknownSession))
        #expect(reserve(workshop(capacity: 2, status: .cancelled)) == .reject(.sessionCancelled))
        #expect(reserve(workshop(capacity: 2), eventSeat: false) == .reject(.noEventSeat))
        #expect(reserve(workshop(capacity: 1), eventSeat: false, taken: 1) == .reject(.noEventSeat))
    }

    @Test func choicesAreOrderedSoStaleMessagesDoNothing() {
        let older = 1
        let newer = 2
        let session = workshop(capacity: 1)
        // The same or a newer choice of a held seat: answered again, no second seat.
        #expect(reserve(session, holding: .init(choiceNumber: older, held: true), choice: older, taken: 1) == .alreadyHeld(seatsTaken: 1))
        #expect(reserve(session, holding: .init(choiceNumber: older, held: true), choice: newer, taken: 1) == .alreadyHeld(seatsTaken: 1))
        // A request of an older choice than the one events heard of, or of a dropped choice: ignored.
        #expect(reserve(session, holding: .init(choiceNumber: newer, held: true), choice: older, taken: 1) == .ignore)
        #expect(reserve(session, holding: .init(choiceNumber: older, held: false), choice: older) == .ignore)
        // A newer choice after a drop takes a seat again.
        #expect(reserve(session, holding: .init(choiceNumber: older, held: false), choice: newer) == .reserve(seatsTaken: 1))

        #expect(SessionSeats.drop(holding: .init(choiceNumber: older, held: true), choiceNumber: older, seatsTaken: 1) == .release(seatsTaken: 0))
        #expect(SessionSeats.drop(holding: .init(choiceNumber: older, held: true), choiceNumber: newer, seatsTaken: 1) == .release(seatsTaken: 0))
        #expect(SessionSeats.drop(holding: .init(choiceNumber: newer, held: true), choiceNumber: older, seatsTaken: 1) == .ignore)
        #expect(SessionSeats.drop(holding: nil, choiceNumber: older, seatsTaken: 0) == .remember)
        #expect(SessionSeats.drop(holding: .init(choiceNumber: older, held: false), choiceNumber: newer, seatsTaken: 0) == .remember)
    }

    /// events passes the choice number on in its answers: one outside the
    /// contract does not decode (the message is parked), so it is never echoed.
    @Test func aChoiceNumberOutsideTheContractDoesNotDecode() throws {
        func body(_ number: String) -> [UInt8] {
            let id = Identifier().description
            return Array(
                #"{"registrationId":"\#(id)","eventId":"\#(id)","sessionId":"\#(id)","attendeeId":"\#(id)","choiceNumber":\#(number)}"#.utf8)
        }
        #expect(try MessageCoding.decode(SessionChoiceFields.self, from: body("1")).choiceNumber == 1)
        #expect(try MessageCoding.decode(SessionChoiceFields.self, from: body("2147483647")).choiceNumber == 2_147_483_647)
        for bad in ["0", "-1", "2147483648"] {
            #expect(throws: DecodingError.self, "\(bad)") { try MessageCoding.decode(SessionChoiceFields.self, from: body(bad)) }
        }
    }
}
