public import Foundation
public import Identifiers
public import Messaging

/// `attendees.AttendeeProfileReported`, the answer to GetAttendeeProfile:
/// the seed's Attendee with its registrations (session choices, RSVP) and
/// engagement history. Personal: its outbox rows go at erasure and consent
/// withdrawal.
public struct AttendeeProfileReported: DomainEvent, AggregateIdentified, Hashable {
    public static let name = "AttendeeProfileReported"
    public static let context = "attendees"
    public static let aggregateType = "Attendee"
    public var aggregateId: Identifier { attendeeId }

    public var attendeeId: Identifier
    public var email: String
    public var firstName: String
    public var lastName: String
    public var companyId: Identifier?
    public var position: String?
    public var profile: AttendeeProfile
    public var preferences: ContentPreferences
    public var newsletterSubscription: Bool
    public var newsletterChangedAt: Date?
    public var newsletterSource: NewsletterSource?
    public var gdprConsent: ConsentReport
    public var registrations: [RegistrationReport]
    public var engagementHistory: EngagementHistory
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        attendeeId: Identifier, email: String, firstName: String, lastName: String, companyId: Identifier?, position: String?,
        profile: AttendeeProfile, preferences: ContentPreferences, newsletterSubscription: Bool, newsletterChangedAt: Date?,
        newsletterSource: NewsletterSource?, gdprConsent: ConsentReport, registrations: [RegistrationReport],
        engagementHistory: EngagementHistory, createdAt: Date, updatedAt: Date
    ) {
        self.attendeeId = attendeeId
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.companyId = companyId
        self.position = position
        self.profile = profile
        self.preferences = preferences
        self.newsletterSubscription = newsletterSubscription
        self.newsletterChangedAt = newsletterChangedAt
        self.newsletterSource = newsletterSource
        self.gdprConsent = gdprConsent
        self.registrations = registrations
        self.engagementHistory = engagementHistory
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
