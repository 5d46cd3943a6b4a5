public import Foundation
public import Identifiers

/// A person notifications may write to: the local copy of a speaker or an
/// attendee, fed by their contexts' events and deleted on their erasure.
public struct Recipient: Sendable, Equatable {
    public enum Role: String, Sendable, Codable {
        case speaker, attendee
    }

    public var id: Identifier
    public var role: Role
    public var email: String
    public var firstName: String?
    public var lastName: String?
    /// A language tag as the person gave it; nil: none given.
    public var language: String?
    /// Speakers may refuse invitation reminders.
    public var reminderOptOut: Bool
    /// Attendees' newsletter flag; nil where the context has none (speakers).
    public var newsletter: Bool?
    /// When the copied fact happened: an older message never overwrites a newer one.
    public var asOf: Date

    public init(
        id: Identifier, role: Role, email: String, firstName: String? = nil, lastName: String? = nil, language: String? = nil,
        reminderOptOut: Bool = false, newsletter: Bool? = nil, asOf: Date
    ) {
        self.id = id
        self.role = role
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.language = language
        self.reminderOptOut = reminderOptOut
        self.newsletter = newsletter
        self.asOf = asOf
    }

    /// The notification rows' key for mails to this person.
    public var key: String { "\(role.rawValue):\(id)" }

    /// First and last name as far as known.
    public var fullName: String {
        [firstName, lastName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
    }
}
