public import Foundation
public import Identifiers
public import Messaging

/// A speaker as the speakers context keeps it.
public struct Speaker: Sendable, Equatable {
    public var id: Identifier
    public var email: String
    public var firstName: String
    public var lastName: String
    public var companyId: Identifier
    public var position: String?
    public var shortBio: String?
    public var detailedBio: String?
    public var expertiseAreas: [String]
    public var availability: SpeakerAvailability
    public var baseAvailability: BaseAvailability
    /// The company is in the local copy (see docs/events-speakers.md).
    public var companyVerified: Bool

    public var registered: SpeakerRegistered {
        SpeakerRegistered(
            speakerId: id, email: email, firstName: firstName, lastName: lastName, companyId: companyId,
            position: position, shortBio: shortBio, detailedBio: detailedBio, expertiseAreas: expertiseAreas,
            availability: availability.rawValue
        )
    }
}

public enum RegisterSpeakerOutcome: Sendable, Equatable {
    case register(Speaker)
    /// The command repeats a registration: answer with the stored speaker.
    case existing(Speaker)
}

public enum SpeakerRules {
    static let expertiseLimit = 50
    static let expertiseLength = 255

    /// `emailOwner`: the speaker already registered with this email,
    /// compared case-insensitively.
    public static func register(
        _ command: RegisterSpeaker, newId: Identifier, existingWithId: Speaker?, emailOwner: Identifier?, companyKnown: Bool
    ) throws(CommandRejection) -> RegisterSpeakerOutcome {
        let email = try Validate.email(command.email)
        if let existing = existingWithId {
            guard existing.email.lowercased() == email.lowercased() else {
                throw CommandRejection("speaker_exists", "speaker \(existing.id) exists with another email")
            }
            return .existing(existing)
        }
        if let owner = emailOwner {
            throw CommandRejection("duplicate_email", "speaker \(owner) is registered with this email")
        }
        let firstName = try Validate.required(command.firstName, "first_name", max: 100)
        let lastName = try Validate.required(command.lastName, "last_name", max: 100)
        let position = try Validate.optional(command.position, "position", max: 255)
        let shortBio = try Validate.optional(command.shortBio, "short_bio")
        let detailedBio = try Validate.optional(command.detailedBio, "detailed_bio")
        let areas = command.expertiseAreas ?? []
        guard areas.count <= expertiseLimit else {
            throw CommandRejection("expertise_areas_too_long", "at most \(expertiseLimit) expertise areas")
        }
        for area in areas { _ = try Validate.required(area, "expertise_area", max: expertiseLength) }
        return .register(
            Speaker(
                id: command.speakerId ?? newId, email: email, firstName: firstName, lastName: lastName,
                companyId: command.companyId, position: position, shortBio: shortBio, detailedBio: detailedBio,
                expertiseAreas: areas, availability: .available, baseAvailability: .available, companyVerified: companyKnown
            ))
    }

    public static func setAvailability(_ command: SetSpeakerAvailability, speaker: Speaker?) throws(CommandRejection) -> BaseAvailability {
        guard speaker != nil else {
            throw CommandRejection("unknown_speaker", "no speaker \(command.speakerId)")
        }
        guard let base = BaseAvailability(rawValue: command.availability) else {
            throw CommandRejection("invalid_availability", "availability must be available, busy or unavailable")
        }
        return base
    }
}

/// One of the speaker's invitations, as availability sees it.
public struct Commitment: Sendable, Equatable {
    public var status: InvitationStatus
    public var sessionEnd: Date

    public init(status: InvitationStatus, sessionEnd: Date) {
        self.status = status
        self.sessionEnd = sessionEnd
    }
}

public enum Availability {
    /// `confirmed` while any confirmed session has not ended yet, else
    /// `invited` while any invitation is open (invited or tentative), else
    /// what the speaker set (available, busy or unavailable).
    public static func derive(base: BaseAvailability, commitments: [Commitment], now: Date) -> SpeakerAvailability {
        if commitments.contains(where: { $0.status == .confirmed && $0.sessionEnd > now }) { return .confirmed }
        if commitments.contains(where: { $0.status.isOpen }) { return .invited }
        return base.availability
    }
}
