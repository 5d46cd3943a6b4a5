public import Messaging

/// A speaker after UpdateSpeakerProfile.
public struct ProfileChange: Sendable, Equatable {
    public var speaker: Speaker
    /// The command moved the speaker to another company: its check restarts.
    public var companyChanged: Bool
}

/// UpdateSpeakerProfile: validates the fields given, one reason code per
/// rule, and applies them. Repeating an update changes nothing and is
/// answered like the first.
public enum ProfileRules {
    /// `companyKnown`: whether the company the command names (if any) is in the local copy.
    public static func update(_ command: UpdateSpeakerProfile, speaker: Speaker?, companyKnown: Bool) throws(CommandRejection) -> ProfileChange {
        guard !command.givenFields.isEmpty else {
            throw CommandRejection("no_changes", "UpdateSpeakerProfile must give at least one field to change")
        }
        var speaker = try SpeakerRules.requireActive(speaker, command.speakerId)
        guard var personal = speaker.personal else { throw CommandRejection("speaker_erased", "speaker \(command.speakerId) was erased") }
        var profile = personal.profile
        profile.shortBio = try text(command.shortBio, profile.shortBio, "short_bio", max: ProfileLimits.shortBio)
        profile.detailedBio = try text(command.detailedBio, profile.detailedBio, "detailed_bio", max: ProfileLimits.detailedBio)
        profile.expertiseAreas = try list(command.expertiseAreas, profile.expertiseAreas, ProfileLimits.expertiseAreas)
        profile.certifications = try list(command.certifications, profile.certifications, ProfileLimits.certifications)
        profile.speakingTopics = try list(command.speakingTopics, profile.speakingTopics, ProfileLimits.speakingTopics)
        if case .set(let languages) = command.languages { profile.languages = try ProfileValidation.languages(languages) }
        if command.languages == .clear { profile.languages = [] }
        profile.profilePhotoUrl = try url(command.profilePhotoUrl, profile.profilePhotoUrl, "profile_photo_url")
        profile.linkedInUrl = try url(command.linkedInUrl, profile.linkedInUrl, "linkedin_url")
        switch command.twitterHandle {
        case .unchanged: break
        case .clear: profile.twitterHandle = nil
        case .set(let handle): profile.twitterHandle = try ProfileValidation.twitterHandle(handle)
        }
        personal.position = try text(command.position, personal.position, "position", max: ProfileLimits.position)
        personal.profile = profile
        personal.preferences = try preferences(command.communicationPreferences, personal.preferences)

        var companyChanged = false
        switch command.companyId {
        case .unchanged: break
        case .clear: throw CommandRejection("company_id_required", "companyId cannot be cleared")
        case .set(let company) where company != speaker.companyId:
            speaker.companyId = company
            speaker.companyVerified = companyKnown
            companyChanged = true
        case .set: break
        }
        speaker.personal = personal
        return ProfileChange(speaker: speaker, companyChanged: companyChanged)
    }

    private static func text(_ update: FieldUpdate<String>, _ current: String?, _ field: String, max: Int) throws(CommandRejection) -> String? {
        guard case .set(let value) = update else { return update.applied(to: current) }
        return try Validate.optional(value, field, max: max)
    }

    private static func url(_ update: FieldUpdate<String>, _ current: String?, _ field: String) throws(CommandRejection) -> String? {
        guard case .set(let value) = update else { return update.applied(to: current) }
        return try ProfileValidation.url(value, field)
    }

    private static func list(_ update: FieldUpdate<[String]>, _ current: [String], _ limit: ProfileLimits.ListLimit) throws(CommandRejection)
        -> [String]
    {
        guard case .set(let values) = update else { return update.applied(to: current) ?? [] }
        return try ProfileValidation.list(values, limit)
    }

    /// `null` for the whole object: back to the defaults.
    private static func preferences(
        _ update: FieldUpdate<PreferencesUpdate>, _ current: CommunicationPreferences
    ) throws(CommandRejection) -> CommunicationPreferences {
        switch update {
        case .unchanged: return current
        case .clear: return CommunicationPreferences()
        case .set(let given):
            var preferences = current
            switch given.channel {
            case .unchanged: break
            case .clear: throw CommandRejection("channel_required", "communicationPreferences.channel cannot be cleared")
            case .set(let channel):
                guard ContactChannel(rawValue: channel) != nil else {
                    throw CommandRejection(
                        "invalid_channel", "channel must be one of \(ContactChannel.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                preferences.channel = channel
            }
            if case .set(let language) = given.language, !LanguageTag.isValid(language) {
                throw CommandRejection("invalid_preferred_language", "communicationPreferences.language must be a language tag such as de or de-CH")
            }
            preferences.language = given.language.applied(to: preferences.language)
            switch given.reminderOptOut {
            case .unchanged: break
            case .clear: throw CommandRejection("reminder_opt_out_required", "communicationPreferences.reminderOptOut cannot be cleared")
            case .set(let optOut): preferences.reminderOptOut = optOut
            }
            return preferences
        }
    }
}
