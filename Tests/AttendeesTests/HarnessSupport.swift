import Foundation
import Identifiers
import Messaging
import Postgres
import TestSupport
import Testing

@testable import Attendees

enum Key {
    static let register = MessageKey.command("RegisterAttendee", to: "attendees")
    static let cancel = MessageKey.command("CancelRegistration", to: "attendees")
    static let attend = MessageKey.command("RecordAttendance", to: "attendees")
    static let engage = MessageKey.command("RecordContentEngagement", to: "attendees")
    static let erase = MessageKey.command("EraseAttendee", to: "attendees")
    static let seatReserved = MessageKey.event("SeatReserved", from: "events")
    static let seatRejected = MessageKey.event("SeatRejected", from: "events")
    static let seatReleased = MessageKey.event("SeatReleased", from: "events")
    static let eventCreated = MessageKey.event("EventCreated", from: "events")
    static let statusChanged = MessageKey.event("EventStatusChanged", from: "events")
    static let updateProfile = MessageKey.command("UpdateAttendeeProfile", to: "attendees")
    static let getProfile = MessageKey.command("GetAttendeeProfile", to: "attendees")
    static let subscribe = MessageKey.command("SubscribeNewsletter", to: "attendees")
    static let unsubscribe = MessageKey.command("UnsubscribeNewsletter", to: "attendees")
    static let withdraw = MessageKey.command("WithdrawConsent", to: "attendees")
    static let choose = MessageKey.command("ChooseSessions", to: "attendees")
    static let rsvp = MessageKey.command("ConfirmAttendance", to: "attendees")
    static let sessionScheduled = MessageKey.event("SessionScheduled", from: "events")
    static let sessionCancelled = MessageKey.event("SessionCancelled", from: "events")
    static let sessionSeatReserved = MessageKey.event("SessionSeatReserved", from: "events")
    static let sessionSeatRejected = MessageKey.event("SessionSeatRejected", from: "events")
}

func attendeesHarness() async throws -> HandlerHarness {
    try await HandlerHarness.start(worker: AttendeesWorker.definition(), context: "attendees")
}

extension HarnessResult {
    /// The data of the one message published under `attendees.<name>`.
    func one<P: Codable & Sendable>(_ name: String, as type: P.Type) throws -> P {
        let found = messages("attendees.\(name)")
        try #require(found.count == 1, "expected one attendees.\(name), got \(published.map(\.routingKey))")
        return try found[0].decode(P.self)
    }

    var names: [String] { published.map(\.header.eventType) }

    var rejectionReason: String? {
        if case .rejected(let answer) = outcome { answer.reason } else { nil }
    }
}

extension HandlerHarness {
    func count(_ sql: String, _ binds: [any PostgresEncodable] = []) async throws -> Int {
        try await query(sql, binds)[0].decode(Int.self, at: 0)
    }

    func status(_ registrationId: Identifier) async throws -> String? {
        try await query("SELECT status FROM event_registrations WHERE id = $1", [registrationId]).first?.decode(String.self, at: 0)
    }

    /// Registers someone new and returns (attendeeId, registrationId).
    func registerSomeone(
        event: Identifier, email: String = "\(Identifier().description.suffix(12))@example.ch", companyId: Identifier? = nil
    ) async throws -> (attendee: Identifier, registration: Identifier) {
        let result = try await send(Key.register, data: command(eventId: event, email: email, companyId: companyId))
        let requested = try result.one("RegistrationRequested", as: RegistrationRequested.self)
        return (requested.attendeeId, requested.registrationId)
    }

    @discardableResult
    func reserve(_ registration: Identifier, event: Identifier, count: Int = 1) async throws -> HarnessResult {
        try await send(Key.seatReserved, data: SeatReserved(registrationId: registration, eventId: event, currentAttendeeCount: count))
    }

    @discardableResult
    func refuse(_ registration: Identifier, event: Identifier, _ reason: SeatRejectionReason = .eventFull) async throws -> HarnessResult {
        try await send(Key.seatRejected, data: SeatRejected(registrationId: registration, eventId: event, reason: reason))
    }

    /// A session of the event, as events' SessionScheduled tells attendees.
    func scheduleSession(event: Identifier) async throws -> Identifier {
        let session = Identifier()
        let result = try await send(Key.sessionScheduled, data: SessionScheduled(SessionCopyFields(sessionId: session, eventId: event)))
        #expect(result.outcome == .handled)
        return session
    }

    /// Someone registered and confirmed (events reserved the seat).
    func confirmSomeone(
        event: Identifier, email: String = "\(Identifier().description.suffix(12))@example.ch"
    ) async throws -> (attendee: Identifier, registration: Identifier) {
        let someone = try await registerSomeone(event: event, email: email)
        try await reserve(someone.registration, event: event)
        return someone
    }

    /// The registration's session choices as (session, status), in choice order.
    func choices(_ registration: Identifier) async throws -> [Identifier: String] {
        Dictionary(
            uniqueKeysWithValues: try await query(
                "SELECT session_id, status FROM registration_sessions WHERE registration_id = $1", [registration]
            ).map { (try $0.decode(Identifier.self, at: 0), try $0.decode(String.self, at: 1)) })
    }

    /// Waitlist positions of the event, front first, as (registration, position).
    func queue(_ event: Identifier) async throws -> [(Identifier, Int)] {
        try await query(
            "SELECT id, waitlist_position FROM event_registrations WHERE event_id = $1 AND status = 'waitlisted' ORDER BY waitlist_position",
            [event]
        ).map { (try $0.decode(Identifier.self, at: 0), try $0.decode(Int.self, at: 1)) }
    }
}
