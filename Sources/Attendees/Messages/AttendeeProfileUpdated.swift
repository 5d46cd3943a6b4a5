public import Identifiers
public import Messaging

/// `attendees.AttendeeProfileUpdated`: the whole profile after the update
/// and the fields that changed. Carries personal data (for notifications'
/// recipient copy): its outbox rows go at erasure and consent withdrawal.
public struct AttendeeProfileUpdated: DomainEvent, AggregateIdentified, Hashable {
    public static let name = "AttendeeProfileUpdated"
    public static let context = "attendees"
    public static let aggregateType = "Attendee"
    public var aggregateId: Identifier { attendeeId }

    public var attendeeId: Identifier
    /// Names of the fields whose value changed (`email`, `bio`, `topics` …); empty for a repeat.
    public var changed: [ProfileField]
    public var email: String
    public var firstName: String
    public var lastName: String
    public var companyId: Identifier?
    public var position: String?
    public var profile: AttendeeProfile
    public var preferences: ContentPreferences

    public init(
        attendeeId: Identifier, changed: [ProfileField], email: String, firstName: String, lastName: String, companyId: Identifier?,
        position: String?, profile: AttendeeProfile, preferences: ContentPreferences
    ) {
        self.attendeeId = attendeeId
        self.changed = changed
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.companyId = companyId
        self.position = position
        self.profile = profile
        self.preferences = preferences
    }
}
