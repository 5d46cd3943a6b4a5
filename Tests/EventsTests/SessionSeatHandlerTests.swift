import Foundation
import Identifiers
import Messaging
import Postgres
import TestSupport
import Testing

@testable import Events

/// Session seats against a real database, through the kernel's processor.
@Suite struct SessionSeatHandlerTests {
    let seats = SeatHandlerTests()

    func session(_ h: HandlerHarness, _ event: Identifier, capacity: Int?) async throws -> Identifier {
        let id = Identifier()
        let start = t0 + 60 * day
        let r = try await h.send(
            .command("ScheduleSession", to: "events"),
            data: ScheduleSession(
                sessionId: id, eventId: event, title: "Workshop", sessionType: "workshop", startTime: start, endTime: start + 3600,
                capacity: capacity
            ), now: t0)
        #expect(r.outcome == .handled)
        return id
    }

    /// A registration holding an event seat.
    func seated(_ h: HandlerHarness, _ event: Identifier) async throws -> Identifier {
        let registration = Identifier()
        #expect(try await seats.request(h, registration, event).published.map(\.routingKey) == ["events.SeatReserved"])
        return registration
    }

    func request(
        _ h: HandlerHarness, _ registration: Identifier, _ event: Identifier, _ session: Identifier, choice: Int = 1
    ) async throws -> HarnessResult {
        try await h.send(
            .event("SessionSeatRequested", from: "attendees"),
            data: SessionSeatRequested(
                SessionChoiceFields(registrationId: registration, eventId: event, sessionId: session, attendeeId: Identifier(), choiceNumber: choice)),
            now: t0)
    }

    func drop(_ h: HandlerHarness, _ registration: Identifier, _ event: Identifier, _ session: Identifier, choice: Int) async throws
        -> HarnessResult
    {
        try await h.send(
            .event("SessionChoiceDropped", from: "attendees"),
            data: SessionChoiceDropped(
                SessionChoiceFields(registrationId: registration, eventId: event, sessionId: session, attendeeId: Identifier(), choiceNumber: choice)),
            now: t0)
    }

    func held(_ h: HandlerHarness, _ session: Identifier) async throws -> Int {
        try await h.query("SELECT count(*) FROM session_seats WHERE session_id = $1 AND released_at IS NULL", [session])[0].decode(Int.self, at: 0)
    }

    @Test func twoSeatsThreeChoosersThenACancellationFreesOne() async throws {
        let h = try await HandlerHarness.start(worker: EventsWorker.definition(), context: "events")
        defer { Task { try? await h.drop() } }
        let event = try await seats.openEvent(h, capacity: 10)
        let workshop = try await session(h, event, capacity: 2)
        let (a, b, c) = (try await seated(h, event), try await seated(h, event), try await seated(h, event))
        let choiceA = 1
        let first = try await request(h, a, event, workshop, choice: choiceA)
        #expect(try first.one("events.SessionSeatReserved", as: SessionSeatReserved.self).seatsTaken == 1)
        #expect(try await request(h, b, event, workshop).messages("events.SessionSeatReserved").count == 1)
        let third = try await request(h, c, event, workshop)
        #expect(try third.one("events.SessionSeatRejected", as: SessionSeatRejected.self).reason == .sessionFull)
        #expect(try await held(h, workshop) == 2)
        // The same request again: the same seat, answered again.
        let repeated = try await request(h, a, event, workshop, choice: choiceA)
        #expect(try repeated.one("events.SessionSeatReserved", as: SessionSeatReserved.self).seatsTaken == 2)

        // a's registration is cancelled: its session seat goes with its event seat.
        let cancelled = try await seats.cancel(h, a, event)
        #expect(cancelled.published.map(\.routingKey) == ["events.SeatReleased", "events.SessionSeatReleased"])
        #expect(try cancelled.one("events.SessionSeatReleased", as: SessionSeatReleased.self).seatsTaken == 1)
        // c asks again (its second choice) and gets the seat; a's late request gets nothing.
        let retry = try await request(h, c, event, workshop, choice: 2)
        #expect(try retry.one("events.SessionSeatReserved", as: SessionSeatReserved.self).seatsTaken == 2)
        // a's registration is cancelled: a late request of its choice gets nothing, a later choice is refused.
        #expect(try await request(h, a, event, workshop, choice: choiceA).published.isEmpty)
        let late = try await request(h, a, event, workshop, choice: choiceA + 1)
        #expect(try late.one("events.SessionSeatRejected", as: SessionSeatRejected.self).reason == .noEventSeat)
        #expect(try await held(h, workshop) == 2)
    }

    @Test func dropsFreeTheSeatAndADropBeforeItsRequestKeepsTheSeatFree() async throws {
        let h = try await HandlerHarness.start(worker: EventsWorker.definition(), context: "events")
        defer { Task { try? await h.drop() } }
        let event = try await seats.openEvent(h, capacity: 10)
        let talk = try await session(h, event, capacity: 1)
        let a = try await seated(h, event)
        let choice = 1
        _ = try await request(h, a, event, talk, choice: choice)
        let dropped = try await drop(h, a, event, talk, choice: choice)
        #expect(try dropped.one("events.SessionSeatReleased", as: SessionSeatReleased.self).seatsTaken == 0)
        #expect(try await held(h, talk) == 0)
        // Dropped again: nothing more.
        #expect(try await drop(h, a, event, talk, choice: choice).published.isEmpty)

        // b drops before its request arrives: the request takes nothing, says nothing.
        let b = try await seated(h, event)
        let early = 1
        #expect(try await drop(h, b, event, talk, choice: early).published.isEmpty)
        #expect(try await request(h, b, event, talk, choice: early).published.isEmpty)
        #expect(try await held(h, talk) == 0)
        // A newer choice of b's takes it.
        #expect(try await request(h, b, event, talk, choice: 2).messages("events.SessionSeatReserved").count == 1)
        // Unknown sessions and registrations without an event seat are refused with their reason.
        let other = try await request(h, Identifier(), event, talk)
        #expect(try other.one("events.SessionSeatRejected", as: SessionSeatRejected.self).reason == .noEventSeat)
        let nowhere = try await request(h, b, event, Identifier())
        #expect(try nowhere.one("events.SessionSeatRejected", as: SessionSeatRejected.self).reason == .unknownSession)
        // A drop for something events never had changes nothing and fails nothing.
        #expect(try await drop(h, b, Identifier(), Identifier(), choice: 1).outcome == .handled)
    }
}

extension HarnessResult {
    /// The data of the one message published under `routingKey`.
    fileprivate func one<P: Codable & Sendable>(_ routingKey: String, as type: P.Type) throws -> P {
        let found = messages(routingKey)
        try #require(found.count == 1, "expected one \(routingKey), got \(published.map(\.routingKey))")
        return try found[0].decode(P.self)
    }
}
