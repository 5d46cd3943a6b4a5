import Messaging

/// Field rules shared by the decide functions. Lengths count Unicode scalars,
/// as PostgreSQL counts characters, so what passes here fits the column.
enum Validate {
    /// Longest free-text reason (cancellation): TEXT in the database, bounded
    /// here so messages stay small.
    static let reasonLimit = 1000

    /// A required text: not blank, at most `limit` characters, no NUL.
    static func required(_ value: String, _ field: String, max limit: Int? = nil) throws(CommandRejection) -> String {
        guard !value.allSatisfy(\.isWhitespace) else {
            throw CommandRejection("\(field)_required", "\(field) must not be empty")
        }
        return try optional(value, field, max: limit) ?? value
    }

    /// An optional text: at most `limit` characters, no NUL.
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

    /// A value that must fit a PostgreSQL INTEGER column.
    static let int32Range = 1...Int(Int32.max)

    /// A list of short texts (a topic's or a session's tags, a session's
    /// prerequisites): each entry `required` (reasons `<item>_…`), repeats
    /// dropped, then at most `count` entries (`too_many_<items>`).
    static func list(
        _ values: [String], item: String, items: String, max count: Int, itemLimit: Int
    ) throws(CommandRejection) -> [String] {
        var kept: [String] = []
        for value in values {
            let valid = try required(value, item, max: itemLimit)
            if !kept.contains(valid) { kept.append(valid) }
        }
        guard kept.count <= count else {
            throw CommandRejection("too_many_\(items)", "at most \(count) \(items) (got \(kept.count))")
        }
        return kept
    }
}
