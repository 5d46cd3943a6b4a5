public import Foundation
public import Identifiers
public import Messaging

// Payloads of the speaker profile, its query and GDPR erasure
// (docs/events-speakers.md, "Speaker profiles").

/// Changes a speaker's profile. Every field but `speakerId` may be left out
/// (unchanged); `null` clears an optional field (a list becomes empty,
/// `communicationPreferences` returns to the defaults); a required one
/// (`companyId`, and the preferences' `channel` and `reminderOptOut`) cannot
/// be cleared.
public struct UpdateSpeakerProfile: Command, AggregateIdentified, Equatable {
    public static let name = "UpdateSpeakerProfile"
    public static let context = "speakers"
    public static let aggregateType = "Speaker"
    public var aggregateId: Identifier { speakerId }

    public var speakerId: Identifier
    public var shortBio: FieldUpdate<String> = .unchanged
    public var detailedBio: FieldUpdate<String> = .unchanged
    public var expertiseAreas: FieldUpdate<[String]> = .unchanged
    public var profilePhotoUrl: FieldUpdate<String> = .unchanged
    public var linkedInUrl: FieldUpdate<String> = .unchanged
    public var twitterHandle: FieldUpdate<String> = .unchanged
    public var certifications: FieldUpdate<[String]> = .unchanged
    public var languages: FieldUpdate<[String]> = .unchanged
    public var speakingTopics: FieldUpdate<[String]> = .unchanged
    public var position: FieldUpdate<String> = .unchanged
    public var companyId: FieldUpdate<Identifier> = .unchanged
    public var communicationPreferences: FieldUpdate<PreferencesUpdate> = .unchanged

    public init(speakerId: Identifier) {
        self.speakerId = speakerId
    }

    /// Every field given, as the wire names it, in the order of the contract.
    var givenFields: [String] {
        let fields: [(String, Bool)] = [
            ("shortBio", shortBio.isGiven), ("detailedBio", detailedBio.isGiven), ("expertiseAreas", expertiseAreas.isGiven),
            ("profilePhotoUrl", profilePhotoUrl.isGiven), ("linkedInUrl", linkedInUrl.isGiven), ("twitterHandle", twitterHandle.isGiven),
            ("certifications", certifications.isGiven), ("languages", languages.isGiven), ("speakingTopics", speakingTopics.isGiven),
            ("position", position.isGiven), ("companyId", companyId.isGiven),
            ("communicationPreferences", communicationPreferences.isGiven),
        ]
        return fields.filter(\.1).map(\.0)
    }

    enum CodingKeys: String, CodingKey {
        case speakerId, shortBio, detailedBio, expertiseAreas, profilePhotoUrl, linkedInUrl, twitterHandle, certifications
        case languages, speakingTopics, position, companyId, communicationPreferences
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        speakerId = try c.decode(Identifier.self, forKey: .speakerId)
        shortBio = try c.decodeUpdate(String.self, forKey: .shortBio)
        detailedBio = try c.decodeUpdate(String.self, forKey: .detailedBio)
        expertiseAreas = try c.decodeUpdate([String].self, forKey: .expertiseAreas)
        profilePhotoUrl = try c.decodeUpdate(String.self, forKey: .profilePhotoUrl)
        linkedInUrl = try c.decodeUpdate(String.self, forKey: .linkedInUrl)
        twitterHandle = try c.decodeUpdate(String.self, forKey: .twitterHandle)
        certifications = try c.decodeUpdate([String].self, forKey: .certifications)
        languages = try c.decodeUpdate([String].self, forKey: .languages)
        speakingTopics = try c.decodeUpdate([String].self, forKey: .speakingTopics)
        position = try c.decodeUpdate(String.self, forKey: .position)
        companyId = try c.decodeUpdate(Identifier.self, forKey: .companyId)
        communicationPreferences = try c.decodeUpdate(PreferencesUpdate.self, forKey: .communicationPreferences)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(speakerId, forKey: .speakerId)
        try c.encodeUpdate(shortBio, forKey: .shortBio)
        try c.encodeUpdate(detailedBio, forKey: .detailedBio)
        try c.encodeUpdate(expertiseAreas, forKey: .expertiseAreas)
        try c.encodeUpdate(profilePhotoUrl, forKey: .profilePhotoUrl)
        try c.encodeUpdate(linkedInUrl, forKey: .linkedInUrl)
        try c.encodeUpdate(twitterHandle, forKey: .twitterHandle)
        try c.encodeUpdate(certifications, forKey: .certifications)
        try c.encodeUpdate(languages, forKey: .languages)
        try c.encodeUpdate(speakingTopics, forKey: .speakingTopics)
        try c.encodeUpdate(position, forKey: .position)
        try c.encodeUpdate(companyId, forKey: .companyId)
        try c.encodeUpdate(communicationPreferences, forKey: .communicationPreferences)
    }
}

