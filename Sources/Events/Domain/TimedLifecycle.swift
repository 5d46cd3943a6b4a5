public import Foundation
public import Identifiers

/// The moves an event makes by itself, on durable timers: registration
/// closes at its deadline, the event is in progress from the start of its
/// day and completed at the end of it (each shifted by its offset).
public enum TimedLifecycle {
    /// One timed move: to `to`, due at `at`.
    public struct Move: Sendable, Equatable {
        public var to: EventStatus
        public var at: Date
    }

    /// The statuses the timed moves walk along, in order.
    static let chain: [EventStatus] = [.registrationOpen, .registrationClosed, .inProgress, .completed]

    /// Every timer of one event has this key: re-planning or cancelling
    /// drops them all at once.
    public static func timerKey(_ eventId: Identifier) -> String { "events.lifecycle.\(eventId)" }

    /// The three moves by the event's dates, in the order they fall due.
    public static func plan(eventDate: Date, registrationDeadline: Date, settings: EventsSettings) -> [Move] {
        let day = EventDay.interval(of: eventDate, in: settings.timeZone)
        return [
            Move(to: .registrationClosed, at: registrationDeadline + settings.closeOffset),
            Move(to: .inProgress, at: day.start + settings.startOffset),
            Move(to: .completed, at: day.end + settings.completeOffset),
        ]
    }

    /// What a timer for `target` does at `now`: nothing unless the move is
    /// due by the event's current dates (a timer planned for dates that
    /// moved since is stale) and the event is on the chain before `target`;
    /// then every step up to it, so an event whose day began while
    /// registration was open closes registration first. Events that never
    /// opened registration, and cancelled or archived ones, stay as they are.
    public static func advance(_ event: Event, to target: EventStatus, now: Date, settings: EventsSettings) -> [StatusChange] {
        let moves = plan(eventDate: event.eventDate, registrationDeadline: event.registrationDeadline, settings: settings)
        guard let due = moves.first(where: { $0.to == target })?.at, due <= now,
            let from = chain.firstIndex(of: event.status), let to = chain.firstIndex(of: target), from < to
        else { return [] }
        var current = event
        return chain[(from + 1)...to].map { next in
            precondition(current.status.canMove(to: next), "timed move \(current.status) → \(next) is not in the table")
            let change = EventRules.move(current, to: next, now: now)
            current.status = next
            return change
        }
    }
}
