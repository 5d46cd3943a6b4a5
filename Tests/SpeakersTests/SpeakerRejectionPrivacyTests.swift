import Foundation
import Identifiers
import Messaging
import Testing

@testable import Speakers

/// A rejection is published on the bus and may be logged: it names the field,
/// never repeats the personal data that was sent.
@Suite struct SpeakerRejectionPrivacyTests {
    @Test(arguments: ["secret.person@example", "secret person@example.com", "secret.person@@example.com"])
    func anInvalidEmailIsNotRepeated(email: String) throws {
        let command = RegisterSpeaker(
            speakerId: nil, email: email, firstName: "Ada", lastName: "Lovelace", companyId: Identifier(), expertiseAreas: []
        )
        let rejection = try #require(throws: CommandRejection.self) {
            try SpeakerRules.register(command, newId: Identifier(), existingWithId: nil, emailOwner: nil, companyKnown: true)
        }
        #expect(rejection.reason == "invalid_email")
        #expect(!rejection.message.contains("secret"), "\(rejection.message)")
        #expect(rejection.message.contains("email"))
    }

    @Test func anUnknownRoleIsNotRepeated() throws {
        let command = InviteSpeaker(speakerId: Identifier(), sessionId: Identifier(), role: "secret.person@example.com")
        let rejection = try #require(throws: CommandRejection.self) {
            try Invitations.invite(
                command, newId: Identifier(), now: Date(), settings: SpeakersSettings(), speaker: nil, session: nil, existing: nil,
                otherConfirmed: []
            )
        }
        #expect(rejection.reason == "invalid_role")
        #expect(!rejection.message.contains("secret"), "\(rejection.message)")
        #expect(rejection.message.contains("primary_speaker"))
    }
}
