public import Foundation
public import Identifiers
public import Messaging

// Payloads (`data`) of the messages the events worker receives and publishes.
// Field names as issues 5 and 6 spell them. Enumerated values (status,
// sessionType, role) travel as strings and are parsed by the domain, so a bad
// value is rejected with a reason instead of failing to decode.

// MARK: commands

public struct CreateEvent: Command, Equatable {
    public static let name = "CreateEvent"
    public static let context = "events"
    public static let aggregateType = "Event"

    public var eventId: Identifier?
    public var eventNumber: Int
    public var title: String
    public var description: String?
    public var eventDate: Date
    public var registrationDeadline: Date
    public var venueName: String
    public var venueAddress: String
    public var venueCapacity: Int
    public var organizerId: Identifier
    public var metadata: JSONValue?

    public init(
        eventId: Identifier? = nil, eventNumber: Int, title: String, description: String? = nil, eventDate: Date,
        registrationDeadline: Date, venueName: String, venueAddress: String, venueCapacity: Int, organizerId: Identifier,
        metadata: JSONValue? = nil
    ) {
        self.eventId = eventId
        self.eventNumber = eventNumber
        self.title = title
        self.description = description
        self.eventDate = eventDate
        self.registrationDeadline = registrationDeadline
        self.venueName = venueName
        self.venueAddress = venueAddress
        self.venueCapacity = venueCapacity
        self.organizerId = organizerId
        self.metadata = metadata
    }
}

public struct ChangeEventStatus: Command, Equatable {
    public static let name = "ChangeEventStatus"
    public static let context = "events"
    public static let aggregateType = "Event"

    public var eventId: Identifier
    public var status: String

    public init(eventId: Identifier, status: String) {
        self.eventId = eventId
        self.status = status
    }
}

public struct ScheduleSession: Command, Equatable {
    public static let name = "ScheduleSession"
    public static let context = "events"
    public static let aggregateType = "Session"

    public var sessionId: Identifier?
    public var eventId: Identifier
    public var title: String
    public var description: String?
    public var sessionType: String
    public var startTime: Date
    public var endTime: Date
    public var room: String?
    public var capacity: Int?
    public var language: String?

    public init(
        sessionId: Identifier? = nil, eventId: Identifier, title: String, description: String? = nil, sessionType: String,
        startTime: Date, endTime: Date, room: String? = nil, capacity: Int? = nil, language: String? = nil
    ) {
        self.sessionId = sessionId
        self.eventId = eventId
        self.title = title
        self.description = description
        self.sessionType = sessionType
        self.startTime = startTime
        self.endTime = endTime
        self.room = room
        self.capacity = capacity
        self.language = language
    }
}

public struct RescheduleSession: Command, Equatable {
    public static let name = "RescheduleSession"
    public static let context = "events"
    public static let aggregateType = "Session"

    public var sessionId: Identifier
    public var startTime: Date
    public var endTime: Date
    /// Absent: the session keeps its room.
    public var room: String?

    public init(sessionId: Identifier, startTime: Date, endTime: Date, room: String? = nil) {
        self.sessionId = sessionId
        self.startTime = startTime
        self.endTime = endTime
        self.room = room
    }
}

public struct CancelSession: Command, Equatable {
    public static let name = "CancelSession"
    public static let context = "events"
    public static let aggregateType = "Session"

    public var sessionId: Identifier
    public var reason: String

    public init(sessionId: Identifier, reason: String) {
        self.sessionId = sessionId
        self.reason = reason
    }
}

public struct UpdateEvent: Command, Equatable {
    public static let name = "UpdateEvent"
    public static let context = "events"
    public static let aggregateType = "Event"

    public var eventId: Identifier
    /// Each field below: absent (or null) leaves it as it is.
    public var title: String?
    public var description: String?
    public var eventDate: Date?
    public var registrationDeadline: Date?
    public var venueName: String?
    public var venueAddress: String?
    public var venueCapacity: Int?
    /// Replaces the whole metadata object.
    public var metadata: JSONValue?

