import Foundation
import Messaging
import Postgres

/// The event's own end: cancellation (the first step of the cancellation
/// saga) and the timed moves of its lifecycle.
enum LifecycleHandlers {
    /// Cancels the event, frees every seat and drops its lifecycle timers in
    /// one transaction; attendees and speakers follow `EventCancelled`.
    static func cancelEvent(
        _ envelope: Envelope<CancelEvent>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let (event, reason) = try EventRules.cancel(envelope.data, event: try EventStore.event(envelope.data.eventId, lock: true, db))
        let freed = try EventStore.cancelEvent(event.id, reason: reason, now: context.now, db)
        try EventStore.dropProgramme(of: event.id, db)
        context.cancelTimers(key: TimedLifecycle.timerKey(event.id))
        try context.publish(
            EventCancelled(eventId: event.id, reason: reason, previousStatus: event.status.rawValue, seatsReleased: freed)
        )
    }

    /// A timer's move, when it is still due by the event's dates.
    static func advanceLifecycle(_ settings: EventsSettings) -> HandlerFunction<AdvanceEventLifecycle> {
        { envelope, context, db in
            guard let event = try EventStore.event(envelope.data.eventId, lock: true, db) else { return }
            for change in TimedLifecycle.advance(event, to: envelope.data.to, now: context.now, settings: settings) {
                try EventStore.update(event.id, change, now: context.now, db)
                try context.publish(change.message(eventId: event.id))
            }
        }
    }

    /// (Re)plans the event's timed moves: drops the timers planned before
    /// and sets one per move.
    static func plan(_ event: Event, _ settings: EventsSettings, _ context: inout HandlerContext) throws {
        let key = TimedLifecycle.timerKey(event.id)
        context.cancelTimers(key: key)
        for move in TimedLifecycle.plan(eventDate: event.eventDate, registrationDeadline: event.registrationDeadline, settings: settings) {
            try context.schedule(AdvanceEventLifecycle(eventId: event.id, to: move.to), at: move.at, timerKey: key)
        }
    }
}
