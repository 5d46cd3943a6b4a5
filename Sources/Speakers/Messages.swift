public import Foundation
public import Identifiers

// Payloads (`data`) of the messages the speakers worker receives and
// publishes. Field names as issue 5 spells them; invitation events also carry
// eventId and role so events can keep its slot copy from any one of them.
// Enumerated values (role, response, availability) travel as strings and are
// parsed by the domain, so a bad value is rejected with a reason.

// MARK: commands

public struct RegisterSpeaker: Codable, Sendable, Equatable {
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

public struct InviteSpeaker: Codable, Sendable, Equatable {
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

public struct RespondToInvitation: Codable, Sendable, Equatable {
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

public struct WithdrawSpeaker: Codable, Sendable, Equatable {
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
public struct SetSpeakerAvailability: Codable, Sendable, Equatable {
    public var speakerId: Identifier
    public var availability: String

    public init(speakerId: Identifier, availability: String) {
        self.speakerId = speakerId
        self.availability = availability
    }
}

// MARK: timer commands (speakers sends these to itself through durable timers)

public struct SendInvitationReminder: Codable, Sendable, Equatable {
    public var speakerId: Identifier
    public var sessionId: Identifier
    /// The invitation the timer was set for; a later invitation ignores it.
    public var invitedAt: Date
    public var daysLeft: Int
}

public struct ExpireInvitation: Codable, Sendable, Equatable {
    public var speakerId: Identifier
    public var sessionId: Identifier
    public var invitedAt: Date
}

public struct CheckSpeakerCompany: Codable, Sendable, Equatable {
    public var speakerId: Identifier
    public var companyId: Identifier
}

public struct RefreshSpeakerAvailability: Codable, Sendable, Equatable {
    public var speakerId: Identifier
}

// MARK: events published

public struct SpeakerRegistered: Codable, Sendable, Equatable {
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

public struct SpeakerInvited: Codable, Sendable, Equatable {
    public var speakerId: Identifier
    public var sessionId: Identifier
    public var eventId: Identifier
    public var invitedAt: Date
    public var role: String
    public var responseDeadline: Date
    public var presentationTitle: String?
}

public struct SpeakerConfirmed: Codable, Sendable, Equatable {
    public var speakerId: Identifier
    public var sessionId: Identifier
    public var eventId: Identifier
    public var role: String
    public var confirmedAt: Date
}

public struct SpeakerDeclined: Codable, Sendable, Equatable {
    public var speakerId: Identifier
    public var sessionId: Identifier
    public var eventId: Identifier
    public var role: String
    public var reason: String
    public var declinedAt: Date
}

public struct SpeakerTentative: Codable, Sendable, Equatable {
    public var speakerId: Identifier
    public var sessionId: Identifier
    public var eventId: Identifier
    public var role: String
    public var reason: String
}

public struct SpeakerWithdrew: Codable, Sendable, Equatable {
    public var speakerId: Identifier
    public var sessionId: Identifier
    public var eventId: Identifier
    public var role: String
    public var reason: String
}

public struct SpeakerInvitationReminderDue: Codable, Sendable, Equatable {
    public var speakerId: Identifier
    public var sessionId: Identifier
    public var daysLeft: Int
    public var responseDeadline: Date
}

public struct SpeakerInvitationExpired: Codable, Sendable, Equatable {
    public var speakerId: Identifier
    public var sessionId: Identifier
    public var eventId: Identifier
    public var role: String
    public var responseDeadline: Date
}

public struct SpeakerReleased: Codable, Sendable, Equatable {
    public var speakerId: Identifier
    public var sessionId: Identifier
    public var eventId: Identifier
    public var role: String
    /// `session_cancelled` or `conflict`.
    public var reason: String
}

public struct SpeakerAvailabilityChanged: Codable, Sendable, Equatable {
    public var speakerId: Identifier
    public var availability: String
    public var baseAvailability: String
}

/// A speaker was registered with a company that has not arrived from the
/// companies context within the grace period.
public struct SpeakerCompanyUnresolved: Codable, Sendable, Equatable {
    public var speakerId: Identifier
    public var companyId: Identifier
}

// MARK: events consumed

public struct CompanyCreated: Codable, Sendable, Equatable {
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

/// events' SessionScheduled and SessionRescheduled (the latter carries the
/// session type too).
public struct SessionTimetabled: Codable, Sendable, Equatable {
    public var sessionId: Identifier
    public var eventId: Identifier
    /// Read as the enum: a type outside the contract does not decode, so
    /// it is parked at once instead of retried.
    public var sessionType: SessionType
    public var startTime: Date
    public var endTime: Date
    public var room: String?

    public init(sessionId: Identifier, eventId: Identifier, sessionType: SessionType, startTime: Date, endTime: Date, room: String? = nil) {
        self.sessionId = sessionId
        self.eventId = eventId
        self.sessionType = sessionType
        self.startTime = startTime
        self.endTime = endTime
        self.room = room
    }
}

public struct SessionCancelled: Codable, Sendable, Equatable {
    public var sessionId: Identifier
    public var eventId: Identifier
    public var reason: String

    public init(sessionId: Identifier, eventId: Identifier, reason: String) {
        self.sessionId = sessionId
        self.eventId = eventId
        self.reason = reason
    }
}
