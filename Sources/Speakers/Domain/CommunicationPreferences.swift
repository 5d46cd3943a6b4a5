/// The data architecture's `communicationPreferences` of a speaker: how and
/// in which language to reach them, and whether invitation reminders may be
/// sent. The defaults are what a speaker who never said anything gets.
public struct CommunicationPreferences: Codable, Sendable, Equatable {
    /// `email` (default) or `phone`; see `ContactChannel`.
    public var channel: String
    /// A language tag such as `de` or `de-CH`; nil: the event's language.
    public var language: String?
    /// No `SpeakerInvitationReminderDue` for this speaker (expiry still happens).
    public var reminderOptOut: Bool

    public init(channel: String = ContactChannel.email.rawValue, language: String? = nil, reminderOptOut: Bool = false) {
        self.channel = channel
        self.language = language
        self.reminderOptOut = reminderOptOut
    }
}

/// How a speaker wants to be contacted.
public enum ContactChannel: String, Codable, Sendable, CaseIterable {
    case email, phone
}
