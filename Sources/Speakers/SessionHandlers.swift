import Foundation
import Messaging
import Postgres

/// Compensation, speakers' side: the copy of events' sessions, and what a
/// reschedule or a cancellation does to the speakers assigned.
enum SessionHandlers {
    static func sessionScheduled(
        _ envelope: Envelope<SessionScheduled>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        _ = try SpeakerStore.saveTimetable(copy(envelope.data.fields), asOf: envelope.occurredAt, now: context.now, db)
    }

    static func sessionRescheduled(
        _ envelope: Envelope<SessionRescheduled>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let timetable = copy(envelope.data.fields)
        // The upsert locks the session row: first in the lock order.
        guard try SpeakerStore.saveTimetable(timetable, asOf: envelope.occurredAt, now: context.now, db),
            let session = try SpeakerStore.session(timetable.id, lock: true, db), session.status == .scheduled
        else { return }
        try recheckConfirmed(session, &context, db)
    }

    /// UpdateSession does not move a session, but its answer carries the
    /// times: when it overtakes a SessionRescheduled (which the copy then
    /// ignores as older), the move is checked here instead.
    static func sessionUpdated(
        _ envelope: Envelope<SessionUpdated>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let timetable = copy(envelope.data.fields)
        // Locks the session row first (the lock order), then writes it.
        let before = try SpeakerStore.session(timetable.id, lock: true, db)
        guard try SpeakerStore.saveTimetable(timetable, asOf: envelope.occurredAt, now: context.now, db),
            let before, before.status == .scheduled, before.startTime != timetable.startTime || before.endTime != timetable.endTime,
            let session = try SpeakerStore.session(timetable.id, db)
        else { return }
        try recheckConfirmed(session, &context, db)
    }

    static func sessionCancelled(
        _ envelope: Envelope<SessionCancelled>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let data = envelope.data
        guard try SpeakerStore.session(data.sessionId, lock: true, db) != nil else {
            throw SessionNotYetKnown(description: "SessionCancelled for \(data.sessionId) before SessionScheduled")
        }
        try SpeakerStore.cancelSession(data.sessionId, asOf: envelope.occurredAt, now: context.now, db)
        let active = try SpeakerStore.assignments(of: data.sessionId, db).filter { $0.status.isActive }
        try SpeakerStore.lockSpeakers(active.map(\.speakerId), db)
        for assignment in try SpeakerStore.assignments(of: data.sessionId, db) {
            try release(assignment, reason: ReleaseReason.sessionCancelled, &context, db)
        }
    }

    private static func copy(_ data: SessionTimetabled) -> SessionCopy {
        SessionCopy(
            id: data.sessionId, eventId: data.eventId, sessionType: data.sessionType, startTime: data.startTime,
            endTime: data.endTime, room: data.room, status: .scheduled, title: data.title, description: data.description
        )
    }

    /// Compensation after a reschedule: a speaker confirmed for the session
    /// who is now confirmed for an overlapping one too is released with
    /// reason `conflict`; the others keep it, with their availability timer moved.
    private static func recheckConfirmed(
        _ session: SessionCopy, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let confirmed = try SpeakerStore.assignments(of: session.id, db).filter { $0.status == .confirmed }
        try SpeakerStore.lockSpeakers(confirmed.map(\.speakerId), db)
        for assignment in try SpeakerStore.assignments(of: session.id, db) where assignment.status == .confirmed {
            let others = try SpeakerStore.otherConfirmedSessions(of: assignment.speakerId, excluding: session.id, db)
            if Invitations.conflicts(session, otherConfirmed: others) {
                try release(assignment, reason: ReleaseReason.conflict, &context, db)
            } else {
                context.cancelTimers(key: assignment.availabilityTimerKey)
                try SpeakerHandlers.scheduleAvailabilityRefresh(assignment, at: session.endTime, &context)
                try SpeakerHandlers.refreshAvailability(assignment.speakerId, &context, db)
            }
        }
    }

    /// Releases an active invitation (its speaker already locked) and says so.
    static func release(
        _ assignment: Assignment, reason: String, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        guard let released = Invitations.release(assignment, reason: reason, now: context.now) else { return }
        try SpeakerStore.save(released, now: context.now, db)
        context.cancelTimers(key: released.timerKey)
        context.cancelTimers(key: released.availabilityTimerKey)
        try context.publish(
            SpeakerReleased(
                speakerId: released.speakerId, sessionId: released.sessionId, eventId: released.eventId,
                role: released.role.rawValue, reason: reason
            ),
            aggregateId: released.id
        )
        try SpeakerHandlers.refreshAvailability(released.speakerId, &context, db)
    }
}
