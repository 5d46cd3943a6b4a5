public import Foundation
public import Identifiers

/// Input rules for the commands: the seed schema's lengths, formats, consent.
///
/// Lengths count Unicode scalars, as PostgreSQL counts VARCHAR characters.
/// Text is trimmed; an optional text that is blank counts as absent.
public enum Validation {
    public static let emailMaxLength = 255
    public static let nameMaxLength = 100
    public static let positionMaxLength = 255
    /// special_requests is TEXT in the seed; this bound is ours.
    public static let specialRequestsMaxLength = 2000
    public static let contentTypeMaxLength = 50
    public static let engagementTypeMaxLength = 50
    /// DECIMAL(5,2)
    public static let engagementValueRange: ClosedRange<Double> = 0...999.99
    public static let ratingRange: ClosedRange<Double> = 1...5

    /// A RegisterAttendee that passed every rule.
    public struct RegistrationInput: Sendable, Hashable {
        public var eventId: Identifier
        public var personal: PersonalData
        public var newsletterSubscription: Bool?
        public var specialRequests: String?
        /// As sent, repeats dropped; checked against the session copy by `SessionChoosing.check`.
        public var sessionPreferences: [Identifier] = []
    }

    /// Consent first (without it nothing else matters), then the email, then the rest.
    public static func register(_ command: RegisterAttendee) throws(Rejection) -> RegistrationInput {
        guard command.gdprConsent else {
            throw Rejection("gdpr_consent_required", "registration needs GDPR consent (gdprConsent: true)")
        }
        let email = try required(command.email, field: "email", code: "email", max: emailMaxLength)
        guard isValidEmail(email) else {
            throw Rejection("invalid_email", "email is not a valid address")
        }
        let firstName = try required(command.firstName, field: "firstName", code: "first_name", max: nameMaxLength)
        let lastName = try required(command.lastName, field: "lastName", code: "last_name", max: nameMaxLength)
        let position = try optional(command.position, field: "position", code: "position", max: positionMaxLength)
        let requests = try optional(
            command.specialRequests, field: "specialRequests", code: "special_requests", max: specialRequestsMaxLength
        )
        return RegistrationInput(
            eventId: command.eventId,
            personal: PersonalData(
                email: email, firstName: firstName, lastName: lastName, companyId: command.companyId, position: position
            ),
            newsletterSubscription: command.newsletterSubscription,
            specialRequests: requests,
            sessionPreferences: unique(command.sessionPreferences ?? [])
        )
    }

    /// A RecordContentEngagement that passed every rule; the value is a
    /// DECIMAL(5,2) already.
    public struct EngagementInput: Sendable, Hashable {
        public var attendeeId: Identifier
        public var contentType: String
        public var contentId: Identifier
        public var engagementType: String
        public var engagementValue: Decimal?
        /// As sent, for the published event.
        public var engagementValueNumber: Double?
    }

    public static func engagement(_ command: RecordContentEngagement) throws(Rejection) -> EngagementInput {
        let contentType = try required(command.contentType, field: "contentType", code: "content_type", max: contentTypeMaxLength)
        let engagementType = try required(
            command.engagementType, field: "engagementType", code: "engagement_type", max: engagementTypeMaxLength
        )
        let value = command.engagementValue
        if engagementType == "rating" {
            guard let value else {
                throw Rejection("rating_required", "a rating needs an engagementValue between 1 and 5")
            }
            guard value.isFinite, ratingRange.contains(value) else {
                throw Rejection("rating_out_of_range", "a rating must be between 1 and 5")
            }
        }
        var decimal: Decimal?
        if let value {
            guard value.isFinite, engagementValueRange.contains(value) else {
                throw Rejection("engagement_value_out_of_range", "engagementValue must be between 0 and 999.99")
            }
            guard let exact = twoDecimals(value) else {
                throw Rejection("engagement_value_too_precise", "engagementValue has at most two decimals")
            }
            decimal = exact
        }
        return EngagementInput(
            attendeeId: command.attendeeId, contentType: contentType, contentId: command.contentId,
            engagementType: engagementType, engagementValue: decimal, engagementValueNumber: value
        )
    }

    // MARK: rules

    /// local@domain.tld in ASCII: a dot-atom local part of at most 64
    /// characters, a domain of LDH labels with an alphabetic top level.
    public static func isValidEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let local = parts[0]
        let domain = parts[1]
        guard (1...64).contains(local.utf8.count), (1...253).contains(domain.utf8.count) else { return false }

        let localSpecials = Set("!#$%&'*+/=?^_`{|}~-".unicodeScalars)
        let atoms = local.split(separator: ".", omittingEmptySubsequences: false)
        for atom in atoms {
            guard !atom.isEmpty, atom.unicodeScalars.allSatisfy({ isASCIIAlphanumeric($0) || localSpecials.contains($0) })
            else { return false }
        }

        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels {
            guard (1...63).contains(label.utf8.count),
                label.unicodeScalars.allSatisfy({ isASCIIAlphanumeric($0) || $0 == "-" }),
                label.first != "-", label.last != "-"
            else { return false }
        }
        guard let top = labels.last, top.count >= 2, top.unicodeScalars.allSatisfy(isASCIILetter) else { return false }
        return true
    }

    /// The value as DECIMAL(5,2), or nil when it has more than two decimals.
    static func twoDecimals(_ value: Double) -> Decimal? {
        let cents = (value * 100).rounded()
        guard abs(value * 100 - cents) < 1e-6, let whole = Int(exactly: cents) else { return nil }
        return Decimal(whole) / 100
    }

    static func required(_ raw: String, field: String, code: String, max: Int) throws(Rejection) -> String {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw Rejection("\(code)_required", "\(field) must not be empty") }
        try check(text, field: field, code: code, max: max)
        return text
    }

    static func optional(_ raw: String?, field: String, code: String, max: Int) throws(Rejection) -> String? {
        guard let text = raw?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        try check(text, field: field, code: code, max: max)
        return text
    }

    static func check(_ text: String, field: String, code: String, max: Int) throws(Rejection) {
        guard text.unicodeScalars.count <= max else {
            throw Rejection("\(code)_too_long", "\(field) is longer than \(max) characters")
        }
        // PostgreSQL text cannot hold NUL.
        guard !text.unicodeScalars.contains("\u{0}") else {
            throw Rejection("\(code)_invalid", "\(field) contains a NUL character")
        }
    }

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    private static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        isASCIILetter(scalar) || ("0"..."9").contains(scalar)
    }
}
