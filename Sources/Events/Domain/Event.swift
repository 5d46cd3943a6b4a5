public import Foundation
public import Identifiers
public import Messaging

/// An event as the events context keeps it.
public struct Event: Sendable, Equatable {
    public var id: Identifier
    public var eventNumber: Int
    public var title: String
    public var description: String?
    public var eventDate: Date
    public var registrationDeadline: Date
    public var venueName: String
    public var venueAddress: String
    public var venueCapacity: Int
    public var status: EventStatus
    public var organizerId: Identifier
    public var currentAttendeeCount: Int
    public var publishedAt: Date?
    /// Always a JSON object.
    public var metadata: JSONValue

    public var created: EventCreated {
        EventCreated(
            eventId: id, eventNumber: eventNumber, title: title, description: description, eventDate: eventDate,
            registrationDeadline: registrationDeadline, venueName: venueName, venueAddress: venueAddress,
            venueCapacity: venueCapacity, organizerId: organizerId, metadata: metadata, status: status.rawValue
        )
    }
}

public enum CreateEventOutcome: Sendable, Equatable {
    /// A new event, to insert.
    case create(Event)
    /// The command repeats an event that exists: answer with it, change nothing.
    case existing(Event)
}

public struct StatusChange: Sendable, Equatable {
    public var from: EventStatus
    public var to: EventStatus
    public var publishedAt: Date?

    public func message(eventId: Identifier) -> EventStatusChanged {
        EventStatusChanged(eventId: eventId, from: from.rawValue, to: to.rawValue)
    }
}

public enum EventRules {
    /// `existingWithId`: the event already stored under the command's eventId;
    /// `numberTaken`: another event already has the command's eventNumber.
    public static func create(
        _ command: CreateEvent, newId: Identifier, existingWithId: Event?, numberTaken: Bool
    ) throws(CommandRejection) -> CreateEventOutcome {
        if let existing = existingWithId {
            guard existing.eventNumber == command.eventNumber else {
                throw CommandRejection(
                    "event_exists", "event \(existing.id) already exists with number \(existing.eventNumber)"
                )
            }
            return .existing(existing)
        }
        guard Validate.int32Range.contains(command.eventNumber) else {
            throw CommandRejection("invalid_event_number", "eventNumber must be between 1 and \(Int32.max)")
        }
        if numberTaken {
            throw CommandRejection("duplicate_event_number", "an event with number \(command.eventNumber) exists")
        }
        let title = try Validate.required(command.title, "title", max: 255)
        let description = try Validate.optional(command.description, "description")
        let venueName = try Validate.required(command.venueName, "venue_name", max: 255)
        let venueAddress = try Validate.required(command.venueAddress, "venue_address")
        guard Validate.int32Range.contains(command.venueCapacity) else {
            throw CommandRejection("invalid_capacity", "venueCapacity must be positive (got \(command.venueCapacity))")
        }
        guard command.registrationDeadline <= command.eventDate else {
            throw CommandRejection(
                "deadline_after_event_date", "registrationDeadline must not be after eventDate"
            )
        }
        let metadata = command.metadata ?? .object([:])
        guard case .object = metadata else {
            throw CommandRejection("invalid_metadata", "metadata must be a JSON object")
        }
        return .create(
            Event(
                id: command.eventId ?? newId, eventNumber: command.eventNumber, title: title, description: description,
                eventDate: command.eventDate, registrationDeadline: command.registrationDeadline, venueName: venueName,
                venueAddress: venueAddress, venueCapacity: command.venueCapacity, status: .planning,
                organizerId: command.organizerId, currentAttendeeCount: 0, publishedAt: nil, metadata: metadata
            ))
    }

    /// A status change asked for by command. Moving to `agenda_draft` by hand
    /// needs a ready agenda, the same rule the saga applies on its own.
    public static func changeStatus(
        _ event: Event, to requested: String, agendaReady: Bool, now: Date
    ) throws(CommandRejection) -> StatusChange {
        guard let target = EventStatus(rawValue: requested) else {
            throw CommandRejection(
                "invalid_status", "status must be one of \(EventStatus.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        guard event.status.canMove(to: target) else {
            throw CommandRejection(
                "invalid_status_transition", "an event in \(event.status.rawValue) cannot move to \(target.rawValue)"
            )
        }
        if target == .agendaDraft && !agendaReady {
            throw CommandRejection(
                "agenda_not_ready",
                "every keynote, presentation and workshop needs a confirmed primary speaker and every panel a confirmed moderator"
            )
        }
        return move(event, to: target, now: now)
    }

    /// A move along the lifecycle; stamps `published_at` the first time.
    static func move(_ event: Event, to target: EventStatus, now: Date) -> StatusChange {
        let publishedAt = target == .published && event.publishedAt == nil ? now : event.publishedAt
        return StatusChange(from: event.status, to: target, publishedAt: publishedAt)
    }
}
