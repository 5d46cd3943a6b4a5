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
        try url(value, "website", reason: "invalid_website")
    }

    /// A social link: an absolute http(s) URL with a host.
    static func socialLink(_ value: String?, _ name: String) throws(CommandRejection) -> String? {
        try url(value, name, reason: "invalid_social_link")
    }

    private static func url(_ value: String?, _ name: String, reason: String) throws(CommandRejection) -> String? {
        guard let text = try optional(value, name, maxLength: CompanyLimits.url) else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else {
            throw CommandRejection(reason, "\(name) must be an http or https URL with a host")
        }
        return text
    }

    /// A headquarters address: city and country required, country an
    /// assigned ISO 3166-1 alpha-2 code (any case in, upper case kept).
    static func address(_ input: AddressInput) throws(CommandRejection) -> Address {
        let city = try required(input.city, "headquarters.city", maxLength: CompanyLimits.city)
        let countryText = try required(input.country, "headquarters.country").uppercased()
        guard CountryCodes.assigned.contains(countryText) else {
            throw CommandRejection("invalid_country", "headquarters.country must be an ISO 3166-1 alpha-2 code such as CH")
        }
        return Address(
            street: try optional(input.street, "headquarters.street", maxLength: CompanyLimits.street),
            postalCode: try optional(input.postalCode, "headquarters.postalCode", maxLength: CompanyLimits.postalCode),
            city: city, country: countryText
        )
    }

    /// The links a command gives, applied to `current` (CreateCompany passes
    /// none: every link given is new, null is no link).
    static func socialLinks(_ input: SocialLinksInput, over current: SocialLinks) throws(CommandRejection) -> SocialLinks {
        SocialLinks(
            linkedIn: try input.linkedIn.map { (text) throws(CommandRejection) in try socialLink(text, "socialLinks.linkedIn") }
                .applied(to: current.linkedIn) ?? nil,
            x: try input.x.map { (text) throws(CommandRejection) in try socialLink(text, "socialLinks.x") }.applied(to: current.x) ?? nil
        )
    }

    /// A required field given as null: it cannot be cleared.
    static func notCleared<T>(_ patch: Patch<T>, _ name: String) throws(CommandRejection) -> Patch<T> {
        if case .clear = patch { throw CommandRejection("cannot_clear_field", "\(name) is required and cannot be cleared") }
        return patch
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
    /// Social links, as long as the website column.
    public static let url = 500
    public static let street = 255
    public static let postalCode = 20
    public static let city = 100
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
