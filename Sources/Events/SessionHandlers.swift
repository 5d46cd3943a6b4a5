import Messaging
import Postgres

/// UpdateSession: a session's own fields.
enum SessionHandlers {
    /// A new type may change whether the agenda is ready (the saga's moves
    /// follow); any change reaches a public programme.
    static func updateSession(
        _ envelope: Envelope<UpdateSession>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let command = envelope.data
        let (session, event) = try EventHandlers.lockedSession(command.sessionId, db)
        let slots = try session.map { try EventStore.slots(of: $0.eventId, db) } ?? []
        let hasSpeakers = slots.contains { $0.sessionId == command.sessionId && $0.status.isTaken }
        let seatsTaken = command.capacity.isGiven ? try EventStore.seatsTaken(session: command.sessionId, db) : 0
        let update = try SessionRules.update(command, session: session, event: event, hasSpeakers: hasSpeakers, seatsTaken: seatsTaken)
        if !update.changed.isEmpty { try EventStore.updateDetails(update.session, now: context.now, db) }
        try context.publish(update.updated)
        guard let event, !update.changed.isEmpty else { return }
        if update.changed.contains("sessionType") { try EventHandlers.followUps(event, invitation: false, &context, db) }
        try ProgrammeHandlers.refresh(event.id, .sessionUpdated, &context, db)
    }
}
