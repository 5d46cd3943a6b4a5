public import Foundation
public import Identifiers
public import Messaging

// The `data` of every message notifications reads, with the fields it
// reads (other fields are ignored). Their publishers own the contract:
// schemas/messages/<context>.<Name>.json. Notifications publishes nothing.

// MARK: from speakers

/// `speakers.SpeakerRegistered`: a new speaker, a recipient with default preferences.
public struct SpeakerRegistered: DomainEvent, Equatable {
    public static let name = "SpeakerRegistered"
    public static let context = "speakers"
    public static let aggregateType = "Speaker"

    public var speakerId: Identifier
    public var email: String
    public var firstName: String
    public var lastName: String

    public init(speakerId: Identifier, email: String, firstName: String, lastName: String) {
        self.speakerId = speakerId
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
    }
}

/// The speaker's `communicationPreferences` as the profile carries them.
public struct SpeakerPreferences: Codable, Sendable, Equatable {
    public var language: String?
    public var reminderOptOut: Bool

    public init(language: String? = nil, reminderOptOut: Bool = false) {
        self.language = language
        self.reminderOptOut = reminderOptOut
    }
}

/// `speakers.SpeakerProfileUpdated`: the whole profile after a change,
/// preferences included.
public struct SpeakerProfileUpdated: DomainEvent, Equatable {
    public static let name = "SpeakerProfileUpdated"
    public static let context = "speakers"
    public static let aggregateType = "Speaker"

    public var speakerId: Identifier
    public var email: String
    public var firstName: String
    public var lastName: String
    public var communicationPreferences: SpeakerPreferences

    public init(speakerId: Identifier, email: String, firstName: String, lastName: String, communicationPreferences: SpeakerPreferences) {
        self.speakerId = speakerId
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.communicationPreferences = communicationPreferences
    }
}

/// `speakers.SpeakerErased`
public struct SpeakerErased: DomainEvent, Equatable {
    public static let name = "SpeakerErased"
    public static let context = "speakers"
    public static let aggregateType = "Speaker"

    public var speakerId: Identifier

    public init(speakerId: Identifier) { self.speakerId = speakerId }
}

/// `speakers.SpeakerInvited`
public struct SpeakerInvited: DomainEvent, Equatable {
    public static let name = "SpeakerInvited"
    public static let context = "speakers"
    public static let aggregateType = "SessionSpeaker"

    public var speakerId: Identifier
    public var sessionId: Identifier
    public var eventId: Identifier
    public var role: String
    public var responseDeadline: Date
    public var presentationTitle: String?

    public init(
        speakerId: Identifier, sessionId: Identifier, eventId: Identifier, role: String, responseDeadline: Date,
        presentationTitle: String? = nil
    ) {
        self.speakerId = speakerId
        self.sessionId = sessionId
        self.eventId = eventId
        self.role = role
        self.responseDeadline = responseDeadline
        self.presentationTitle = presentationTitle
    }
}

/// `speakers.SpeakerInvitationReminderDue`
public struct SpeakerInvitationReminderDue: DomainEvent, Equatable {
    public static let name = "SpeakerInvitationReminderDue"
    public static let context = "speakers"
    public static let aggregateType = "SessionSpeaker"

    public var speakerId: Identifier
    public var sessionId: Identifier
    public var daysLeft: Int

    public init(speakerId: Identifier, sessionId: Identifier, daysLeft: Int) {
        self.speakerId = speakerId
        self.sessionId = sessionId
        self.daysLeft = daysLeft
    }
}

/// `speakers.SpeakerInvitationExpired`
public struct SpeakerInvitationExpired: DomainEvent, Equatable {
    public static let name = "SpeakerInvitationExpired"
    public static let context = "speakers"
    public static let aggregateType = "SessionSpeaker"

    public var speakerId: Identifier
    public var sessionId: Identifier

    public init(speakerId: Identifier, sessionId: Identifier) {
        self.speakerId = speakerId
        self.sessionId = sessionId
    }
}

