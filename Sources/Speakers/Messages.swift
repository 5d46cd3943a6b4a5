public import Foundation
public import Identifiers
public import Messaging

// Payloads (`data`) of the messages the speakers worker receives and
// publishes. Field names as issue 5 spells them; invitation events also carry
// eventId and role so events can keep its slot copy from any one of them.
// Enumerated values (role, response, availability) travel as strings and are
// parsed by the domain, so a bad value is rejected with a reason.

// MARK: commands

public struct RegisterSpeaker: Command, Equatable {
    public static let name = "RegisterSpeaker"
    public static let context = "speakers"
    public static let aggregateType = "Speaker"

    public var speakerId: Identifier?
    public var email: String
    public var firstName: String
    public var lastName: String
    public var companyId: Identifier
    public var position: String?
    public var shortBio: String?
    public var detailedBio: String?
    public var expertiseAreas: [String]?

    public init(
        speakerId: Identifier? = nil, email: String, firstName: String, lastName: String, companyId: Identifier,
        position: String? = nil, shortBio: String? = nil, detailedBio: String? = nil, expertiseAreas: [String]? = nil
    ) {
        self.speakerId = speakerId
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.companyId = companyId
        self.position = position
        self.shortBio = shortBio
        self.detailedBio = detailedBio
        self.expertiseAreas = expertiseAreas
    }
}

public struct InviteSpeaker: Command, Equatable {
    public static let name = "InviteSpeaker"
    public static let context = "speakers"
    public static let aggregateType = "SessionSpeaker"

    public var speakerId: Identifier
    public var sessionId: Identifier
    public var role: String
    public var presentationTitle: String?
    /// Absent: the configured response window after the invitation (30 days).
    public var responseDeadline: Date?

    public init(speakerId: Identifier, sessionId: Identifier, role: String, presentationTitle: String? = nil, responseDeadline: Date? = nil) {
        self.speakerId = speakerId
        self.sessionId = sessionId
        self.role = role
        self.presentationTitle = presentationTitle
        self.responseDeadline = responseDeadline
    }
}

public struct RespondToInvitation: Command, Equatable {
    public static let name = "RespondToInvitation"
    public static let context = "speakers"
    public static let aggregateType = "SessionSpeaker"

    public var speakerId: Identifier
    public var sessionId: Identifier
    /// `accept`, `decline` or `tentative`.
    public var response: String
    /// Required for decline and tentative.
    public var reason: String?

    public init(speakerId: Identifier, sessionId: Identifier, response: String, reason: String? = nil) {
        self.speakerId = speakerId
        self.sessionId = sessionId
        self.response = response
        self.reason = reason
    }
}

public struct WithdrawSpeaker: Command, Equatable {
    public static let name = "WithdrawSpeaker"
    public static let context = "speakers"
    public static let aggregateType = "SessionSpeaker"

    public var speakerId: Identifier
    public var sessionId: Identifier
    public var reason: String

    public init(speakerId: Identifier, sessionId: Identifier, reason: String) {
        self.speakerId = speakerId
        self.sessionId = sessionId
        self.reason = reason
    }
}

/// Sets what availability falls back to when the speaker has nothing
/// confirmed or open: `available`, `busy` or `unavailable`.
public struct SetSpeakerAvailability: Command, Equatable {
    public static let name = "SetSpeakerAvailability"
    public static let context = "speakers"
    public static let aggregateType = "Speaker"

    public var speakerId: Identifier
    public var availability: String

    public init(speakerId: Identifier, availability: String) {
        self.speakerId = speakerId
        self.availability = availability
    }
}

// MARK: timer commands (speakers sends these to itself through durable timers)

public struct SendInvitationReminder: Command, Equatable {
    public static let name = "SendInvitationReminder"
    public static let context = "speakers"
    public static let aggregateType = "SessionSpeaker"

    public var speakerId: Identifier
    public var sessionId: Identifier
    /// The invitation the timer was set for; a later invitation ignores it.
    public var invitedAt: Date
    public var daysLeft: Int
}

public struct ExpireInvitation: Command, Equatable {
    public static let name = "ExpireInvitation"
    public static let context = "speakers"
    public static let aggregateType = "SessionSpeaker"

    public var speakerId: Identifier
    public var sessionId: Identifier
    public var invitedAt: Date
}

public struct CheckSpeakerCompany: Command, AggregateIdentified, Equatable {
    public static let name = "CheckSpeakerCompany"
    public static let context = "speakers"
    public static let aggregateType = "Speaker"
    public var aggregateId: Identifier { speakerId }

    public var speakerId: Identifier
    public var companyId: Identifier
}

