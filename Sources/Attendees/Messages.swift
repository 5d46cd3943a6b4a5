public import Foundation
public import Identifiers
public import Messaging

// The `data` of every message this context receives or publishes, one struct
// per message, field names as on the wire. JSON Schemas of the same messages
// are in schemas/messages/attendees.*.json (and events.* for what events owns).

// MARK: commands to attendees

/// `attendees.RegisterAttendee`
public struct RegisterAttendee: Command, Hashable {
    public static let name = "RegisterAttendee"
    public static let context = "attendees"
    public static let aggregateType = "EventRegistration"

    public var eventId: Identifier
    public var email: String
    public var firstName: String
    public var lastName: String
    public var companyId: Identifier?
    public var position: String?
    public var gdprConsent: Bool
    public var newsletterSubscription: Bool?
    public var specialRequests: String?
    /// Sessions of the event to attend (the seed's sessionPreferences); a
    /// new registration only, ChooseSessions changes them later.
    public var sessionPreferences: [Identifier]?

    public init(
        eventId: Identifier, email: String, firstName: String, lastName: String, companyId: Identifier? = nil,
        position: String? = nil, gdprConsent: Bool, newsletterSubscription: Bool? = nil, specialRequests: String? = nil,
        sessionPreferences: [Identifier]? = nil
    ) {
        self.eventId = eventId
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.companyId = companyId
        self.position = position
        self.gdprConsent = gdprConsent
        self.newsletterSubscription = newsletterSubscription
        self.specialRequests = specialRequests
        self.sessionPreferences = sessionPreferences
    }
}

/// `attendees.CancelRegistration`
public struct CancelRegistration: Command, Hashable {
    public static let name = "CancelRegistration"
    public static let context = "attendees"
    public static let aggregateType = "EventRegistration"

    public var registrationId: Identifier
    public init(registrationId: Identifier) { self.registrationId = registrationId }
}

/// `attendees.RecordAttendance`
public struct RecordAttendance: Command, Hashable {
    public static let name = "RecordAttendance"
    public static let context = "attendees"
    public static let aggregateType = "EventRegistration"

    public var registrationId: Identifier
    public init(registrationId: Identifier) { self.registrationId = registrationId }
}

/// `attendees.RecordContentEngagement`
public struct RecordContentEngagement: Command, Hashable {
    public static let name = "RecordContentEngagement"
    public static let context = "attendees"
    public static let aggregateType = "Attendee"

    public var attendeeId: Identifier
    public var contentType: String
    public var contentId: Identifier
    public var engagementType: String
    /// A rating (1...5) or a measure such as a duration; at most two decimals.
    public var engagementValue: Double?

    public init(attendeeId: Identifier, contentType: String, contentId: Identifier, engagementType: String, engagementValue: Double? = nil) {
        self.attendeeId = attendeeId
        self.contentType = contentType
        self.contentId = contentId
        self.engagementType = engagementType
        self.engagementValue = engagementValue
    }
}

/// `attendees.EraseAttendee` (GDPR erasure)
public struct EraseAttendee: Command, Hashable {
    public static let name = "EraseAttendee"
    public static let context = "attendees"
    public static let aggregateType = "Attendee"

    public var attendeeId: Identifier
    public init(attendeeId: Identifier) { self.attendeeId = attendeeId }
}

// MARK: events attendees publishes

/// `attendees.AttendeeRegistered`: the first time an email is seen. The only
/// message of this context that carries personal data (the email, the names
/// and the newsletter flag, for notifications' recipient copy).
public struct AttendeeRegistered: DomainEvent, AggregateIdentified, Hashable {
    public static let name = "AttendeeRegistered"
    public static let context = "attendees"
    public static let aggregateType = "Attendee"
    public var aggregateId: Identifier { attendeeId }

    public var attendeeId: Identifier
    public var email: String
    public var companyId: Identifier?
    public var firstName: String?
    public var lastName: String?
    public var newsletterSubscription: Bool?

