import Messaging

/// UpdateAttendeeProfile's input rules; registration's fields keep their
/// registration rules (lengths, email format).
extension Validation {
    /// The seed has no length for the bio; this bound is ours (as for special requests).
    public static let bioMaxLength = 2000
    /// Interests and topics: at most this many, each at most `listItemMaxLength`.
    public static let listMaxItems = 20
    public static let listItemMaxLength = 100

    public static func profileUpdate(_ command: UpdateAttendeeProfile) throws(Rejection) -> ProfileChanges {
        let profile = command.profile ?? ProfilePatch()
        let preferences = command.preferences ?? PreferencesPatch()
        let given = [
            command.email.isGiven, command.firstName.isGiven, command.lastName.isGiven, command.companyId.isGiven, command.position.isGiven,
            profile.bio.isGiven, profile.interests.isGiven, profile.experienceLevel.isGiven, preferences.topics.isGiven,
            preferences.sessionTypes.isGiven, preferences.language.isGiven,
        ]
        guard given.contains(true) else {
            throw Rejection("no_changes", "the command names no field to change")
        }
        let email = try requiredPatch(command.email, field: "email", code: "email", max: emailMaxLength)
        if let email, !isValidEmail(email) {
            throw Rejection("invalid_email", "email is not a valid address")
        }
        return ProfileChanges(
            email: email,
            firstName: try requiredPatch(command.firstName, field: "firstName", code: "first_name", max: nameMaxLength),
            lastName: try requiredPatch(command.lastName, field: "lastName", code: "last_name", max: nameMaxLength),
            companyId: command.companyId,
            position: try optionalPatch(command.position, field: "position", code: "position", max: positionMaxLength),
            bio: try optionalPatch(profile.bio, field: "bio", code: "bio", max: bioMaxLength),
            interests: try list(profile.interests, field: "interests"),
            experienceLevel: profile.experienceLevel,
            topics: try list(preferences.topics, field: "topics"),
            sessionTypes: preferences.sessionTypes.isGiven ? unique(preferences.sessionTypes.value ?? []) : nil,
            language: preferences.language
        )
    }

    /// A field that must keep a value: null is refused, blank too.
    private static func requiredPatch(_ patch: Patch<String>, field: String, code: String, max: Int) throws(Rejection) -> String? {
        switch patch {
        case .unchanged: return nil
        case .clear: throw Rejection("cannot_clear_field", "\(field) cannot be cleared")
        case .set(let value): return try required(value, field: field, code: code, max: max)
        }
    }

    /// An optional text: blank clears it, like null.
    private static func optionalPatch(_ patch: Patch<String>, field: String, code: String, max: Int) throws(Rejection) -> Patch<String> {
        guard case .set(let value) = patch else { return patch }
        return try optional(value, field: field, code: code, max: max).map { .set($0) } ?? .clear
    }

    /// Items trimmed, blank ones dropped, repeats (ignoring case) dropped;
    /// null empties the list.
    private static func list(_ patch: Patch<[String]>, field: String) throws(Rejection) -> [String]? {
        guard patch.isGiven else { return nil }
        var items: [String] = []
        var seen = Set<String>()
        for raw in patch.value ?? [] {
            guard let item = try optional(raw, field: field, code: field, max: listItemMaxLength) else { continue }
            if seen.insert(item.lowercased()).inserted { items.append(item) }
        }
        guard items.count <= listMaxItems else {
            throw Rejection("\(field)_too_many", "\(field) has more than \(listMaxItems) entries")
        }
        return items
    }

    static func unique<T: Hashable>(_ items: [T]) -> [T] {
        var seen = Set<T>()
        return items.filter { seen.insert($0).inserted }
    }
}