    public init(
        eventId: Identifier, title: String? = nil, description: String? = nil, eventDate: Date? = nil,
        registrationDeadline: Date? = nil, venueName: String? = nil, venueAddress: String? = nil, venueCapacity: Int? = nil,
        metadata: JSONValue? = nil
    ) {
        self.eventId = eventId
        self.title = title
        self.description = description
        self.eventDate = eventDate
        self.registrationDeadline = registrationDeadline
        self.venueName = venueName
        self.venueAddress = venueAddress
        self.venueCapacity = venueCapacity
        self.metadata = metadata
    }
}

public struct DefineEventTopic: Command, Equatable {
    public static let name = "DefineEventTopic"
    public static let context = "events"
    public static let aggregateType = "Event"

    public var eventId: Identifier
    public var topicId: Identifier?
    public var title: String
    public var description: String?
    public var tags: [String]?

    public init(eventId: Identifier, topicId: Identifier? = nil, title: String, description: String? = nil, tags: [String]? = nil) {
        self.eventId = eventId
        self.topicId = topicId
        self.title = title
        self.description = description
        self.tags = tags
    }
}

public struct CancelEvent: Command, Equatable {
    public static let name = "CancelEvent"
    public static let context = "events"
    public static let aggregateType = "Event"

    public var eventId: Identifier
    public var reason: String

    public init(eventId: Identifier, reason: String) {
        self.eventId = eventId
        self.reason = reason
    }
}

/// Timer: events sends it to itself when a timed move of the lifecycle is
/// due (`TimedLifecycle`). Read strictly: `to` is one of the timed targets.
public struct AdvanceEventLifecycle: Command, AggregateIdentified, Equatable {
    public static let name = "AdvanceEventLifecycle"
    public static let context = "events"
    public static let aggregateType = "Event"
    public var aggregateId: Identifier { eventId }

    public var eventId: Identifier
    public var to: EventStatus

    public init(eventId: Identifier, to: EventStatus) {
        self.eventId = eventId
        self.to = to
    }
}

// MARK: events published

public struct EventCreated: DomainEvent, AggregateIdentified, Equatable {
    public static let name = "EventCreated"
    public static let context = "events"
    public static let aggregateType = "Event"
    public var aggregateId: Identifier { eventId }

    public var eventId: Identifier
    public var eventNumber: Int
    public var title: String
    public var description: String?
    public var eventDate: Date
    public var registrationDeadline: Date
    public var venueName: String
    public var venueAddress: String
    public var venueCapacity: Int
    public var organizerId: Identifier
    public var metadata: JSONValue
    public var status: String
}

public struct EventStatusChanged: DomainEvent, AggregateIdentified, Equatable {
    public static let name = "EventStatusChanged"
    public static let context = "events"
    public static let aggregateType = "Event"
    public var aggregateId: Identifier { eventId }

    public var eventId: Identifier
    public var from: String
    public var to: String
}

public struct SessionScheduled: DomainEvent, AggregateIdentified, Equatable {
    public static let name = "SessionScheduled"
    public static let context = "events"
    public static let aggregateType = "Session"
    public var aggregateId: Identifier { sessionId }

    public var sessionId: Identifier
    public var eventId: Identifier
    public var sessionType: String
    public var startTime: Date
    public var endTime: Date
    public var room: String?
    /// The title and description, so a consumer's copy is complete.
    public var title: String
    public var description: String?
}

/// Carries the session type too, so a consumer that missed SessionScheduled
/// can still build its copy.
public struct SessionRescheduled: DomainEvent, AggregateIdentified, Equatable {
    public static let name = "SessionRescheduled"
    public static let context = "events"
    public static let aggregateType = "Session"
    public var aggregateId: Identifier { sessionId }

    public var sessionId: Identifier
    public var eventId: Identifier
    public var sessionType: String
    public var startTime: Date
    public var endTime: Date
    public var room: String?
    /// The title and description, so a consumer's copy is complete.
    public var title: String
    public var description: String?
}

public struct SessionCancelled: DomainEvent, AggregateIdentified, Equatable {
    public static let name = "SessionCancelled"
    public static let context = "events"
    public static let aggregateType = "Session"
    public var aggregateId: Identifier { sessionId }

    public var sessionId: Identifier
    public var eventId: Identifier
    public var reason: String
}