    public init(
        attendeeId: Identifier, email: String, companyId: Identifier?, firstName: String? = nil, lastName: String? = nil,
        newsletterSubscription: Bool? = nil
    ) {
        self.attendeeId = attendeeId
        self.email = email
        self.companyId = companyId
        self.firstName = firstName
        self.lastName = lastName
        self.newsletterSubscription = newsletterSubscription
    }
}

/// `attendees.RegistrationRequested`: asks events for a seat.
public struct RegistrationRequested: DomainEvent, AggregateIdentified, Hashable {
    public static let name = "RegistrationRequested"
    public static let context = "attendees"
    public static let aggregateType = "EventRegistration"
    public var aggregateId: Identifier { registrationId }

    public var registrationId: Identifier
    public var eventId: Identifier
    public var attendeeId: Identifier

    public init(registrationId: Identifier, eventId: Identifier, attendeeId: Identifier) {
        self.registrationId = registrationId
        self.eventId = eventId
        self.attendeeId = attendeeId
    }
}

/// `attendees.RegistrationConfirmed`: the registration holds a seat.
public struct RegistrationConfirmed: DomainEvent, AggregateIdentified, Hashable {
    public static let name = "RegistrationConfirmed"
    public static let context = "attendees"
    public static let aggregateType = "EventRegistration"
    public var aggregateId: Identifier { registrationId }

    public var registrationId: Identifier
    public var eventId: Identifier
    public var attendeeId: Identifier

    public init(registrationId: Identifier, eventId: Identifier, attendeeId: Identifier) {
        self.registrationId = registrationId
        self.eventId = eventId
        self.attendeeId = attendeeId
    }
}

/// `attendees.RegistrationWaitlisted`: the event was full; `position` is the
/// place in the event's FIFO queue (1 = next to get a freed seat).
public struct RegistrationWaitlisted: DomainEvent, AggregateIdentified, Hashable {
    public static let name = "RegistrationWaitlisted"
    public static let context = "attendees"
    public static let aggregateType = "EventRegistration"
    public var aggregateId: Identifier { registrationId }

    public var registrationId: Identifier
    public var eventId: Identifier
    public var attendeeId: Identifier
    public var position: Int

    public init(registrationId: Identifier, eventId: Identifier, attendeeId: Identifier, position: Int) {
        self.registrationId = registrationId
        self.eventId = eventId
        self.attendeeId = attendeeId
        self.position = position
    }
}

/// `attendees.RegistrationRejected`: events refused a seat for a reason other
/// than a full event, or the event's waitlist was closed.
public struct RegistrationRejected: DomainEvent, AggregateIdentified, Hashable {
    public static let name = "RegistrationRejected"
    public static let context = "attendees"
    public static let aggregateType = "EventRegistration"
    public var aggregateId: Identifier { registrationId }

    public var registrationId: Identifier
    public var eventId: Identifier
    public var attendeeId: Identifier
    public var reason: RegistrationRejectionReason

    public init(registrationId: Identifier, eventId: Identifier, attendeeId: Identifier, reason: RegistrationRejectionReason) {
        self.registrationId = registrationId
        self.eventId = eventId
        self.attendeeId = attendeeId
        self.reason = reason
    }
}

/// `attendees.RegistrationCancelled`. `heldSeat` says whether this
/// cancellation gives a seat back; events frees whatever seat it holds for the
/// registration either way (see docs/attendees.md).
public struct RegistrationCancelled: DomainEvent, AggregateIdentified, Hashable {
    public static let name = "RegistrationCancelled"
    public static let context = "attendees"
    public static let aggregateType = "EventRegistration"
    public var aggregateId: Identifier { registrationId }

    public var registrationId: Identifier
    public var eventId: Identifier
    public var attendeeId: Identifier
    public var heldSeat: Bool
    /// `event_cancelled` when the event's cancellation cancelled it,
    /// `consent_withdrawn` when the attendee's withdrawal did; absent when she
    /// cancelled it or was erased.
    public var reason: RegistrationCancellationReason?

    public init(
        registrationId: Identifier, eventId: Identifier, attendeeId: Identifier, heldSeat: Bool,
        reason: RegistrationCancellationReason? = nil
    ) {
        self.registrationId = registrationId
        self.eventId = eventId
        self.attendeeId = attendeeId
        self.heldSeat = heldSeat
        self.reason = reason
    }
}

