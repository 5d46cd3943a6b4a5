public import Foundation
public import Identifiers
public import Messaging

/// A speaker as the speakers context keeps it.
public struct Speaker: Sendable, Equatable {
    public var id: Identifier
    public var companyId: Identifier
    /// nil once erased (EraseSpeaker): what is left is anonymous.
    public var personal: SpeakerPersonal?
    public var availability: SpeakerAvailability
    public var baseAvailability: BaseAvailability
    /// The company is in the local copy (see docs/events-speakers.md).
    public var companyVerified: Bool
    public var erasedAt: Date?

    public var isErased: Bool { personal == nil }

    /// The registration as announced; nil once erased.
    public var registered: SpeakerRegistered? {
        guard let personal else { return nil }
        return SpeakerRegistered(
            speakerId: id, email: personal.email, firstName: personal.firstName, lastName: personal.lastName, companyId: companyId,
            position: personal.position, shortBio: personal.profile.shortBio, detailedBio: personal.profile.detailedBio,
            expertiseAreas: personal.profile.expertiseAreas, availability: availability.rawValue
        )
    }
}

public enum RegisterSpeakerOutcome: Sendable, Equatable {
    case register(Speaker)
    /// The command repeats a registration: answer with the stored speaker.
    case existing(Speaker)
}

public enum SpeakerRules {
    /// `emailOwner`: the speaker already registered with this email,
    /// compared case-insensitively.
    public static func register(
        _ command: RegisterSpeaker, newId: Identifier, existingWithId: Speaker?, emailOwner: Identifier?, companyKnown: Bool
    ) throws(CommandRejection) -> RegisterSpeakerOutcome {
        let email = try Validate.email(command.email)
        if let existing = existingWithId {
            guard let personal = existing.personal else {
                throw CommandRejection("speaker_erased", "speaker \(existing.id) was erased")
            }
            guard personal.email.lowercased() == email.lowercased() else {
                throw CommandRejection("speaker_exists", "speaker \(existing.id) exists with another email")
            }
            return .existing(existing)
        }
        if let owner = emailOwner {
            throw CommandRejection("duplicate_email", "speaker \(owner) is registered with this email")
        }
        let firstName = try Validate.required(command.firstName, "first_name", max: 100)
        let lastName = try Validate.required(command.lastName, "last_name", max: 100)
        let position = try Validate.optional(command.position, "position", max: ProfileLimits.position)
        let profile = SpeakerProfile(
            shortBio: try Validate.optional(command.shortBio, "short_bio", max: ProfileLimits.shortBio),
            detailedBio: try Validate.optional(command.detailedBio, "detailed_bio", max: ProfileLimits.detailedBio),
            expertiseAreas: try ProfileValidation.list(command.expertiseAreas ?? [], ProfileLimits.expertiseAreas)
        )
        return .register(
            Speaker(
                id: command.speakerId ?? newId, companyId: command.companyId,
                personal: SpeakerPersonal(email: email, firstName: firstName, lastName: lastName, position: position, profile: profile),
                availability: .available, baseAvailability: .available, companyVerified: companyKnown
            ))
    }

    public static func setAvailability(_ command: SetSpeakerAvailability, speaker: Speaker?) throws(CommandRejection) -> BaseAvailability {
        try requireActive(speaker, command.speakerId)
        guard let base = BaseAvailability(rawValue: command.availability) else {
            throw CommandRejection("invalid_availability", "availability must be available, busy or unavailable")
        }
        return base
    }

    /// The speaker exists and was not erased: what every command about a
    /// speaker needs first.
    @discardableResult
    public static func requireActive(_ speaker: Speaker?, _ id: Identifier) throws(CommandRejection) -> Speaker {
        guard let speaker else { throw CommandRejection("unknown_speaker", "no speaker \(id)") }
        guard !speaker.isErased else { throw CommandRejection("speaker_erased", "speaker \(id) was erased") }
        return speaker
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
