/// Through what a newsletter subscription last changed. `consentWithdrawn`
/// is attendees' own: a command cannot name it.
public enum NewsletterSource: String, Codable, Sendable, Hashable, CaseIterable {
    case website
    case registration
    case emailLink = "email_link"
    case organizer
    case consentWithdrawn = "consent_withdrawn"
}