public struct RefreshSpeakerAvailability: Command, AggregateIdentified, Equatable {
    public static let name = "RefreshSpeakerAvailability"
    public static let context = "speakers"
    public static let aggregateType = "Speaker"
    public var aggregateId: Identifier { speakerId }

    public var speakerId: Identifier
}

// MARK: events published

public struct SpeakerRegistered: DomainEvent, AggregateIdentified, Equatable {
    public static let name = "SpeakerRegistered"
    public static let context = "speakers"
    public static let aggregateType = "Speaker"
    public var aggregateId: Identifier { speakerId }

    public var speakerId: Identifier
    public var email: String
    public var firstName: String
    public var lastName: String
    public var companyId: Identifier
    public var position: String?
    public var shortBio: String?
    public var detailedBio: String?
    public var expertiseAreas: [String]
    public var availability: String
}

public struct SpeakerInvited: DomainEvent, Equatable {
    public static let name = "SpeakerInvited"
    public static let context = "speakers"
    public static let aggregateType = "SessionSpeaker"

    public var speakerId: Identifier
    public var sessionId: Identifier
    public var eventId: Identifier
    public var invitedAt: Date
    public var role: String
    public var responseDeadline: Date
    public var presentationTitle: String?
}

public struct SpeakerConfirmed: DomainEvent, Equatable {
    public static let name = "SpeakerConfirmed"
    public static let context = "speakers"
    public static let aggregateType = "SessionSpeaker"

    public var speakerId: Identifier
    public var sessionId: Identifier
    public var eventId: Identifier
    public var role: String
    public var confirmedAt: Date
    /// The invitation's, so events' programme has it whatever order the two arrive in.
    public var presentationTitle: String?
}

public struct SpeakerDeclined: DomainEvent, Equatable {
    public static let name = "SpeakerDeclined"
    public static let context = "speakers"
    public static let aggregateType = "SessionSpeaker"

    public var speakerId: Identifier
    public var sessionId: Identifier
    public var eventId: Identifier
    public var role: String
    public var reason: String
    public var declinedAt: Date
}

public struct SpeakerTentative: DomainEvent, Equatable {
    public static let name = "SpeakerTentative"
    public static let context = "speakers"
    public static let aggregateType = "SessionSpeaker"

    public var speakerId: Identifier
    public var sessionId: Identifier
    public var eventId: Identifier
    public var role: String
    public var reason: String
}

public struct SpeakerWithdrew: DomainEvent, Equatable {
    public static let name = "SpeakerWithdrew"
    public static let context = "speakers"
    public static let aggregateType = "SessionSpeaker"

    public var speakerId: Identifier
    public var sessionId: Identifier
    public var eventId: Identifier
    public var role: String
    public var reason: String
}

public struct SpeakerInvitationReminderDue: DomainEvent, Equatable {
    public static let name = "SpeakerInvitationReminderDue"
    public static let context = "speakers"
    public static let aggregateType = "SessionSpeaker"

    public var speakerId: Identifier
    public var sessionId: Identifier
    public var daysLeft: Int
    public var responseDeadline: Date
}

public struct SpeakerInvitationExpired: DomainEvent, Equatable {
    public static let name = "SpeakerInvitationExpired"
    public static let context = "speakers"
    public static let aggregateType = "SessionSpeaker"

    public var speakerId: Identifier
    public var sessionId: Identifier
    public var eventId: Identifier
    public var role: String
    public var responseDeadline: Date
}

public struct SpeakerReleased: DomainEvent, Equatable {
    public static let name = "SpeakerReleased"
    public static let context = "speakers"
    public static let aggregateType = "SessionSpeaker"

    public var speakerId: Identifier
    public var sessionId: Identifier
    public var eventId: Identifier
    public var role: String
    /// `session_cancelled` or `conflict`.
    public var reason: String
}

public struct SpeakerAvailabilityChanged: DomainEvent, AggregateIdentified, Equatable {
    public static let name = "SpeakerAvailabilityChanged"
    public static let context = "speakers"
    public static let aggregateType = "Speaker"
    public var aggregateId: Identifier { speakerId }

    public var speakerId: Identifier
    public var availability: String
    public var baseAvailability: String
}

/// A speaker was registered with a company that has not arrived from the
/// companies context within the grace period.
public struct SpeakerCompanyUnresolved: DomainEvent, AggregateIdentified, Equatable {
    public static let name = "SpeakerCompanyUnresolved"
    public static let context = "speakers"
    public static let aggregateType = "Speaker"
    public var aggregateId: Identifier { speakerId }

    public var speakerId: Identifier
    public var companyId: Identifier
}