public enum RegistrationCancellationReason: String, Codable, Sendable, Hashable, CaseIterable {
    case eventCancelled = "event_cancelled"
    /// The attendee withdrew her GDPR consent (WithdrawConsent).
    case consentWithdrawn = "consent_withdrawn"
}

/// `attendees.WaitlistClosed`: the event's registration closed while this
/// registration was waitlisted. It keeps its place (registration may open
/// again); it is rejected `registration_closed` once the event is in progress.
public struct WaitlistClosed: DomainEvent, AggregateIdentified, Hashable {
    public static let name = "WaitlistClosed"
    public static let context = "attendees"
    public static let aggregateType = "EventRegistration"
    public var aggregateId: Identifier { registrationId }

    public var registrationId: Identifier
    public var eventId: Identifier
    public var attendeeId: Identifier
    public var position: Int

    public init(registrationId: Identifier, eventId: Identifier, attendeeId: Identifier, position: Int) {
        self.registrationId = registrationId
        self.eventId = eventId
        self.attendeeId = attendeeId
        self.position = position
    }
}

/// `attendees.AttendanceRecorded`: a fact keyed by registrationId; a repeated
/// RecordAttendance publishes the same fact again.
public struct AttendanceRecorded: DomainEvent, AggregateIdentified, Hashable {
    public static let name = "AttendanceRecorded"
    public static let context = "attendees"
    public static let aggregateType = "EventRegistration"
    public var aggregateId: Identifier { registrationId }

    public var registrationId: Identifier
    public var eventId: Identifier
    public var attendeeId: Identifier
    public var companyId: Identifier?

    public init(registrationId: Identifier, eventId: Identifier, attendeeId: Identifier, companyId: Identifier?) {
        self.registrationId = registrationId
        self.eventId = eventId
        self.attendeeId = attendeeId
        self.companyId = companyId
    }
}

/// `attendees.ContentEngaged`: one content_engagement row, with the
/// attendee's company at that moment for partner analytics.
public struct ContentEngaged: DomainEvent, AggregateIdentified, Hashable {
    public static let name = "ContentEngaged"
    public static let context = "attendees"
    public static let aggregateType = "Attendee"
    public var aggregateId: Identifier { attendeeId }

    public var engagementId: Identifier
    public var attendeeId: Identifier
    public var companyId: Identifier?
    public var contentType: String
    public var contentId: Identifier
    public var engagementType: String
    public var engagementValue: Double?
    public var engagedAt: Date

    public init(
        engagementId: Identifier, attendeeId: Identifier, companyId: Identifier?, contentType: String, contentId: Identifier,
        engagementType: String, engagementValue: Double?, engagedAt: Date
    ) {
        self.engagementId = engagementId
        self.attendeeId = attendeeId
        self.companyId = companyId
        self.contentType = contentType
        self.contentId = contentId
        self.engagementType = engagementType
        self.engagementValue = engagementValue
        self.engagedAt = engagedAt
    }
}

/// `attendees.AttendeeErased`: drop everything you keep about this attendee.
public struct AttendeeErased: DomainEvent, AggregateIdentified, Hashable {
    public static let name = "AttendeeErased"
    public static let context = "attendees"
    public static let aggregateType = "Attendee"
    public var aggregateId: Identifier { attendeeId }

    public var attendeeId: Identifier
    public init(attendeeId: Identifier) { self.attendeeId = attendeeId }
}

public enum RegistrationRejectionReason: String, Codable, Sendable, Hashable, CaseIterable {
    case registrationClosed = "registration_closed"
    case deadlinePassed = "deadline_passed"
    case unknownEvent = "unknown_event"
}

// MARK: events consumed from events

/// `events.EventCreated`
public struct EventCreated: DomainEvent, Hashable {
    public static let name = "EventCreated"
    public static let context = "events"
    public static let aggregateType = "Event"

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
    public var metadata: JSONValue?
    public var status: EventStatus

