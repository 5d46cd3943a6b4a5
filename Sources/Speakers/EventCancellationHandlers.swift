import Foundation
import Messaging
import Postgres

/// speakers' step of the event cancellation saga.
enum EventCancellationHandlers {
    /// Every invitation of the event still open or held is released
    /// (`SpeakerReleased`, reason `event_cancelled`) with its reminder,
    /// expiry and availability timers; the event's session copies are
    /// cancelled, so no new invitation to them is accepted. Delivered
    /// again, it finds nothing left to release.
    static func eventCancelled(
        _ envelope: Envelope<EventCancelled>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let eventId = envelope.data.eventId
        try SpeakerStore.cancelSessions(ofEvent: eventId, asOf: envelope.occurredAt, now: context.now, db)
        try SpeakerStore.lockSpeakers(try SpeakerStore.activeAssignments(ofEvent: eventId, db).map(\.speakerId), db)
        for assignment in try SpeakerStore.activeAssignments(ofEvent: eventId, db) {
            try SessionHandlers.release(assignment, reason: ReleaseReason.eventCancelled, &context, db)
        }
    }
}

extension ReleaseReason {
    public static let eventCancelled = "event_cancelled"
}
