public import Foundation
public import Messaging

/// What UpdateEvent does to an event.
public struct EventUpdate: Sendable, Equatable {
    /// The event after the update.
    public var event: Event
    /// The names of the fields that changed, in the command's order.
    public var changed: [String]
    /// Seats a raised capacity opened (0 otherwise).
    public var seatsAdded: Int

    /// The timed lifecycle is planned again when a date it runs by moved.
    public var datesChanged: Bool { changed.contains("eventDate") || changed.contains("registrationDeadline") }

    public var updated: EventUpdated {
        EventUpdated(
            eventId: event.id, changed: changed, title: event.title, description: event.description, eventDate: event.eventDate,
            registrationDeadline: event.registrationDeadline, venueName: event.venueName, venueAddress: event.venueAddress,
            venueCapacity: event.venueCapacity, metadata: event.metadata, seatsAdded: seatsAdded
        )
    }
}

extension EventRules {
    /// Applies the fields the command names, with CreateEvent's rules, and:
    /// the capacity may not drop below the seats held; a new date must hold
    /// every scheduled session (`sessions`) within its day. An update of a
    /// cancelled or finished event is refused. Naming a field with its
    /// current value changes nothing.
    public static func update(
        _ command: UpdateEvent, event: Event?, sessions: [Session], timeZone: TimeZone
    ) throws(CommandRejection) -> EventUpdate {
        guard let event else { throw CommandRejection("unknown_event", "no event \(command.eventId)") }
        if event.status == .cancelled {
            throw CommandRejection("event_cancelled", "event \(event.id) is cancelled")
        }
        guard event.status.acceptsSessionChanges else {
            throw CommandRejection("event_finished", "event \(event.id) is \(event.status.rawValue); it can no longer change")
        }
        var next = event
        if let title = command.title { next.title = try Validate.required(title, "title", max: 255) }
        if let description = command.description { next.description = try Validate.optional(description, "description") }
        if let venueName = command.venueName { next.venueName = try Validate.required(venueName, "venue_name", max: 255) }
        if let venueAddress = command.venueAddress { next.venueAddress = try Validate.required(venueAddress, "venue_address") }
        if let capacity = command.venueCapacity {
            guard Validate.int32Range.contains(capacity) else {
                throw CommandRejection("invalid_capacity", "venueCapacity must be positive (got \(capacity))")
            }
            guard capacity >= event.currentAttendeeCount else {
                throw CommandRejection(
                    "capacity_below_confirmed",
                    "venueCapacity \(capacity) is below the \(event.currentAttendeeCount) seats held"
                )
            }
            next.venueCapacity = capacity
        }
        if let metadata = command.metadata {
            guard case .object = metadata else { throw CommandRejection("invalid_metadata", "metadata must be a JSON object") }
            next.metadata = metadata
        }
        if let date = command.eventDate { next.eventDate = date }
        if let deadline = command.registrationDeadline { next.registrationDeadline = deadline }
        guard next.registrationDeadline <= next.eventDate else {
            throw CommandRejection("deadline_after_event_date", "registrationDeadline must not be after eventDate")
        }
        if next.eventDate != event.eventDate {
            let day = EventDay.interval(of: next.eventDate, in: timeZone)
            let outside = sessions.filter { $0.status == .scheduled && !EventDay.holds($0, day: day) }
            guard outside.isEmpty else {
                throw CommandRejection(
                    "sessions_outside_event_date",
                    "\(outside.count) scheduled session(s) would lie outside the new event day; reschedule or cancel them first"
                )
            }
        }
        let fields: [(String, Bool)] = [
            ("title", next.title != event.title), ("description", next.description != event.description),
            ("eventDate", next.eventDate != event.eventDate),
            ("registrationDeadline", next.registrationDeadline != event.registrationDeadline),
            ("venueName", next.venueName != event.venueName), ("venueAddress", next.venueAddress != event.venueAddress),
            ("venueCapacity", next.venueCapacity != event.venueCapacity), ("metadata", next.metadata != event.metadata),
        ]
        return EventUpdate(
            event: next, changed: fields.filter(\.1).map(\.0), seatsAdded: max(0, next.venueCapacity - event.venueCapacity)
        )
    }

    /// CancelEvent: an event that has not taken place yet, with a reason.
    /// A second cancellation is refused and changes nothing.
    public static func cancel(_ command: CancelEvent, event: Event?) throws(CommandRejection) -> (event: Event, reason: String) {
        guard let event else { throw CommandRejection("unknown_event", "no event \(command.eventId)") }
        if event.status == .cancelled {
            throw CommandRejection("event_cancelled", "event \(event.id) is already cancelled")
        }
        guard event.status.isCancellable else {
            throw CommandRejection("event_finished", "event \(event.id) is \(event.status.rawValue); it can no longer be cancelled")
        }
        return (event, try Validate.required(command.reason, "reason", max: Validate.reasonLimit))
    }
}
