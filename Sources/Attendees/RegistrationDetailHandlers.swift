import Foundation
import Identifiers
import Messaging
import Postgres

/// A registration's details: the sessions chosen (with their seats, from
/// events) and the attendee's RSVP.
enum RegistrationDetailHandlers {
    static func chooseSessions(
        _ envelope: Envelope<ChooseSessions>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let id = envelope.data.registrationId
        let (locked, attendee) = try lockedWithAttendee(id, db)
        let registration = try RegistrationHandlers.command { () throws(Rejection) in
            try SessionChoosing.requireChoosable(locked, id: id, attendee: attendee)
        }
        let sessions = try Store.sessions(envelope.data.sessionIds, db)
        let chosen = try RegistrationHandlers.command { () throws(Rejection) in
            try SessionChoosing.check(envelope.data.sessionIds, eventId: registration.eventId, sessions: sessions)
        }
        let decision = SessionChoosing.choose(
            chosen, registration: registration, current: try Store.choices(registrationId: id, db), now: context.now
        )
        try Store.apply(decision, db)
        try context.publish(decision.events)
    }

    static func confirmAttendance(
        _ envelope: Envelope<ConfirmAttendance>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let id = envelope.data.registrationId
        let (registration, attendee) = try lockedWithAttendee(id, db)
        let decision = try RegistrationHandlers.command { () throws(Rejection) in
            try AttendanceConfirmation.confirm(registration, id: id, attendee: attendee, now: context.now)
        }
        try Store.apply(decision, db)
        try context.publish(decision.events)
    }

    /// The registration and its attendee, locked, attendee first (the lock
    /// order); a registration never changes attendee, so the first read is safe.
    private static func lockedWithAttendee(
        _ id: Identifier, _ db: isolated PostgresConnection
    ) throws -> (registration: Registration?, attendee: Attendee?) {
        let first = try Store.registration(id: id, lock: false, db)
        let attendee = try first.flatMap { try Store.attendee(id: $0.attendeeId, lock: true, db) }
        return (try Store.registration(id: id, lock: true, db), attendee)
    }

    /// The registration just got its event seat: its pending session choices
    /// ask for theirs. Call with the registration locked.
    static func askPendingSeats(_ registration: Registration, _ context: inout HandlerContext, _ db: isolated PostgresConnection) throws {
        let decision = SessionChoosing.askPending(
            registration, choices: try Store.choices(registrationId: registration.id, db), now: context.now
        )
        try Store.apply(decision, db)
        try context.publish(decision.events)
    }
}
