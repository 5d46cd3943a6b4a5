public import Foundation
public import Identifiers
import Messaging

/// UpdateAttendeeProfile: the attendee's own data, field by field. One
/// attendee per email: an address another attendee has (ignoring case) is
/// refused. The answer is the whole profile and what changed; a repeat
/// changes nothing and answers with an empty `changed`.
public enum ProfileUpdate {
    public struct Decision: Sendable, Hashable {
        public var attendee: Attendee
        public var changed: [ProfileField]
        public var event: AttendeesEvent
    }

    /// - Parameter emailOwner: the attendee who has the new email, if the
    ///   command changes it and someone has it (ignoring case).
    public static func decide(
        _ changes: ProfileChanges, attendee: Attendee?, id: Identifier, emailOwner: Attendee?, now: Date
    ) throws(Rejection) -> Decision {
        var next = try AttendeeRules.requireLive(attendee, id: id)
        guard var personal = next.personal else { throw AttendeeRules.erased(id) }
        if changes.email != nil, let owner = emailOwner, owner.id != next.id {
            throw Rejection("email_taken", "another attendee has this email")
        }
        var changed: [ProfileField] = []
        func set<T: Equatable>(_ field: ProfileField, _ value: inout T, _ new: T?) {
            guard let new, new != value else { return }
            value = new
            changed.append(field)
        }
        func patch<T: Equatable>(_ field: ProfileField, _ value: inout T?, _ new: Patch<T>) {
            if Patch<T>.change(&value, to: new.map { Optional($0) }).isGiven { changed.append(field) }
        }
        set(.email, &personal.email, changes.email)
        set(.firstName, &personal.firstName, changes.firstName)
        set(.lastName, &personal.lastName, changes.lastName)
        patch(.companyId, &personal.companyId, changes.companyId)
        patch(.position, &personal.position, changes.position)
        patch(.bio, &next.profile.bio, changes.bio)
        set(.interests, &next.profile.interests, changes.interests)
        patch(.experienceLevel, &next.profile.experienceLevel, changes.experienceLevel)
        set(.topics, &next.preferences.topics, changes.topics)
        set(.sessionTypes, &next.preferences.sessionTypes, changes.sessionTypes)
        patch(.language, &next.preferences.language, changes.language)
        next.personal = personal
        if !changed.isEmpty { next.updatedAt = now }
        let event = AttendeeProfileUpdated(
            attendeeId: next.id, changed: changed, email: personal.email, firstName: personal.firstName, lastName: personal.lastName,
            companyId: personal.companyId, position: personal.position, profile: next.profile, preferences: next.preferences
        )
        return Decision(attendee: next, changed: changed, event: .attendeeProfileUpdated(event))
    }
}