/// `speakers.SpeakerConfirmed`
public struct SpeakerConfirmed: DomainEvent, Equatable {
    public static let name = "SpeakerConfirmed"
    public static let context = "speakers"
    public static let aggregateType = "SessionSpeaker"

    public var speakerId: Identifier
    public var sessionId: Identifier
    public var eventId: Identifier
    public var role: String

    public init(speakerId: Identifier, sessionId: Identifier, eventId: Identifier, role: String) {
        self.speakerId = speakerId
        self.sessionId = sessionId
        self.eventId = eventId
        self.role = role
    }
}

/// `speakers.SpeakerReleased`: a session (or, with the events cancellation
/// saga, the whole event) was cancelled, or it collided with another.
public struct SpeakerReleased: DomainEvent, Equatable {
    public static let name = "SpeakerReleased"
    public static let context = "speakers"
    public static let aggregateType = "SessionSpeaker"

    public var speakerId: Identifier
    public var sessionId: Identifier
    public var eventId: Identifier
    public var role: String
    public var reason: String

    public init(speakerId: Identifier, sessionId: Identifier, eventId: Identifier, role: String, reason: String) {
        self.speakerId = speakerId
        self.sessionId = sessionId
        self.eventId = eventId
        self.role = role
        self.reason = reason
    }
}

// MARK: from attendees

/// `attendees.AttendeeRegistered`: the first time an email was seen. Names
/// and the newsletter flag are optional (older messages lack them).
public struct AttendeeRegistered: DomainEvent, Equatable {
    public static let name = "AttendeeRegistered"
    public static let context = "attendees"
    public static let aggregateType = "Attendee"

    public var attendeeId: Identifier
    public var email: String
    public var firstName: String?
    public var lastName: String?
    public var newsletterSubscription: Bool?

    public init(attendeeId: Identifier, email: String, firstName: String? = nil, lastName: String? = nil, newsletterSubscription: Bool? = nil) {
        self.attendeeId = attendeeId
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.newsletterSubscription = newsletterSubscription
    }
}

/// `attendees.AttendeeErased`
public struct AttendeeErased: DomainEvent, Equatable {
    public static let name = "AttendeeErased"
    public static let context = "attendees"
    public static let aggregateType = "Attendee"

    public var attendeeId: Identifier

    public init(attendeeId: Identifier) { self.attendeeId = attendeeId }
}

/// The fields every registration outcome carries.
public struct RegistrationFacts: Codable, Sendable, Equatable {
    public var registrationId: Identifier
    public var eventId: Identifier
    public var attendeeId: Identifier

    public init(registrationId: Identifier, eventId: Identifier, attendeeId: Identifier) {
        self.registrationId = registrationId
        self.eventId = eventId
        self.attendeeId = attendeeId
    }
}

/// `attendees.RegistrationConfirmed`: first confirmation, or a promotion
/// from the waitlist (notifications tells them apart by its registration copy).
public struct RegistrationConfirmed: DomainEvent, SharedFields, Equatable {
    public static let name = "RegistrationConfirmed"
    public static let context = "attendees"
    public static let aggregateType = "EventRegistration"
    public let fields: RegistrationFacts
    public init(_ fields: RegistrationFacts) { self.fields = fields }
}

/// `attendees.RegistrationCancelled`
public struct RegistrationCancelled: DomainEvent, SharedFields, Equatable {
    public static let name = "RegistrationCancelled"
    public static let context = "attendees"
    public static let aggregateType = "EventRegistration"
    public let fields: RegistrationFacts
    public init(_ fields: RegistrationFacts) { self.fields = fields }
}

/// `attendees.RegistrationWaitlisted`
public struct RegistrationWaitlisted: DomainEvent, Equatable {
    public static let name = "RegistrationWaitlisted"
    public static let context = "attendees"
    public static let aggregateType = "EventRegistration"

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

/// `attendees.RegistrationRejected`
public struct RegistrationRejected: DomainEvent, Equatable {
    public static let name = "RegistrationRejected"
    public static let context = "attendees"
    public static let aggregateType = "EventRegistration"