    public init(
        eventId: Identifier, eventNumber: Int, title: String, description: String? = nil, eventDate: Date,
        registrationDeadline: Date, venueName: String, venueAddress: String, venueCapacity: Int, organizerId: Identifier,
        metadata: JSONValue? = nil, status: EventStatus
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
        self.status = status
    }
}

/// `events.EventStatusChanged`
public struct EventStatusChanged: DomainEvent, Hashable {
    public static let name = "EventStatusChanged"
    public static let context = "events"
    public static let aggregateType = "Event"

    public var eventId: Identifier
    public var from: EventStatus
    public var to: EventStatus

    public init(eventId: Identifier, from: EventStatus, to: EventStatus) {
        self.eventId = eventId
        self.from = from
        self.to = to
    }
}

/// `events.EventUpdated`: the fields the copy keeps, and the seats a raised
/// capacity opened.
public struct EventUpdated: DomainEvent, Hashable {
    public static let name = "EventUpdated"
    public static let context = "events"
    public static let aggregateType = "Event"

    public var eventId: Identifier
    public var title: String
    public var eventDate: Date
    public var registrationDeadline: Date
    public var venueCapacity: Int
    public var seatsAdded: Int

    public init(
        eventId: Identifier, title: String, eventDate: Date, registrationDeadline: Date, venueCapacity: Int, seatsAdded: Int
    ) {
        self.eventId = eventId
        self.title = title
        self.eventDate = eventDate
        self.registrationDeadline = registrationDeadline
        self.venueCapacity = venueCapacity
        self.seatsAdded = seatsAdded
    }
}

/// `events.EventCancelled`: every registration of the event is cancelled.
public struct EventCancelled: DomainEvent, Hashable {
    public static let name = "EventCancelled"
    public static let context = "events"
    public static let aggregateType = "Event"

    public var eventId: Identifier

    public init(eventId: Identifier) {
        self.eventId = eventId
    }
}

/// `events.SeatReserved`
public struct SeatReserved: DomainEvent, Hashable {
    public static let name = "SeatReserved"
    public static let context = "events"
    public static let aggregateType = "Event"

    public var registrationId: Identifier
    public var eventId: Identifier
    public var currentAttendeeCount: Int

    public init(registrationId: Identifier, eventId: Identifier, currentAttendeeCount: Int) {
        self.registrationId = registrationId
        self.eventId = eventId
        self.currentAttendeeCount = currentAttendeeCount
    }
}

/// `events.SeatRejected`
public struct SeatRejected: DomainEvent, Hashable {
    public static let name = "SeatRejected"
    public static let context = "events"
    public static let aggregateType = "Event"

    public var registrationId: Identifier
    public var eventId: Identifier
    public var reason: SeatRejectionReason

    public init(registrationId: Identifier, eventId: Identifier, reason: SeatRejectionReason) {
        self.registrationId = registrationId
        self.eventId = eventId
        self.reason = reason
    }
}

/// `events.SeatReleased`
public struct SeatReleased: DomainEvent, Hashable {
    public static let name = "SeatReleased"
    public static let context = "events"
    public static let aggregateType = "Event"

    public var registrationId: Identifier
    public var eventId: Identifier
    public var currentAttendeeCount: Int

    public init(registrationId: Identifier, eventId: Identifier, currentAttendeeCount: Int) {
        self.registrationId = registrationId
        self.eventId = eventId
        self.currentAttendeeCount = currentAttendeeCount
    }
}

public enum SeatRejectionReason: String, Codable, Sendable, Hashable, CaseIterable {
    case eventFull = "event_full"
    case registrationClosed = "registration_closed"
    case deadlinePassed = "deadline_passed"
    case unknownEvent = "unknown_event"
}

/// The events context's lifecycle, as the data architecture has it.
public enum EventStatus: String, Codable, Sendable, Hashable, CaseIterable {
    case planning
    case topicDefined = "topic_defined"
    case speakersInvited = "speakers_invited"
    case agendaDraft = "agenda_draft"
    case published
    case registrationOpen = "registration_open"
    case registrationClosed = "registration_closed"
    case inProgress = "in_progress"
    case completed
    case archived
    /// Beside the seed's ten: the event will not take place.
    case cancelled
}
