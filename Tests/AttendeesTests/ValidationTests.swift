import Foundation
import Identifiers
import Testing

@testable import Attendees

@Suite struct ValidationTests {
    @Test func aValidRegistrationIsTrimmedAndKept() throws {
        let input = try Validation.register(
            command(
                email: "  Anna.Muster@Example.CH ", firstName: " Anna ", position: "  ", specialRequests: " vegan "
            ))
        #expect(input.personal.email == "Anna.Muster@Example.CH")
        #expect(input.personal.firstName == "Anna")
        #expect(input.personal.position == nil, "a blank optional text counts as absent")
        #expect(input.specialRequests == "vegan")
    }

    @Test func consentIsRequiredAndCheckedFirst() {
        #expect(rejection { try Validation.register(command(email: "nope", gdprConsent: false)) } == "gdpr_consent_required")
    }

    @Test(arguments: [
        "plain", "@example.ch", "anna@", "anna@example", "anna@@example.ch", "an na@example.ch", "anna@exa mple.ch",
        ".anna@example.ch", "anna.@example.ch", "an..na@example.ch", "anna@-example.ch", "anna@example-.ch",
        "anna@example.c", "anna@example.c1", "anna@example..ch", "änna@example.ch", "anna@example.ch.",
    ])
    func invalidEmailsAreRejected(_ email: String) {
        #expect(rejection { try Validation.register(command(email: email)) } == "invalid_email")
    }

    @Test(arguments: [
        "anna@example.ch", "Anna.Muster@Example.CH", "a+tag@sub.example.co.uk", "o'brien@example.ie",
        "x_y-z@e-x.ch", "1@2.io",
    ])
    func validEmailsPass(_ email: String) throws {
        #expect(try Validation.register(command(email: email)).personal.email == email)
    }

    @Test func lengthsFollowTheSeedSchema() throws {
        let a100 = String(repeating: "a", count: 100)
        #expect(try Validation.register(command(firstName: a100, lastName: a100)).personal.firstName == a100)
        #expect(rejection { try Validation.register(command(firstName: a100 + "b")) } == "first_name_too_long")
        #expect(rejection { try Validation.register(command(lastName: a100 + "b")) } == "last_name_too_long")
        let p255 = String(repeating: "p", count: 255)
        #expect(try Validation.register(command(position: p255)).personal.position == p255)
        #expect(rejection { try Validation.register(command(position: p255 + "p")) } == "position_too_long")
        let local = String(repeating: "l", count: 64)
        let label = String(repeating: "d", count: 61)
        let long = local + "@" + label + "." + label + "." + String(repeating: "d", count: 63) + ".ch"
        #expect(long.count == 255)
        #expect(try Validation.register(command(email: long)).personal.email == long)
        #expect(rejection { try Validation.register(command(email: "x" + long)) } == "email_too_long")
        let requests = String(repeating: "r", count: Validation.specialRequestsMaxLength + 1)
        #expect(rejection { try Validation.register(command(specialRequests: requests)) } == "special_requests_too_long")
    }

    @Test func lengthsCountCharactersAsPostgresDoes() throws {
        // 100 "é" are 100 characters but 200 bytes: still fits VARCHAR(100).
        let name = String(repeating: "é", count: 100)
        #expect(try Validation.register(command(firstName: name)).personal.firstName == name)
    }

    @Test func requiredNamesMustNotBeBlank() {
        #expect(rejection { try Validation.register(command(firstName: "  ")) } == "first_name_required")
        #expect(rejection { try Validation.register(command(lastName: "")) } == "last_name_required")
        #expect(rejection { try Validation.register(command(email: " ")) } == "email_required")
    }

    @Test func nulCharactersAreRefused() {
        #expect(rejection { try Validation.register(command(lastName: "Mus\u{0}ter")) } == "last_name_invalid")
    }

    // MARK: engagement

    func engagement(type: String = "view", value: Double? = nil, contentType: String = "session") -> RecordContentEngagement {
        RecordContentEngagement(
            attendeeId: Identifier(), contentType: contentType, contentId: Identifier(), engagementType: type, engagementValue: value)
    }

    @Test(arguments: [1.0, 3.5, 5.0])
    func ratingsFrom1To5Pass(_ value: Double) throws {
        #expect(try Validation.engagement(engagement(type: "rating", value: value)).engagementValue == Validation.twoDecimals(value))
    }

    @Test(arguments: [0.0, 0.99, 5.01, 6.0, -1.0])
    func ratingsOutside1To5AreRejected(_ value: Double) {
        #expect(rejection { try Validation.engagement(engagement(type: "rating", value: value)) } == "rating_out_of_range")
    }

    @Test func aRatingNeedsAValue() {
        #expect(rejection { try Validation.engagement(engagement(type: "rating")) } == "rating_required")
    }

    @Test func otherValuesFitDecimal5_2() throws {
        #expect(try Validation.engagement(engagement(value: 999.99)).engagementValue == Decimal(99_999) / 100)
        #expect(try Validation.engagement(engagement(value: nil)).engagementValue == nil)
        #expect(rejection { try Validation.engagement(engagement(value: 1000)) } == "engagement_value_out_of_range")
        #expect(rejection { try Validation.engagement(engagement(value: -0.01)) } == "engagement_value_out_of_range")
        #expect(rejection { try Validation.engagement(engagement(value: .nan)) } == "engagement_value_out_of_range")
        #expect(rejection { try Validation.engagement(engagement(value: 1.234)) } == "engagement_value_too_precise")
    }

    @Test func typesAreRequiredAndAtMost50() throws {
        let t50 = String(repeating: "t", count: 50)
        #expect(try Validation.engagement(engagement(type: t50, contentType: t50)).contentType == t50)
        #expect(rejection { try Validation.engagement(engagement(type: t50 + "t")) } == "engagement_type_too_long")
        #expect(rejection { try Validation.engagement(engagement(contentType: t50 + "t")) } == "content_type_too_long")
        #expect(rejection { try Validation.engagement(engagement(contentType: " ")) } == "content_type_required")
        #expect(rejection { try Validation.engagement(engagement(type: "")) } == "engagement_type_required")
    }

    @Test func twoDecimalsIsExactForTypicalValues() {
        #expect(Validation.twoDecimals(4.1) == Decimal(41) / 10)
        #expect(Validation.twoDecimals(0.29) == Decimal(29) / 100)
        #expect(Validation.twoDecimals(0.291) == nil)
    }
}

/// The reason code of the rejection `body` throws, or nil if it passes.
func rejection<T>(_ body: () throws -> T) -> String? {
    do {
        _ = try body()
        return nil
    } catch let refused as Rejection {
        return refused.reason
    } catch {
        return "not a Rejection: \(error)"
    }
}