    public var registrationId: Identifier
    public var eventId: Identifier
    public var attendeeId: Identifier
    public var reason: String

    public init(registrationId: Identifier, eventId: Identifier, attendeeId: Identifier, reason: String) {
        self.registrationId = registrationId
        self.eventId = eventId
        self.attendeeId = attendeeId
        self.reason = reason
    }
}

// MARK: from events

/// `events.EventCreated`: what the mails say about an event. An organiser
/// address for the event may be given as `metadata.organiserEmail`.
/// A session as the programme messages carry it (the fields mails use).
public struct ProgrammeSession: Codable, Sendable, Equatable {
    public struct Speaker: Codable, Sendable, Equatable {
        public var firstName: String?
        public var lastName: String?

        public init(firstName: String? = nil, lastName: String? = nil) {
            self.firstName = firstName
            self.lastName = lastName
        }
    }

    public var title: String
    public var startTime: Date
    public var endTime: Date
    public var room: String?
    public var speakers: [Speaker]

    public init(title: String, startTime: Date, endTime: Date, room: String? = nil, speakers: [Speaker] = []) {
        self.title = title
        self.startTime = startTime
        self.endTime = endTime
        self.room = room
        self.speakers = speakers
    }
}

/// What `EventProgrammePublished` and `EventProgrammeChanged` share.
public struct ProgrammeFacts: Codable, Sendable, Equatable {
    public var eventId: Identifier
    public var revision: Int
    public var sessions: [ProgrammeSession]

    public init(eventId: Identifier, revision: Int, sessions: [ProgrammeSession]) {
        self.eventId = eventId
        self.revision = revision
        self.sessions = sessions
    }
}

/// `events.EventProgrammePublished`: the whole programme, when the event is published.
public struct EventProgrammePublished: DomainEvent, SharedFields, Equatable {
    public static let name = "EventProgrammePublished"
    public static let context = "events"
    public static let aggregateType = "Event"
    public let fields: ProgrammeFacts
    public init(_ fields: ProgrammeFacts) { self.fields = fields }
}

/// `events.EventProgrammeChanged`: the whole programme again, after a change.
public struct EventProgrammeChanged: DomainEvent, SharedFields, Equatable {
    public static let name = "EventProgrammeChanged"
    public static let context = "events"
    public static let aggregateType = "Event"
    public let fields: ProgrammeFacts
    public init(_ fields: ProgrammeFacts) { self.fields = fields }
}

/// `events.EventUpdated`: the event after the update (the fields mails use).
public struct EventUpdated: DomainEvent, Equatable {
    public static let name = "EventUpdated"
    public static let context = "events"
    public static let aggregateType = "Event"

    public var eventId: Identifier
    public var title: String
    public var eventDate: Date
    public var venueName: String
    public var metadata: JSONValue?

    public init(eventId: Identifier, title: String, eventDate: Date, venueName: String, metadata: JSONValue? = nil) {
        self.eventId = eventId
        self.title = title
        self.eventDate = eventDate
        self.venueName = venueName
        self.metadata = metadata
    }
}

/// `events.EventCancelled`: only which event (the organiser's reason is not mailed).
public struct EventCancelled: DomainEvent, Equatable {
    public static let name = "EventCancelled"
    public static let context = "events"
    public static let aggregateType = "Event"

    public var eventId: Identifier

    public init(eventId: Identifier) { self.eventId = eventId }
}

public struct EventCreated: DomainEvent, Equatable {
    public static let name = "EventCreated"
    public static let context = "events"
    public static let aggregateType = "Event"

    public var eventId: Identifier
    public var title: String
    public var eventDate: Date
    public var venueName: String
    public var metadata: JSONValue?

    public init(eventId: Identifier, title: String, eventDate: Date, venueName: String, metadata: JSONValue? = nil) {
        self.eventId = eventId
        self.title = title
        self.eventDate = eventDate
        self.venueName = venueName
        self.metadata = metadata
    }
}
