import Identifiers
import Messaging
import Postgres

/// The events worker's commands: events, their status, and their sessions.
enum EventHandlers {
    /// A new event's timed lifecycle is planned with it.
    static func createEvent(_ settings: EventsSettings) -> HandlerFunction<CreateEvent> {
        { envelope, context, db in
            let command = envelope.data
            var existing: Event?
            if let id = command.eventId { existing = try EventStore.event(id, db) }
            let numberTaken = existing == nil ? try EventStore.eventNumberTaken(command.eventNumber, db) : false
            // The command's id doubles as the new event's id, so a retried
            // handler creates the same event.
            switch try EventRules.create(command, newId: envelope.id, existingWithId: existing, numberTaken: numberTaken) {
            case .existing(let event):
                try context.publish(event.created)
            case .create(let event):
                guard try EventStore.insert(event, now: context.now, db) else {
                    throw LostInsertRace(description: "event \(event.id) or number \(event.eventNumber) inserted concurrently")
                }
                try LifecycleHandlers.plan(event, settings, &context)
                try context.publish(event.created)
            }
        }
    }

    /// A moved date or deadline plans the timed lifecycle again.
    static func updateEvent(_ settings: EventsSettings) -> HandlerFunction<UpdateEvent> {
        { envelope, context, db in
            let command = envelope.data
            let event = try EventStore.event(command.eventId, lock: true, db)
            let sessions = try event.map { try EventStore.scheduledSessions(of: $0.id, db) } ?? []
            let update = try EventRules.update(command, event: event, sessions: sessions, timeZone: settings.timeZone)
            if !update.changed.isEmpty { try EventStore.updateDetails(update.event, now: context.now, db) }
            if update.datesChanged { try LifecycleHandlers.plan(update.event, settings, &context) }
            try context.publish(update.updated)
            try ProgrammeHandlers.refresh(update.event.id, .eventUpdated, &context, db)
        }
    }

    static func defineEventTopic(
        _ envelope: Envelope<DefineEventTopic>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let command = envelope.data
        let event = try EventStore.event(command.eventId, lock: true, db)
        var existing: Topic?
        if let id = command.topicId { existing = try EventStore.topic(id, db) }
        let taken = try event.map { try EventStore.topicTitleTaken($0.id, command.title, db) } ?? false
        // The command's id doubles as the new topic's id, so a retried handler creates the same topic.
        switch try TopicRules.define(
            command, newId: envelope.id, event: event, existingWithId: existing, titleTaken: taken, now: context.now
        ) {
        case .existing(let topic):
            try context.publish(topic.defined)
        case .define(let topic, let change):
            guard try EventStore.insert(topic, now: context.now, db) else {
                throw LostInsertRace(description: "topic \(topic.id) or its title inserted concurrently")
            }
            try context.publish(topic.defined)
            if let change, let event {
                try EventStore.update(event.id, change, now: context.now, db)
                try context.publish(change.message(eventId: event.id))
            }
        }
    }

    static func changeEventStatus(
        _ envelope: Envelope<ChangeEventStatus>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let command = envelope.data
        guard let event = try EventStore.event(command.eventId, lock: true, db) else {
            throw CommandRejection("unknown_event", "no event \(command.eventId)")
        }
        let ready = Agenda.isReady(
            sessions: try EventStore.agendaSessions(of: event.id, db), slots: try EventStore.slots(of: event.id, db)
        )
        let change = try EventRules.changeStatus(event, to: command.status, agendaReady: ready, now: context.now)
        try EventStore.update(event.id, change, now: context.now, db)
        try context.publish(change.message(eventId: event.id))
        // Publishing the event publishes its programme.
        if change.to == .published { try ProgrammeHandlers.refresh(event.id, .published, &context, db) }
    }

    static func scheduleSession(
        _ envelope: Envelope<ScheduleSession>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let command = envelope.data
        let event = try EventStore.event(command.eventId, lock: true, db)
        var existing: Session?
        if let id = command.sessionId { existing = try EventStore.session(id, db) }
        switch try SessionRules.schedule(command, newId: envelope.id, event: event, existingWithId: existing) {
        case .existing(let session):
            try context.publish(session.scheduled)
        case .schedule(let session):
            guard try EventStore.insert(session, now: context.now, db) else {
                throw LostInsertRace(description: "session \(session.id) inserted concurrently")
            }
            try context.publish(session.scheduled)
            // A new session that needs speakers takes a drafted agenda back.
            if let event { try followUps(event, invitation: false, &context, db) }
            try ProgrammeHandlers.refresh(session.eventId, .sessionScheduled, &context, db)
        }
    }

    static func rescheduleSession(
        _ envelope: Envelope<RescheduleSession>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let command = envelope.data
        let (session, event) = try lockedSession(command.sessionId, db)
        let moved = try SessionRules.reschedule(command, session: session, event: event)
        try EventStore.reschedule(moved, now: context.now, db)
        try context.publish(moved.rescheduled)
        try ProgrammeHandlers.refresh(moved.eventId, .sessionRescheduled, &context, db)
    }

    static func cancelSession(
        _ envelope: Envelope<CancelSession>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let command = envelope.data
        let (session, event) = try lockedSession(command.sessionId, db)
        let cancelled = try SessionRules.cancel(command, session: session)
        try EventStore.cancel(cancelled.sessionId, reason: cancelled.reason, now: context.now, db)
        try context.publish(cancelled)
        // Without this session the rest of the agenda may be complete.
        if let event { try followUps(event, invitation: false, &context, db) }
        try ProgrammeHandlers.refresh(cancelled.eventId, .sessionCancelled, &context, db)
    }

    /// Applies the saga's own status moves and announces each.
    static func followUps(
        _ event: Event, invitation: Bool, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let ready = Agenda.isReady(
            sessions: try EventStore.agendaSessions(of: event.id, db), slots: try EventStore.slots(of: event.id, db)
        )
        for change in Agenda.followUps(event, invitation: invitation, ready: ready, now: context.now) {
            try EventStore.update(event.id, change, now: context.now, db)
            try context.publish(change.message(eventId: event.id))
        }
    }

    /// The session and its event, the event locked first (the order every
    /// handler takes them in), then the session read again under the lock.
    static func lockedSession(_ id: Identifier, _ db: isolated PostgresConnection) throws -> (Session?, Event?) {
        guard let first = try EventStore.session(id, db) else { return (nil, nil) }
        let event = try EventStore.event(first.eventId, lock: true, db)
        return (try EventStore.session(id, db), event)
    }
}
