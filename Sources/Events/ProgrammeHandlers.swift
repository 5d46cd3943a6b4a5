import Identifiers
import Messaging
import Postgres

/// The programme: announced when an event is published and again whenever
/// what it shows changes (the handlers that change it call `refresh`).
enum ProgrammeHandlers {
    /// Builds the event's programme and announces it when the event is
    /// public and the programme differs from the one announced last
    /// (EventProgrammePublished the first time, EventProgrammeChanged after).
    /// Call with the event row locked.
    static func refresh(
        _ eventId: Identifier, _ cause: ProgrammeCause, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        guard let event = try EventStore.event(eventId, db), ProgrammeRules.isPublic(event) else { return }
        let programme = ProgrammeRules.build(
            event, sessions: try EventStore.scheduledSessions(of: eventId, db), slots: try EventStore.slots(of: eventId, db),
            names: try EventStore.speakerNames(of: eventId, db), materials: try EventStore.materials(of: eventId, db)
        )
        guard let announcement = try ProgrammeRules.announce(programme, previous: try EventStore.programme(of: eventId, db), cause: cause)
        else { return }
        try EventStore.save(announcement.stored, of: eventId, now: context.now, db)
        if announcement.isFirst {
            try context.publish(EventProgrammePublished(announcement.notice))
        } else {
            try context.publish(EventProgrammeChanged(announcement.notice))
        }
    }

    /// Refreshes the programme of every event the speaker is confirmed for,
    /// locking them in id order.
    static func refresh(
        confirming speakerId: Identifier, _ cause: ProgrammeCause, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        for eventId in try EventStore.events(confirming: speakerId, db) {
            guard try EventStore.event(eventId, lock: true, db) != nil else { continue }
            try refresh(eventId, cause, &context, db)
        }
    }
}
