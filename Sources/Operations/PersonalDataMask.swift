import Foundation
public import Messaging

/// A parked message's body as an operator may see it without `--reveal`:
/// the values of `PersonalFields.masked`, at any depth, and any string that
/// looks like an email, replaced by `***`. What cannot be read as JSON is
/// not shown at all (it could hold anything).
public enum PersonalDataMask {
    public static let placeholder = "***"

    /// The body as indented JSON with keys sorted, masked unless `reveal`.
    public static func render(_ body: [UInt8], reveal: Bool) -> String {
        guard let value = try? MessageCoding.decode(JSONValue.self, from: body) else {
            return reveal
                ? String(decoding: body, as: UTF8.self)
                : "(not JSON, \(body.count) bytes: not shown; --reveal shows it)"
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(reveal ? value : mask(value)) else { return "(not shown)" }
        return String(decoding: data, as: UTF8.self)
    }

    /// `value` with personal fields' values and email-like strings replaced.
    public static func mask(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members):
            .object(
                members.reduce(into: [:]) { result, member in
                    result[member.key] = PersonalFields.masked.contains(member.key) ? hide(member.value) : mask(member.value)
                })
        case .array(let elements): .array(elements.map(mask))
        case .string(let text) where looksLikeEmail(text): .string(placeholder)
        default: value
        }
    }

    /// Every string and number in a personal field goes; its shape (null,
    /// array, object) stays, so one sees that something was there.
    static func hide(_ value: JSONValue) -> JSONValue {
        switch value {
        case .null, .bool: value
        case .string, .number: .string(placeholder)
        case .array(let elements): .array(elements.map(hide))
        case .object(let members): .object(members.mapValues(hide))
        }
    }

    /// Something before and after an `@`, with a dot after it: free text
    /// holding an address anywhere is hidden whole.
    static func looksLikeEmail(_ text: String) -> Bool {
        text.split(separator: " ").contains { word in
            let parts = word.split(separator: "@", omittingEmptySubsequences: false)
            return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".")
        }
    }
}
