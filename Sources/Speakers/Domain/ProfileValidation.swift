import Foundation
import Messaging

/// The checks of profile fields beyond length: URLs, the X/Twitter handle,
/// language tags, lists. Each rule has a reason code of its own; a bad value
/// is never repeated in the message.
enum ProfileValidation {
    /// An absolute http or https URL with a host, without spaces or control
    /// characters, at most `ProfileLimits.url` long.
    static func url(_ value: String, _ field: String) throws(CommandRejection) -> String {
        guard value.unicodeScalars.count <= ProfileLimits.url else {
            throw CommandRejection("\(field)_too_long", "\(field) is longer than \(ProfileLimits.url) characters")
        }
        let clean = !value.unicodeScalars.contains { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }
        guard clean, let components = URLComponents(string: value),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty
        else {
            throw CommandRejection("invalid_\(field)", "\(field) must be an http or https URL with a host")
        }
        return value
    }

    /// X/Twitter's shape: 1 to 15 of A–Z, a–z, 0–9 and `_`, with or without
    /// a leading `@`; kept without it.
    static func twitterHandle(_ value: String) throws(CommandRejection) -> String {
        let handle = value.hasPrefix("@") ? String(value.dropFirst()) : value
        let allowed = handle.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") }
        guard (1...15).contains(handle.unicodeScalars.count), allowed else {
            throw CommandRejection("invalid_twitter_handle", "twitterHandle must be 1 to 15 letters, digits or underscores, after an optional @")
        }
        return handle
    }

    /// A list within its limits; each entry non-blank and short enough.
    static func list(_ values: [String], _ limit: ProfileLimits.ListLimit) throws(CommandRejection) -> [String] {
        guard values.count <= limit.maxCount else {
            throw CommandRejection("\(limit.field)_too_long", "at most \(limit.maxCount) \(limit.field) allowed")
        }
        for value in values { _ = try Validate.required(value, limit.entry, max: limit.maxLength) }
        return values
    }

    /// Language tags, at most `ProfileLimits.languages`.
    static func languages(_ values: [String]) throws(CommandRejection) -> [String] {
        guard values.count <= ProfileLimits.languages else {
            throw CommandRejection("languages_too_long", "at most \(ProfileLimits.languages) languages allowed")
        }
        for value in values where !LanguageTag.isValid(value) {
            throw CommandRejection("invalid_language", "languages must be language tags such as de, en or de-CH")
        }
        return values
    }
}
