/// Why a mail goes out: one template per kind and language.
public enum MailKind: String, Sendable, CaseIterable, Codable {
    case speakerInvited = "speaker_invited"
    case invitationReminder = "invitation_reminder"
    case invitationExpired = "invitation_expired"
    /// To the organiser: a speaker accepted.
    case speakerConfirmed = "speaker_confirmed"
    case speakerReleased = "speaker_released"
    case registrationConfirmed = "registration_confirmed"
    case registrationWaitlisted = "registration_waitlisted"
    case registrationPromoted = "registration_promoted"
    case registrationRejected = "registration_rejected"
    case registrationCancelled = "registration_cancelled"
    /// To confirmed attendees who subscribed to the newsletter: the programme
    /// as published, and again after each change.
    case programmePublished = "programme_published"
}
