import Foundation
import Messaging

/// Field rules of the contact commands. The values are personal data: a
/// rejection names the field, never the value.
extension Field {
    /// A required text: present, not blank, at most `maxLength` characters (as
    /// PostgreSQL counts them). Trimmed.
    static func text(_ value: String?, _ name: String, maxLength: Int) throws(CommandRejection) -> String {
        guard let value, !value.trimmed.isEmpty else { throw CommandRejection("missing_field", "\(name) is required") }
        return try optionalText(value, name, maxLength: maxLength) ?? value.trimmed
    }

    /// An optional text: absent or blank is nil.
    static func optionalText(_ value: String?, _ name: String, maxLength: Int) throws(CommandRejection) -> String? {
        guard let trimmed = value?.trimmed, !trimmed.isEmpty else { return nil }
        guard trimmed.unicodeScalars.count <= maxLength else {
            throw CommandRejection("field_too_long", "\(name) has \(trimmed.unicodeScalars.count) characters, at most \(maxLength) allowed")
        }
        return trimmed
    }

    /// One @, a non-empty local part, a dotted domain, no spaces or control
    /// characters (as speakers checks emails). Deliverability is not ours to judge.
    static func email(_ value: String?) throws(CommandRejection) -> String {
        let email = try text(value, "email", maxLength: ContactLimits.email)
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        let valid =
            parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".") && !parts[1].contains("..")
            && !email.unicodeScalars.contains { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }
        guard valid else { throw CommandRejection("invalid_email", "email is not a valid address") }
        return email
    }

    /// A phone number as people write it: an optional leading +, then 5 to
    /// 20 digits with spaces, dots, dashes, slashes or parentheses between.
    static func phone(_ value: String?) throws(CommandRejection) -> String? {
        guard let phone = try optionalText(value, "phone", maxLength: ContactLimits.phone) else { return nil }
        let body = phone.hasPrefix("+") ? phone.dropFirst() : Substring(phone)
        let digits = body.filter(\.isASCII).filter(\.isNumber).count
        let allowed = body.allSatisfy { ($0.isASCII && $0.isNumber) || " .-/()".contains($0) }
        guard allowed, (5...20).contains(digits) else {
            throw CommandRejection(
                "invalid_phone", "phone must be digits with an optional leading + and spaces, dots, dashes, slashes or parentheses")
        }
        return phone
    }

    /// A required member given as null: it cannot be cleared.
    static func notCleared<T>(_ patch: Patch<T>, _ name: String) throws(CommandRejection) -> Patch<T> {
        if case .clear = patch { throw CommandRejection("cannot_clear_field", "\(name) is required and cannot be cleared") }
        return patch
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
