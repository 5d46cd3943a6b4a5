import Identifiers
import Messaging
import Partners
import Testing

/// A rejection is published on the bus and may be logged: it names the
/// field and what is allowed, never repeats the text that was sent.
@Suite struct PartnerRejectionPrivacyTests {
    static let secret = "secret.person@example.com"

    func refusal(_ body: () throws -> Void) throws -> CommandRejection {
        try #require(throws: CommandRejection.self) { try body() }
    }

    @Test func anUnknownLevelIsNotRepeated() throws {
        let start = StartPartnership(companyId: Identifier(), partnershipLevel: Self.secret, partnershipStartDate: "2025-01-01")
        let rejection = try refusal { _ = try PartnershipDecisions.start(start, companyKnown: true, existing: nil, newId: Identifier()) }
        #expect(rejection.reason == "invalid_tier")
        #expect(!rejection.message.contains("secret"), "\(rejection.message)")
        #expect(rejection.message.contains("partnershipLevel"))
    }

    @Test func aDateThatIsNoneIsNotRepeated() throws {
        let start = StartPartnership(companyId: Identifier(), partnershipLevel: "gold", partnershipStartDate: Self.secret)
        let rejection = try refusal { _ = try PartnershipDecisions.start(start, companyKnown: true, existing: nil, newId: Identifier()) }
        #expect(rejection.reason == "invalid_date")
        #expect(!rejection.message.contains("secret"), "\(rejection.message)")
        #expect(rejection.message.contains("partnershipStartDate"))
    }
}
