import Foundation
import Identifiers
public import Messaging
import Postgres

/// The events worker: event and session commands, the speaker slots fed by
/// the speakers context, and seat keeping for attendees' registrations.
public enum EventsWorker {
    public static let name = "events"

    public static func definition() -> WorkerDefinition {
        WorkerDefinition(name: name, publishes: .events(["EventCreated", "EventStatusChanged", "SessionScheduled", "SessionRescheduled", "SessionCancelled", "SpeakerSlotReopened", "SeatReserved", "SeatRejected", "SeatReleased"], from: name), handlers: EventsHandlers.commands + EventsHandlers.slots + EventsHandlers.seats)
    }
}

/// A row another transaction created between our check and our insert. The
/// kernel retries; the retry finds the row and answers accordingly.
struct LostInsertRace: Error, CustomStringConvertible {
    let description: String
}

enum EventsHandlers {
    static let eventAggregate = "Event"
    static let sessionAggregate = "Session"

    // MARK: commands

    static let commands: [RegisteredHandler] = [
        RegisteredHandler(.command("CreateEvent", to: EventsWorker.name), payload: CreateEvent.self) { envelope, context, db in
            let command = envelope.data
            var existing: Event?
            if let id = command.eventId { existing = try EventStore.event(id, db) }
            let numberTaken = existing == nil ? try EventStore.eventNumberTaken(command.eventNumber, db) : false
            // The command's id doubles as the new event's id, so a retried
            // handler creates the same event.
            switch try EventRules.create(command, newId: envelope.id, existingWithId: existing, numberTaken: numberTaken) {
            case .existing(let event):
                try context.publish("EventCreated", aggregateId: event.id, aggregateType: eventAggregate, data: event.created)
            case .create(let event):
                guard try EventStore.insert(event, now: context.now, db) else {
                    throw LostInsertRace(description: "event \(event.id) or number \(event.eventNumber) inserted concurrently")
                }
                try context.publish("EventCreated", aggregateId: event.id, aggregateType: eventAggregate, data: event.created)
            }
        },

        RegisteredHandler(.command("ChangeEventStatus", to: EventsWorker.name), payload: ChangeEventStatus.self) { envelope, context, db in
            let command = envelope.data
            guard let event = try EventStore.event(command.eventId, lock: true, db) else {
                throw CommandRejection("unknown_event", "no event \(command.eventId)")
            }
            let ready = Agenda.isReady(
                sessions: try EventStore.agendaSessions(of: event.id, db), slots: try EventStore.slots(of: event.id, db)
            )
            let change = try EventRules.changeStatus(event, to: command.status, agendaReady: ready, now: context.now)
            try EventStore.update(event.id, change, now: context.now, db)
            try context.publish(
                "EventStatusChanged", aggregateId: event.id, aggregateType: eventAggregate,
                data: change.message(eventId: event.id)
            )
        },

        RegisteredHandler(.command("ScheduleSession", to: EventsWorker.name), payload: ScheduleSession.self) { envelope, context, db in
            let command = envelope.data
            let event = try EventStore.event(command.eventId, lock: true, db)
            var existing: Session?
            if let id = command.sessionId { existing = try EventStore.session(id, db) }
            switch try SessionRules.schedule(command, newId: envelope.id, event: event, existingWithId: existing) {
            case .existing(let session):
                try context.publish(
                    "SessionScheduled", aggregateId: session.id, aggregateType: sessionAggregate, data: session.scheduled
                )
            case .schedule(let session):
                guard try EventStore.insert(session, now: context.now, db) else {
                    throw LostInsertRace(description: "session \(session.id) inserted concurrently")
                }
                try context.publish(
                    "SessionScheduled", aggregateId: session.id, aggregateType: sessionAggregate, data: session.scheduled
                )
                // A new session that needs speakers takes a drafted agenda back.
                if let event { try followUps(event, invitation: false, &context, db) }
            }
        },

        RegisteredHandler(.command("RescheduleSession", to: EventsWorker.name), payload: RescheduleSession.self) { envelope, context, db in
            let command = envelope.data
            let (session, event) = try lockedSession(command.sessionId, db)
            let moved = try SessionRules.reschedule(command, session: session, event: event)
            try EventStore.reschedule(moved, now: context.now, db)
            try context.publish(
                "SessionRescheduled", aggregateId: moved.id, aggregateType: sessionAggregate, data: moved.rescheduled
            )
        },

        RegisteredHandler(.command("CancelSession", to: EventsWorker.name), payload: CancelSession.self) { envelope, context, db in
            let command = envelope.data
            let (session, event) = try lockedSession(command.sessionId, db)
            let cancelled = try SessionRules.cancel(command, session: session)
            try EventStore.cancel(cancelled.sessionId, reason: cancelled.reason, now: context.now, db)
            try context.publish(
                "SessionCancelled", aggregateId: cancelled.sessionId, aggregateType: sessionAggregate, data: cancelled
            )
            // Without this session the rest of the agenda may be complete.
            if let event { try followUps(event, invitation: false, &context, db) }
        },
    ]

