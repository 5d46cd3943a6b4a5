import Messaging

/// Field rules shared by the decide functions. Lengths count Unicode scalars,
/// as PostgreSQL counts characters, so what passes here fits the column.
enum Validate {
    /// Longest free-text reason (decline, tentative, withdrawal): TEXT in the
    /// database, bounded here so messages stay small.
    static let reasonLimit = 1000

    static func required(_ value: String, _ field: String, max limit: Int? = nil) throws(CommandRejection) -> String {
        guard !value.allSatisfy(\.isWhitespace) else {
            throw CommandRejection("\(field)_required", "\(field) must not be empty")
        }
        return try optional(value, field, max: limit) ?? value
    }

    static func optional(_ value: String?, _ field: String, max limit: Int? = nil) throws(CommandRejection) -> String? {
        guard let value else { return nil }
        if let limit, value.unicodeScalars.count > limit {
            throw CommandRejection("\(field)_too_long", "\(field) has \(value.unicodeScalars.count) characters, at most \(limit) allowed")
        }
        if value.unicodeScalars.contains("\u{0}") {
            throw CommandRejection("\(field)_invalid", "\(field) must not contain NUL characters")
        }
        return value
    }

    /// A pragmatic address check: one @, a non-empty local part, a dotted
    /// domain, no spaces or control characters. Deliverability is not ours to judge.
    static func email(_ value: String) throws(CommandRejection) -> String {
        let email = try required(value, "email", max: 255)
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        let valid =
            parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".") && !parts[1].contains("..")
            && !email.unicodeScalars.contains { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }
        guard valid else { throw CommandRejection("invalid_email", "email is not a valid address") }
        return email
    }
}