/// The `communicationPreferences` of an UpdateSpeakerProfile, each field
/// absent (unchanged), null or a value like the profile's own.
public struct PreferencesUpdate: Codable, Sendable, Equatable {
    public var channel: FieldUpdate<String> = .unchanged
    public var language: FieldUpdate<String> = .unchanged
    public var reminderOptOut: FieldUpdate<Bool> = .unchanged

    public init(channel: FieldUpdate<String> = .unchanged, language: FieldUpdate<String> = .unchanged, reminderOptOut: FieldUpdate<Bool> = .unchanged)
    {
        self.channel = channel
        self.language = language
        self.reminderOptOut = reminderOptOut
    }

    enum CodingKeys: String, CodingKey {
        case channel, language, reminderOptOut
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        channel = try c.decodeUpdate(String.self, forKey: .channel)
        language = try c.decodeUpdate(String.self, forKey: .language)
        reminderOptOut = try c.decodeUpdate(Bool.self, forKey: .reminderOptOut)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeUpdate(channel, forKey: .channel)
        try c.encodeUpdate(language, forKey: .language)
        try c.encodeUpdate(reminderOptOut, forKey: .reminderOptOut)
    }
}

/// Asks for a speaker's whole profile; answered `SpeakerProfileReported`.
public struct GetSpeakerProfile: Command, AggregateIdentified, Equatable {
    public static let name = "GetSpeakerProfile"
    public static let context = "speakers"
    public static let aggregateType = "Speaker"
    public var aggregateId: Identifier { speakerId }

    public var speakerId: Identifier

    public init(speakerId: Identifier) {
        self.speakerId = speakerId
    }
}

/// GDPR erasure of a speaker; answered `SpeakerErased`, or rejected
/// `has_upcoming_sessions` while a confirmed session has not ended.
public struct EraseSpeaker: Command, AggregateIdentified, Equatable {
    public static let name = "EraseSpeaker"
    public static let context = "speakers"
    public static let aggregateType = "Speaker"
    public var aggregateId: Identifier { speakerId }

    public var speakerId: Identifier

    public init(speakerId: Identifier) {
        self.speakerId = speakerId
    }
}

/// A speaker as the seed's `Speaker` interface has it, with the speaking
/// history: the payload of `SpeakerProfileUpdated` and `SpeakerProfileReported`.
public struct SpeakerProfileView: Codable, Sendable, Equatable {
    public var speakerId: Identifier
    public var email: String
    public var firstName: String
    public var lastName: String
    public var companyId: Identifier
    public var position: String?
    public var profile: SpeakerProfile
    public var availability: String
    public var communicationPreferences: CommunicationPreferences
    public var speakingHistory: [SpeakingEngagement]

    public init(_ speaker: Speaker, personal: SpeakerPersonal, history: [SpeakingEngagement]) {
        speakerId = speaker.id
        email = personal.email
        firstName = personal.firstName
        lastName = personal.lastName
        companyId = speaker.companyId
        position = personal.position
        profile = personal.profile
        availability = speaker.availability.rawValue
        communicationPreferences = personal.preferences
        speakingHistory = history
    }
}

/// The profile after an UpdateSpeakerProfile, or after the speaking history grew.
public struct SpeakerProfileUpdated: DomainEvent, AggregateIdentified, SharedFields, Equatable {
    public static let name = "SpeakerProfileUpdated"
    public static let context = "speakers"
    public static let aggregateType = "Speaker"
    public var aggregateId: Identifier { fields.speakerId }
    public let fields: SpeakerProfileView
    public init(_ fields: SpeakerProfileView) { self.fields = fields }
}

/// The answer to GetSpeakerProfile.
public struct SpeakerProfileReported: DomainEvent, AggregateIdentified, SharedFields, Equatable {
    public static let name = "SpeakerProfileReported"
    public static let context = "speakers"
    public static let aggregateType = "Speaker"
    public var aggregateId: Identifier { fields.speakerId }
    public let fields: SpeakerProfileView
    public init(_ fields: SpeakerProfileView) { self.fields = fields }
}

/// The speaker's personal data is gone from speakers: drop whatever you keep
/// about this speaker. Carries nothing personal.
public struct SpeakerErased: DomainEvent, AggregateIdentified, Equatable {
    public static let name = "SpeakerErased"
    public static let context = "speakers"
    public static let aggregateType = "Speaker"
    public var aggregateId: Identifier { speakerId }

    public var speakerId: Identifier
    public var erasedAt: Date
}
