public import Foundation
public import Identifiers

/// The local copy of an event (`event_copies`), fed by the events context.
public struct EventCopy: Sendable, Hashable {
    public var eventId: Identifier
    public var eventNumber: Int
    public var title: String
    public var eventDate: Date
    public var registrationDeadline: Date
    public var venueCapacity: Int
    public var status: EventStatus
    /// occurredAt of the message that set `status`.
    public var statusChangedAt: Date
    /// occurredAt of the message that set the title, dates and capacity.
    public var detailsChangedAt: Date

    public init(
        eventId: Identifier, eventNumber: Int, title: String, eventDate: Date, registrationDeadline: Date,
        venueCapacity: Int, status: EventStatus, statusChangedAt: Date, detailsChangedAt: Date? = nil
    ) {
        self.eventId = eventId
        self.eventNumber = eventNumber
        self.title = title
        self.eventDate = eventDate
        self.registrationDeadline = registrationDeadline
        self.venueCapacity = venueCapacity
        self.status = status
        self.statusChangedAt = statusChangedAt
        self.detailsChangedAt = detailsChangedAt ?? statusChangedAt
    }
}

/// Keeping the copy current whatever order the events' messages arrive in:
/// the status of the latest message (by occurredAt) wins.
public enum EventCopies {
    /// `cancelledAt`: when an EventCancelled taken before this message
    /// (lanes, replicas, retries) found no copy to mark; the copy is cancelled.
    public static func created(_ event: EventCreated, occurredAt: Date, existing: EventCopy?, cancelledAt: Date? = nil) -> EventCopy {
        var copy = EventCopy(
            eventId: event.eventId, eventNumber: event.eventNumber, title: event.title, eventDate: event.eventDate,
            registrationDeadline: event.registrationDeadline, venueCapacity: event.venueCapacity, status: event.status,
            statusChangedAt: occurredAt
        )
        if let existing, existing.statusChangedAt > occurredAt {
            copy.status = existing.status
            copy.statusChangedAt = existing.statusChangedAt
        }
        if let existing, existing.detailsChangedAt > occurredAt {
            copy.title = existing.title
            copy.eventDate = existing.eventDate
            copy.registrationDeadline = existing.registrationDeadline
            copy.venueCapacity = existing.venueCapacity
            copy.detailsChangedAt = existing.detailsChangedAt
        }
        if let cancelledAt, let ended = cancelled(occurredAt: cancelledAt, existing: copy) { return ended }
        return copy
    }

    /// nil when the event is not known yet; an update older than the copy's
    /// details changes nothing.
    public static func updated(_ update: EventUpdated, occurredAt: Date, existing: EventCopy?) -> EventCopy? {
        guard var copy = existing else { return nil }
        if occurredAt >= copy.detailsChangedAt {
            copy.title = update.title
            copy.eventDate = update.eventDate
            copy.registrationDeadline = update.registrationDeadline
            copy.venueCapacity = update.venueCapacity
            copy.detailsChangedAt = occurredAt
        }
        return copy
    }

    /// Cancellation is final, whatever the order of events; nil when the
    /// event is not known yet.
    public static func cancelled(occurredAt: Date, existing: EventCopy?) -> EventCopy? {
        guard var copy = existing else { return nil }
        copy.status = .cancelled
        copy.statusChangedAt = max(copy.statusChangedAt, occurredAt)
        return copy
    }

    /// This message closed registration (not an older one delivered late,
    /// nor a repeat of the status the copy had): the waitlist is told.
    public static func closedRegistration(before: EventCopy, after: EventCopy) -> Bool {
        before.status != .registrationClosed && after.status == .registrationClosed
    }

    /// nil when the event is not known yet (EventCreated still on its way).
    public static func statusChanged(_ change: EventStatusChanged, occurredAt: Date, existing: EventCopy?) -> EventCopy? {
        guard var copy = existing else { return nil }
        if occurredAt >= copy.statusChangedAt {
            copy.status = change.to
            copy.statusChangedAt = occurredAt
        }
        return copy
    }

    /// Registration is over for good: a waitlist can no longer turn into seats.
    public static func closesWaitlist(_ status: EventStatus) -> Bool {
        status == .inProgress || status == .completed || status == .archived
    }
}
