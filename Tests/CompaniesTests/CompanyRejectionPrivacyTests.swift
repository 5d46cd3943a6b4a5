import Companies
import Foundation
import Identifiers
import Messaging
import Testing

/// A rejection is published on the bus and may be logged: it names the field,
/// never repeats the free text that was sent.
@Suite struct CompanyRejectionPrivacyTests {
    @Test(arguments: ["mailto:secret.person@example.com", "secret person's page"])
    func anInvalidWebsiteIsNotRepeated(website: String) throws {
        let command = CreateCompany(
            name: "Acme AG", displayName: "Acme", isPartner: nil, website: website, industry: "Software",
            employeeCount: 40, description: nil, createdBy: Identifier()
        )
        let rejection = try #require(throws: CommandRejection.self) {
            try CompanyDecisions.create(command, existing: nil, newId: Identifier(), partnership: nil)
        }
        #expect(rejection.reason == "invalid_website")
        #expect(!rejection.message.contains("secret"), "\(rejection.message)")
        #expect(rejection.message.contains("website"))
    }

    @Test func anUnsupportedLogoTypeIsNotRepeated() throws {
        let command = AttachCompanyLogo(
            companyId: Identifier(), fileId: "f", fileName: "logo", mimeType: "secret/person@example.com", fileSizeBytes: 1024,
            s3Key: "logos/x", uploadedBy: Identifier()
        )
        let rejection = try #require(throws: CommandRejection.self) {
            try CompanyDecisions.attachLogo(command, company: nil, current: nil, newId: Identifier(), now: Date())
        }
        #expect(rejection.reason == "unsupported_logo_type")
        #expect(!rejection.message.contains("secret"), "\(rejection.message)")
        #expect(rejection.message.contains("image/png"))
    }
}
