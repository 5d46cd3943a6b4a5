import Foundation
import Messaging

/// Field rules shared by the commands: presence, the seed schema's lengths,
/// formats. Every failure is a `CommandRejection` with a stable reason code.
enum Field {
    /// A required text: present, not blank, at most `maxLength` characters
    /// (counted as PostgreSQL counts VARCHAR length: code points). Trimmed.
    static func required(_ value: String?, _ name: String, maxLength: Int? = nil) throws(CommandRejection) -> String {
        guard let value, !value.trimmed.isEmpty else {
            throw CommandRejection("missing_field", "\(name) is required")
        }
        return try optional(value, name, maxLength: maxLength) ?? value.trimmed
    }

    /// An optional text: absent or blank is nil; otherwise trimmed and at most `maxLength`.
    static func optional(_ value: String?, _ name: String, maxLength: Int? = nil) throws(CommandRejection) -> String? {
        guard let value else { return nil }
        let trimmed = value.trimmed
        guard !trimmed.isEmpty else { return nil }
        if let maxLength, trimmed.unicodeScalars.count > maxLength {
            throw CommandRejection(
                "field_too_long", "\(name) has \(trimmed.unicodeScalars.count) characters, at most \(maxLength) allowed"
            )
        }
        return trimmed
    }

    static func required<T>(_ value: T?, _ name: String) throws(CommandRejection) -> T {
        guard let value else { throw CommandRejection("missing_field", "\(name) is required") }
        return value
    }

    /// An absolute http(s) URL with a host.
    static func website(_ value: String?) throws(CommandRejection) -> String? {
        guard let text = try optional(value, "website", maxLength: CompanyLimits.website) else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else {
            throw CommandRejection("invalid_website", "website must be an http or https URL")
        }
        return text
    }

    /// At least one employee, and it must fit the INTEGER column.
    static func employeeCount(_ value: Int?) throws(CommandRejection) -> Int? {
        guard let value else { return nil }
        guard (1...Int(Int32.max)).contains(value) else {
            throw CommandRejection("invalid_employee_count", "employeeCount must be between 1 and \(Int32.max), got \(value)")
        }
        return value
    }
}

/// VARCHAR lengths of the seed schema.
public enum CompanyLimits {
    public static let name = 255
    public static let displayName = 255
    public static let website = 500
    public static let industry = 100
    public static let fileId = 255
    public static let fileName = 255
    public static let mimeType = 100
    public static let s3Key = 500
    /// 5 MiB.
    public static let maxLogoBytes: Int64 = 5 * 1024 * 1024
    /// PNG, JPEG, SVG and WebP.
    public static let logoMimeTypes: Set<String> = ["image/png", "image/jpeg", "image/svg+xml", "image/webp"]
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
