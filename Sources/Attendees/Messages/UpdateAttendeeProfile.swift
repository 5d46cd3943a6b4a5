public import Identifiers
public import Messaging

/// `attendees.UpdateAttendeeProfile`: each field absent = unchanged, `null`
/// = cleared (not for email and names), a value = set.
public struct UpdateAttendeeProfile: Command, Hashable {
    public static let name = "UpdateAttendeeProfile"
    public static let context = "attendees"
    public static let aggregateType = "Attendee"

    public var attendeeId: Identifier
    public var email: Patch<String>
    public var firstName: Patch<String>
    public var lastName: Patch<String>
    public var companyId: Patch<Identifier>
    public var position: Patch<String>
    /// Absent or null: the profile stays as it is.
    public var profile: ProfilePatch?
    /// Absent or null: the preferences stay as they are.
    public var preferences: PreferencesPatch?

    public init(
        attendeeId: Identifier, email: Patch<String> = .unchanged, firstName: Patch<String> = .unchanged,
        lastName: Patch<String> = .unchanged, companyId: Patch<Identifier> = .unchanged, position: Patch<String> = .unchanged,
        profile: ProfilePatch? = nil, preferences: PreferencesPatch? = nil
    ) {
        self.attendeeId = attendeeId
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.companyId = companyId
        self.position = position
        self.profile = profile
        self.preferences = preferences
    }
}