// MARK: events consumed

public struct CompanyCreated: DomainEvent, Equatable {
    public static let name = "CompanyCreated"
    public static let context = "companies"
    public static let aggregateType = "Company"

    public var companyId: Identifier
    public var name: String
    public var isPartner: Bool?
    public var displayName: String?
    public var industry: String?
    public var employeeCount: Int?

    public init(
        companyId: Identifier, name: String, isPartner: Bool? = nil, displayName: String? = nil, industry: String? = nil,
        employeeCount: Int? = nil
    ) {
        self.companyId = companyId
        self.name = name
        self.isPartner = isPartner
        self.displayName = displayName
        self.industry = industry
        self.employeeCount = employeeCount
    }
}

/// `companies.CompanyUpdated`: only the fields that changed are present
/// (speakers reads the names, the partner flag, industry and employee count).
public struct CompanyUpdated: DomainEvent, Equatable {
    public static let name = "CompanyUpdated"
    public static let context = "companies"
    public static let aggregateType = "Company"

    public var companyId: Identifier
    public var name: String?
    public var displayName: String?
    public var isPartner: Bool?
    public var industry: String?
    public var employeeCount: Int?

    public init(
        companyId: Identifier, name: String? = nil, displayName: String? = nil, isPartner: Bool? = nil, industry: String? = nil,
        employeeCount: Int? = nil
    ) {
        self.companyId = companyId
        self.name = name
        self.displayName = displayName
        self.isPartner = isPartner
        self.industry = industry
        self.employeeCount = employeeCount
    }
}

/// `events.EventStatusChanged`. `to` is read as text, not as the enum:
/// speakers acts on `completed` only, and a status it does not know (events
/// may add some) must not park the event.
public struct EventStatusChanged: DomainEvent, Equatable {
    public static let name = "EventStatusChanged"
    public static let context = "events"
    public static let aggregateType = "Event"

    public var eventId: Identifier
    public var to: String

    public init(eventId: Identifier, to: String) {
        self.eventId = eventId
        self.to = to
    }
}

/// What speakers reads of events' SessionScheduled and SessionRescheduled
/// (the latter carries the session type too).
public struct SessionTimetabled: Codable, Sendable, Equatable {
    public var sessionId: Identifier
    public var eventId: Identifier
    /// Read as the enum: a type outside the contract does not decode, so
    /// it is parked at once instead of retried.
    public var sessionType: SessionType
    public var startTime: Date
    public var endTime: Date
    public var room: String?
    /// The session's title (the speaking history's title when the
    /// invitation named no presentation title) and description. Read as
    /// optional: a copy written without them keeps its title.
    public var title: String?
    public var description: String?

    public init(
        sessionId: Identifier, eventId: Identifier, sessionType: SessionType, startTime: Date, endTime: Date, room: String? = nil,
        title: String? = nil, description: String? = nil
    ) {
        self.sessionId = sessionId
        self.eventId = eventId
        self.sessionType = sessionType
        self.startTime = startTime
        self.endTime = endTime
        self.room = room
        self.title = title
        self.description = description
    }
}

/// `events.SessionScheduled`, read as the session's timetable.
public struct SessionScheduled: DomainEvent, SharedFields, Equatable {
    public static let name = "SessionScheduled"
    public static let context = "events"
    public static let aggregateType = "Session"
    public let fields: SessionTimetabled
    public init(_ fields: SessionTimetabled) { self.fields = fields }
}

/// `events.SessionRescheduled`, read as the session's timetable.
public struct SessionRescheduled: DomainEvent, SharedFields, Equatable {
    public static let name = "SessionRescheduled"
    public static let context = "events"
    public static let aggregateType = "Session"
    public let fields: SessionTimetabled
    public init(_ fields: SessionTimetabled) { self.fields = fields }
}

/// `events.SessionUpdated` (the whole session after UpdateSession), read as
/// the session's timetable.
public struct SessionUpdated: DomainEvent, SharedFields, Equatable {
    public static let name = "SessionUpdated"
    public static let context = "events"
    public static let aggregateType = "Session"
    public let fields: SessionTimetabled
    public init(_ fields: SessionTimetabled) { self.fields = fields }
}

public struct SessionCancelled: DomainEvent, Equatable {
    public static let name = "SessionCancelled"
    public static let context = "events"
    public static let aggregateType = "Session"

    public var sessionId: Identifier
    public var eventId: Identifier
    public var reason: String

    public init(sessionId: Identifier, eventId: Identifier, reason: String) {
        self.sessionId = sessionId
        self.eventId = eventId
        self.reason = reason
    }
}
