import Foundation
import Identifiers
import Messaging
import Postgres

/// Load, decide (Domain), write (Store), publish. Each runs in the kernel's
/// transaction; a CommandRejection undoes everything it wrote.
enum Handlers {
    // MARK: commands

    static func registerAttendee(
        _ envelope: Envelope<RegisterAttendee>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let input = try command { () throws(Rejection) in try Validation.register(envelope.data) }
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
        try publish(decision.events, &context)
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
        try publish(decision.events, &context)
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
        try publish(decision.events, &context)
    }

    static func recordContentEngagement(
        _ envelope: Envelope<RecordContentEngagement>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let input = try command { () throws(Rejection) in try Validation.engagement(envelope.data) }
        // Locked: an erasure cannot slip in between the check and the insert.
        let attendee = try Store.attendee(id: input.attendeeId, lock: true, db)
        let decision = try command { () throws(Rejection) in
            try EngagementRules.record(input, attendee: attendee, engagementId: Identifier(), now: context.now)
        }
        try Store.insert(decision.engagement, db)
        try publish([decision.event], &context)
    }

    static func eraseAttendee(
        _ envelope: Envelope<EraseAttendee>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let id = envelope.data.attendeeId
        // Event locks before rows: every event the attendee is registered for.
        let seen = try Store.registrations(attendeeId: id, lock: false, db)
        var locked = Set<Identifier>()
        for eventId in Set(seen.map(\.eventId)).sorted() {
            try Store.lockWaitlist(eventId: eventId, now: context.now, db)
            locked.insert(eventId)
        }
        let attendee = try Store.attendee(id: id, lock: true, db)
        let registrations = try Store.registrations(attendeeId: id, lock: true, db)
        // A registration that appeared since the first read and is waitlisted.
        for registration in registrations where registration.status == .waitlisted && !locked.contains(registration.eventId) {
            try Store.lockWaitlist(eventId: registration.eventId, now: context.now, db)
        }
        let decision = try command { () throws(Rejection) in
            try Erasure.decide(attendee, id: id, registrations: registrations, now: context.now)
        }
        for registration in decision.registrations { try Store.apply(registration, db) }
        if let anonymous = decision.attendee {
            try Store.update(anonymous, db)
            try Store.forgetPublishedEmail(attendeeId: id, db)
        }
        // Her commands and events may still wait in retry or parking queues.
        let email = attendee?.personal.map { [$0.email] } ?? []
        try context.forgetMessages(mentioning: [id.description] + email, reason: "attendee_erased")
        try publish(decision.events, &context)
    }

    // MARK: the seat side, from events

    static func seatReserved(
        _ envelope: Envelope<SeatReserved>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        // Not ours (another deployment's, or a restore): nothing to do.
        guard let registration = try lockedRegistration(envelope.data.registrationId, now: context.now, db) else { return }
        let decision = SeatSaga.seatReserved(registration, now: context.now)
        try Store.apply(decision, db)
        try publish(decision.events, &context)
    }

    static func seatRejected(
        _ envelope: Envelope<SeatRejected>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        guard let registration = try lockedRegistration(envelope.data.registrationId, now: context.now, db) else { return }
        let length = try Store.waitlistLength(eventId: registration.eventId, db)
        let decision = SeatSaga.seatRejected(registration, reason: envelope.data.reason, waitlistLength: length, now: context.now)
        try Store.apply(decision, db)
        try publish(decision.events, &context)
        // Someone may now wait for a seat that was freed before this refusal
        // was taken: offer it. Other reasons would only be refused again.
        if envelope.data.reason == .eventFull {
            try offerUnclaimedSeats(eventId: registration.eventId, freed: 0, &context, db)
        }
    }

    static func seatReleased(
        _ envelope: Envelope<SeatReleased>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let eventId = envelope.data.eventId
        try Store.lockWaitlist(eventId: eventId, now: context.now, db)
        try offerUnclaimedSeats(eventId: eventId, freed: 1, &context, db)
    }

    /// The oldest waitlisted registration not already asking asks for a freed
    /// seat; a seat nobody can ask for yet is kept for the next one who can.
    /// Call with the event's waitlist lock held.
    private static func offerUnclaimedSeats(
        eventId: Identifier, freed: Int, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let stored = try Store.unclaimedSeats(eventId: eventId, db)
        guard stored + freed > 0 else { return }
        let offer = SeatSaga.offer(
            unclaimed: stored + freed, capacity: try Store.eventCopy(id: eventId, db)?.venueCapacity,
            to: try Store.waitlisted(eventId: eventId, db), now: context.now
        )
        if let decision = offer.decision {
            try Store.apply(decision, db)
            try publish(decision.events, &context)
        }
        if offer.unclaimed != stored { try Store.setUnclaimedSeats(eventId: eventId, offer.unclaimed, db) }
    }

    // MARK: the local copy of events

    static func eventCreated(
        _ envelope: Envelope<EventCreated>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let existing = try Store.eventCopy(id: envelope.data.eventId, db)
        let copy = EventCopies.created(envelope.data, occurredAt: envelope.occurredAt, existing: existing)
        try Store.save(copy, now: context.now, db)
    }

    static func eventStatusChanged(
        _ envelope: Envelope<EventStatusChanged>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let eventId = envelope.data.eventId
        try Store.lockWaitlist(eventId: eventId, now: context.now, db)
        let existing = try Store.eventCopy(id: eventId, db)
        guard let copy = EventCopies.statusChanged(envelope.data, occurredAt: envelope.occurredAt, existing: existing) else {
            throw NotYetKnown(description: "event \(eventId) changed status before its EventCreated arrived")
        }
        try Store.save(copy, now: context.now, db)
        guard EventCopies.closesWaitlist(copy.status) else { return }
        for decision in SeatSaga.closeWaitlist(try Store.waitlisted(eventId: eventId, db), now: context.now) {
            try Store.apply(decision, db)
            try publish(decision.events, &context)
        }
    }

    // MARK: helpers

    /// The registration, locked, with its event's waitlist lock taken first.
    /// A registration never changes event, so the unlocked first read is safe.
    private static func lockedRegistration(_ id: Identifier, now: Date, _ db: isolated PostgresConnection) throws -> Registration? {
        guard let first = try Store.registration(id: id, lock: false, db) else { return nil }
        try Store.lockWaitlist(eventId: first.eventId, now: now, db)
        return try Store.registration(id: id, lock: true, db)
    }

    /// Runs a pure rule; its Rejection becomes the command's CommandRejected.
    private static func command<T>(_ rule: () throws(Rejection) -> T) throws(CommandRejection) -> T {
        do {
            return try rule()
        } catch {
            throw CommandRejection(error.reason, error.message)
        }
    }

    private static func publish(_ events: [AttendeesEvent], _ context: inout HandlerContext) throws {
        for event in events {
            switch event {
            case .attendeeRegistered(let data): try context.publish(data)
            case .registrationRequested(let data): try context.publish(data)
            case .registrationConfirmed(let data): try context.publish(data)
            case .registrationWaitlisted(let data): try context.publish(data)
            case .registrationRejected(let data): try context.publish(data)
            case .registrationCancelled(let data): try context.publish(data)
            case .attendanceRecorded(let data): try context.publish(data)
            case .contentEngaged(let data): try context.publish(data)
            case .attendeeErased(let data): try context.publish(data)
            }
        }
    }
}