    /// The session and its event, the event locked first (the order every
    /// handler takes them in), then the session read again under the lock.
    private static func lockedSession(_ id: Identifier, _ db: isolated PostgresConnection) throws -> (Session?, Event?) {
        guard let first = try EventStore.session(id, db) else { return (nil, nil) }
        let event = try EventStore.event(first.eventId, lock: true, db)
        return (try EventStore.session(id, db), event)
    }

    /// Applies the saga's own status moves and announces each.
    private static func followUps(
        _ event: Event, invitation: Bool, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let ready = Agenda.isReady(
            sessions: try EventStore.agendaSessions(of: event.id, db), slots: try EventStore.slots(of: event.id, db)
        )
        for change in Agenda.followUps(event, invitation: invitation, ready: ready, now: context.now) {
            try EventStore.update(event.id, change, now: context.now, db)
            try context.publish(
                "EventStatusChanged", aggregateId: event.id, aggregateType: eventAggregate,
                data: change.message(eventId: event.id)
            )
        }
    }

    // MARK: speaker slots (speakers' invitation events)

    static let slots: [RegisteredHandler] = [
        ("SpeakerInvited", SlotChange.invited),
        ("SpeakerConfirmed", .confirmed),
        ("SpeakerDeclined", .declined),
        ("SpeakerInvitationExpired", .expired),
        ("SpeakerWithdrew", .withdrawn),
        ("SpeakerReleased", .released),
    ].map { name, change in
        RegisteredHandler(.event(name, from: "speakers"), payload: SpeakerSlotEvent.self) { envelope, context, db in
            try applySlot(change, envelope, &context, db)
        }
    }

    private static func applySlot(
        _ change: SlotChange, _ envelope: Envelope<SpeakerSlotEvent>, _ context: inout HandlerContext,
        _ db: isolated PostgresConnection
    ) throws {
        let data = envelope.data
        let role = data.role
        // Speakers knows sessions only from our SessionScheduled, so both
        // exist; anything else is nothing events can hold a slot for.
        guard let session = try EventStore.session(data.sessionId, db),
              let event = try EventStore.event(session.eventId, lock: true, db) else { return }
        let existing = try EventStore.slot(session: session.id, speaker: data.speakerId, db)
        let decision = Agenda.apply(
            change, to: existing, sessionId: session.id, speakerId: data.speakerId, role: role,
            occurredAt: envelope.occurredAt
        )
        guard case .write(let slot, let reopened) = decision else { return }
        try EventStore.save(slot, eventId: event.id, now: context.now, db)
        if reopened && session.status == .scheduled {
            try context.publish(
                "SpeakerSlotReopened", aggregateId: session.id, aggregateType: sessionAggregate,
                data: SpeakerSlotReopened(
                    eventId: event.id, sessionId: session.id, speakerId: data.speakerId, role: role.rawValue,
                    cause: change.rawValue, reason: data.reason
                )
            )
        }
        try followUps(event, invitation: change == .invited, &context, db)
    }

    // MARK: seats (attendees' registration events)

    static let seats: [RegisteredHandler] = [
        RegisteredHandler(.event("RegistrationRequested", from: "attendees"), payload: RegistrationRequested.self) { envelope, context, db in
            let data = envelope.data
            let event = try EventStore.event(data.eventId, lock: true, db)
            let holding = try EventStore.holding(data.registrationId, db)
            let aggregateId = data.eventId
            switch Seats.reserve(event: event, holding: holding, now: context.now) {
            case .reserve:
                let count = try EventStore.reserveSeat(
                    registration: data.registrationId, event: data.eventId, attendee: data.attendeeId, now: context.now, db
                )
                try context.publish("SeatReserved", aggregateId: aggregateId, aggregateType: eventAggregate, data: SeatReserved(
                    registrationId: data.registrationId, eventId: data.eventId, currentAttendeeCount: count
                ))
            case .alreadyHeld(let count):
                try context.publish("SeatReserved", aggregateId: aggregateId, aggregateType: eventAggregate, data: SeatReserved(
                    registrationId: data.registrationId, eventId: data.eventId, currentAttendeeCount: count
                ))
            case .reject(let reason):
                try context.publish("SeatRejected", aggregateId: aggregateId, aggregateType: eventAggregate, data: SeatRejected(
                    registrationId: data.registrationId, eventId: data.eventId, reason: reason.rawValue
                ))
            case .ignore:
                break
            }
        },

        RegisteredHandler(.event("RegistrationCancelled", from: "attendees"), payload: RegistrationCancelled.self) { envelope, context, db in
            let data = envelope.data
            let event = try EventStore.event(data.eventId, lock: true, db)
            let holding = try EventStore.holding(data.registrationId, db)
            switch Seats.release(event: event, holding: holding) {
            case .release:
                let count = try EventStore.releaseSeat(registration: data.registrationId, event: data.eventId, now: context.now, db)
                try context.publish(
                    "SeatReleased", aggregateId: data.eventId, aggregateType: eventAggregate,
                    data: SeatReleased(registrationId: data.registrationId, eventId: data.eventId, currentAttendeeCount: count)
                )
            case .remember:
                try EventStore.rememberCancellation(registration: data.registrationId, event: data.eventId, now: context.now, db)
            case .ignore:
                break
            }
        },
    ]
}