/// A speaker slot that was asked for or held is open again (decline, expiry,
/// withdrawal or release). `cause` is `declined`, `expired`, `withdrawn` or
/// `released`; `reason` the speaker's or the release's reason when there is one.
public struct SpeakerSlotReopened: DomainEvent, AggregateIdentified, Equatable {
    public static let name = "SpeakerSlotReopened"
    public static let context = "events"
    public static let aggregateType = "Session"
    public var aggregateId: Identifier { sessionId }

    public var eventId: Identifier
    public var sessionId: Identifier
    public var speakerId: Identifier
    public var role: String
    public var cause: String
    public var reason: String?
}

public struct SeatReserved: DomainEvent, AggregateIdentified, Equatable {
    public static let name = "SeatReserved"
    public static let context = "events"
    public static let aggregateType = "Event"
    public var aggregateId: Identifier { eventId }

    public var registrationId: Identifier
    public var eventId: Identifier
    public var currentAttendeeCount: Int
}

public struct SeatRejected: DomainEvent, AggregateIdentified, Equatable {
    public static let name = "SeatRejected"
    public static let context = "events"
    public static let aggregateType = "Event"
    public var aggregateId: Identifier { eventId }

    public var registrationId: Identifier
    public var eventId: Identifier
    /// `event_full`, `registration_closed`, `deadline_passed` or `unknown_event`.
    public var reason: String
}

public struct SeatReleased: DomainEvent, AggregateIdentified, Equatable {
    public static let name = "SeatReleased"
    public static let context = "events"
    public static let aggregateType = "Event"
    public var aggregateId: Identifier { eventId }

    public var registrationId: Identifier
    public var eventId: Identifier
    public var currentAttendeeCount: Int
}

/// The answer to UpdateEvent: `changed` names the fields that changed (empty
/// when none did); the others carry the event's values after the update.
/// `seatsAdded` is what a raised capacity opened (attendees offers them to
/// the waitlist).
public struct EventUpdated: DomainEvent, AggregateIdentified, Equatable {
    public static let name = "EventUpdated"
    public static let context = "events"
    public static let aggregateType = "Event"
    public var aggregateId: Identifier { eventId }

    public var eventId: Identifier
    public var changed: [String]
    public var title: String
    public var description: String?
    public var eventDate: Date
    public var registrationDeadline: Date
    public var venueName: String
    public var venueAddress: String
    public var venueCapacity: Int
    public var metadata: JSONValue
    public var seatsAdded: Int
}

public struct EventTopicDefined: DomainEvent, AggregateIdentified, Equatable {
    public static let name = "EventTopicDefined"
    public static let context = "events"
    public static let aggregateType = "Event"
    public var aggregateId: Identifier { eventId }

    public var eventId: Identifier
    public var topicId: Identifier
    public var title: String
    public var description: String?
    public var tags: [String]
}

/// The event will not take place: its status is `cancelled` and every seat
/// it held is free (`seatsReleased` of them). attendees cancels the
/// registrations, speakers releases the speakers.
public struct EventCancelled: DomainEvent, AggregateIdentified, Equatable {
    public static let name = "EventCancelled"
    public static let context = "events"
    public static let aggregateType = "Event"
    public var aggregateId: Identifier { eventId }

    public var eventId: Identifier
    public var reason: String
    public var previousStatus: String
    public var seatsReleased: Int
}

// MARK: events consumed from attendees

public struct RegistrationRequested: DomainEvent, Equatable {
    public static let name = "RegistrationRequested"
    public static let context = "attendees"
    public static let aggregateType = "EventRegistration"

    public var registrationId: Identifier
    public var eventId: Identifier
    public var attendeeId: Identifier

    public init(registrationId: Identifier, eventId: Identifier, attendeeId: Identifier) {
        self.registrationId = registrationId
        self.eventId = eventId
        self.attendeeId = attendeeId
    }
}

public struct RegistrationCancelled: DomainEvent, Equatable {
    public static let name = "RegistrationCancelled"
    public static let context = "attendees"
    public static let aggregateType = "EventRegistration"

    public var registrationId: Identifier
    public var eventId: Identifier
    /// What attendees believed; events releases whatever it holds regardless.
    public var heldSeat: Bool

    public init(registrationId: Identifier, eventId: Identifier, heldSeat: Bool) {
        self.registrationId = registrationId
        self.eventId = eventId
        self.heldSeat = heldSeat
    }
}

