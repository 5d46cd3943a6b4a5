import Foundation
import Identifiers
import Messaging
import Postgres

/// The attendees worker's commands: registration, cancellation, attendance,
/// engagement and erasure. Load, decide (Domain), write (Store), publish, in
/// the kernel's transaction; a CommandRejection undoes everything written.
enum RegistrationHandlers {
    static func registerAttendee(
        _ envelope: Envelope<RegisterAttendee>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let input = try command { () throws(Rejection) in try Validation.register(envelope.data) }
        let sessions = try Store.sessions(input.sessionPreferences, db)
        let chosen = try command { () throws(Rejection) in
            try SessionChoosing.check(input.sessionPreferences, eventId: input.eventId, sessions: sessions)
        }
        let attendee = try Store.attendee(email: input.personal.email, db)
        let registration = try attendee.flatMap { try Store.registration(eventId: input.eventId, attendeeId: $0.id, db) }
        let decision = try command { () throws(Rejection) in
            try Registering.decide(
                input, attendee: attendee, registration: registration, newIds: (Identifier(), Identifier()), now: context.now
            )
        }
        if decision.attendeeIsNew {
            try Store.insert(decision.attendee, db)
        } else {
            try Store.update(decision.attendee, db)
        }
        try Store.apply(decision.registration, db)
        try context.publish(decision.events)
        // A new registration's sessions; an existing one changes them with ChooseSessions.
        guard decision.registration.before == nil, !chosen.isEmpty else { return }
        let choices = SessionChoosing.choose(chosen, registration: decision.registration.registration, current: [], now: context.now)
        try Store.apply(choices, db)
        try context.publish(choices.events)
    }

    static func cancelRegistration(
        _ envelope: Envelope<CancelRegistration>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let id = envelope.data.registrationId
        let registration = try lockedRegistration(id, now: context.now, db)
        let decision = try command { () throws(Rejection) in
            try RegistrationRules.cancel(registration, id: id, now: context.now)
        }
        try Store.apply(decision, db)
        try context.publish(decision.events)
    }

    static func recordAttendance(
        _ envelope: Envelope<RecordAttendance>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let id = envelope.data.registrationId
        // confirmed -> attended never touches the waitlist: no event lock.
        let registration = try Store.registration(id: id, lock: true, db)
        let attendee = try registration.flatMap { try Store.attendee(id: $0.attendeeId, lock: false, db) }
        let decision = try command { () throws(Rejection) in
            try RegistrationRules.recordAttendance(registration, id: id, companyId: attendee?.companyId, now: context.now)
        }
        try Store.apply(decision, db)
        try context.publish(decision.events)
    }

    static func recordContentEngagement(
        _ envelope: Envelope<RecordContentEngagement>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let input = try command { () throws(Rejection) in try Validation.engagement(envelope.data) }
        // Locked: an erasure cannot slip in between the check and the insert.
        let attendee = try Store.attendee(id: input.attendeeId, lock: true, db)
        let known = try Store.contentKnown(input.contentId, db)
        let decision = try command { () throws(Rejection) in
            try EngagementRules.record(input, attendee: attendee, contentKnown: known, engagementId: Identifier(), now: context.now)
        }
        try Store.insert(decision.engagement, db)
        try context.publish([decision.event])
    }

    static func eraseAttendee(
        _ envelope: Envelope<EraseAttendee>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let id = envelope.data.attendeeId
        let (attendee, registrations) = try lockedAttendee(id, now: context.now, db)
        let decision = try command { () throws(Rejection) in
            try Erasure.decide(attendee, id: id, registrations: registrations, now: context.now)
        }
        for registration in decision.registrations { try Store.apply(registration, db) }
        if let anonymous = decision.attendee {
            try Store.update(anonymous, db)
            try Store.forgetPublished(Store.personalMessageTypes, attendeeId: id, db)
        }
        // Her commands and events may still wait in retry or parking queues.
        let email = attendee?.personal.map { [$0.email] } ?? []
        try context.forgetMessages(mentioning: [id.description] + email, reason: "attendee_erased")
        try context.publish(decision.events)
    }

    /// The attendee and all her registrations, locked, with the waitlist lock
    /// of every event she is registered for taken first (the lock order):
    /// what erasure and consent withdrawal need to cancel them.
    static func lockedAttendee(
        _ id: Identifier, now: Date, _ db: isolated PostgresConnection
    ) throws -> (attendee: Attendee?, registrations: [Registration]) {
        let seen = try Store.registrations(attendeeId: id, lock: false, db)
        var locked = Set<Identifier>()
        for eventId in Set(seen.map(\.eventId)).sorted() {
            try Store.lockWaitlist(eventId: eventId, now: now, db)
            locked.insert(eventId)
        }
        let attendee = try Store.attendee(id: id, lock: true, db)
        let registrations = try Store.registrations(attendeeId: id, lock: true, db)
        // A registration that appeared since the first read and is waitlisted.
        for registration in registrations where registration.status == .waitlisted && !locked.contains(registration.eventId) {
            try Store.lockWaitlist(eventId: registration.eventId, now: now, db)
        }
        return (attendee, registrations)
    }

    /// The registration, locked, with its event's waitlist lock taken first.
    /// A registration never changes event, so the unlocked first read is safe.
    static func lockedRegistration(_ id: Identifier, now: Date, _ db: isolated PostgresConnection) throws -> Registration? {
        guard let first = try Store.registration(id: id, lock: false, db) else { return nil }
        try Store.lockWaitlist(eventId: first.eventId, now: now, db)
        return try Store.registration(id: id, lock: true, db)
    }

    /// Runs a pure rule; its Rejection becomes the command's CommandRejected.
    static func command<T>(_ rule: () throws(Rejection) -> T) throws(CommandRejection) -> T {
        do {
            return try rule()
        } catch {
            throw CommandRejection(error.reason, error.message)
        }
    }
}
