/// A field UpdateAttendeeProfile can change, as AttendeeProfileUpdated names it.
public enum ProfileField: String, Codable, Sendable, Hashable, CaseIterable {
    case email
    case firstName
    case lastName
    case companyId
    case position
    case bio
    case interests
    case experienceLevel
    case topics
    case sessionTypes
    case language
}