// MARK: events consumed from speakers

/// What events reads of every speakers invitation event below: the slot it
/// is about. The speakers context's payloads carry more; extra fields are ignored.
public struct SpeakerSlotEvent: Codable, Sendable, Equatable {
    public var speakerId: Identifier
    public var sessionId: Identifier
    public var eventId: Identifier
    /// Read as the enum: a role outside the contract does not decode, so it
    /// is parked at once instead of retried.
    public var role: SpeakerRole
    /// Decline, withdrawal and release reasons.
    public var reason: String?
    /// SpeakerInvited's and SpeakerConfirmed's: the programme shows it.
    public var presentationTitle: String?

    public init(
        speakerId: Identifier, sessionId: Identifier, eventId: Identifier, role: SpeakerRole, reason: String? = nil,
        presentationTitle: String? = nil
    ) {
        self.speakerId = speakerId
        self.sessionId = sessionId
        self.eventId = eventId
        self.role = role
        self.reason = reason
        self.presentationTitle = presentationTitle
    }

    /// SpeakerSlotReopened passes the reason on; its contract allows this many characters.
    public static let maxReasonLength = 1000
    /// The programme passes the title on; its contract (and speakers') allows this many.
    public static let maxTitleLength = 255

    /// A longer reason or title does not decode: parked at once, never passed on.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        speakerId = try container.decode(Identifier.self, forKey: .speakerId)
        sessionId = try container.decode(Identifier.self, forKey: .sessionId)
        eventId = try container.decode(Identifier.self, forKey: .eventId)
        role = try container.decode(SpeakerRole.self, forKey: .role)
        reason = try container.decodeIfPresent(String.self, forKey: .reason)
        presentationTitle = try container.decodeIfPresent(String.self, forKey: .presentationTitle)
        for (key, text, limit) in [(CodingKeys.reason, reason, Self.maxReasonLength), (.presentationTitle, presentationTitle, Self.maxTitleLength)] {
            if let text, text.unicodeScalars.count > limit {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "longer than \(limit) characters")
            }
        }
    }
}

/// The speakers invitation events events reads, each as the slot it is about.
public protocol SpeakerSlotMessage: DomainEvent, SharedFields where Fields == SpeakerSlotEvent {}

extension SpeakerSlotMessage {
    public static var context: String { "speakers" }
    public static var aggregateType: String { "SessionSpeaker" }
}

/// `speakers.SpeakerInvited`
public struct SpeakerInvited: SpeakerSlotMessage, Equatable {
    public static let name = "SpeakerInvited"
    public let fields: SpeakerSlotEvent
    public init(_ fields: SpeakerSlotEvent) { self.fields = fields }
}

/// `speakers.SpeakerConfirmed`
public struct SpeakerConfirmed: SpeakerSlotMessage, Equatable {
    public static let name = "SpeakerConfirmed"
    public let fields: SpeakerSlotEvent
    public init(_ fields: SpeakerSlotEvent) { self.fields = fields }
}

/// `speakers.SpeakerDeclined`
public struct SpeakerDeclined: SpeakerSlotMessage, Equatable {
    public static let name = "SpeakerDeclined"
    public let fields: SpeakerSlotEvent
    public init(_ fields: SpeakerSlotEvent) { self.fields = fields }
}

/// `speakers.SpeakerInvitationExpired`
public struct SpeakerInvitationExpired: SpeakerSlotMessage, Equatable {
    public static let name = "SpeakerInvitationExpired"
    public let fields: SpeakerSlotEvent
    public init(_ fields: SpeakerSlotEvent) { self.fields = fields }
}

/// `speakers.SpeakerWithdrew`
public struct SpeakerWithdrew: SpeakerSlotMessage, Equatable {
    public static let name = "SpeakerWithdrew"
    public let fields: SpeakerSlotEvent
    public init(_ fields: SpeakerSlotEvent) { self.fields = fields }
}

/// `speakers.SpeakerReleased`
public struct SpeakerReleased: SpeakerSlotMessage, Equatable {
    public static let name = "SpeakerReleased"
    public let fields: SpeakerSlotEvent
    public init(_ fields: SpeakerSlotEvent) { self.fields = fields }
}
