import Foundation
import Identifiers
import Messaging
import Testing

@testable import Speakers

@Suite struct RegisterSpeakerTests {
    func command(email: String = "Ada@Example.ch", id: Identifier? = nil) -> RegisterSpeaker {
        RegisterSpeaker(
            speakerId: id, email: email, firstName: "Ada", lastName: "Lovelace", companyId: Identifier(),
            expertiseAreas: ["compilers"]
        )
    }

    @Test func registersAnAvailableSpeakerAndNotesWhetherTheCompanyIsKnown() throws {
        let newId = Identifier()
        guard
            case .register(let speaker) = try SpeakerRules.register(
                command(), newId: newId, existingWithId: nil, emailOwner: nil, companyKnown: false
            )
        else {
            Issue.record("expected a new speaker")
            return
        }
        #expect(speaker.id == newId)
        #expect(speaker.personal?.email == "Ada@Example.ch")
        #expect(speaker.availability == .available && speaker.baseAvailability == .available)
        #expect(!speaker.companyVerified)
        #expect(speaker.registered?.availability == "available")
        #expect(speaker.registered?.expertiseAreas == ["compilers"])
    }

    @Test func aRepeatAnswersWithTheExistingSpeaker() throws {
        var existing = aSpeaker()
        existing.personal?.email = "ada@example.ch"
        #expect(
            try SpeakerRules.register(
                command(email: "ADA@example.ch", id: existing.id), newId: Identifier(), existingWithId: existing, emailOwner: existing.id,
                companyKnown: true
            ) == .existing(existing))
        #expect(
            rejection {
                try SpeakerRules.register(
                    command(email: "other@example.ch", id: existing.id), newId: Identifier(), existingWithId: existing, emailOwner: nil,
                    companyKnown: true
                )
            } == "speaker_exists")
    }

    @Test func duplicateEmailIsRejected() {
        #expect(
            rejection { try SpeakerRules.register(command(), newId: Identifier(), existingWithId: nil, emailOwner: Identifier(), companyKnown: true) }
                == "duplicate_email")
    }

    @Test(arguments: [
        "", "ada", "ada@", "@example.ch", "ada@example", "ada@@example.ch", "ada lovelace@example.ch", "ada@example.", "ada@.ch", "ada@ex..ch",
    ])
    func invalidEmailsAreRejected(email: String) {
        let reason = rejection {
            try SpeakerRules.register(command(email: email), newId: Identifier(), existingWithId: nil, emailOwner: nil, companyKnown: true)
        }
        #expect(reason == "invalid_email" || reason == "email_required")
    }

    @Test func lengthsFollowTheSeedSchema() {
        func reason(_ edit: (inout RegisterSpeaker) -> Void) -> String? {
            var c = command()
            edit(&c)
            return rejection { try SpeakerRules.register(c, newId: Identifier(), existingWithId: nil, emailOwner: nil, companyKnown: true) }
        }
        #expect(reason { $0.firstName = String(repeating: "a", count: 100) } == nil)
        #expect(reason { $0.firstName = String(repeating: "a", count: 101) } == "first_name_too_long")
        #expect(reason { $0.lastName = String(repeating: "a", count: 101) } == "last_name_too_long")
        #expect(reason { $0.lastName = " " } == "last_name_required")
        #expect(reason { $0.position = String(repeating: "a", count: 256) } == "position_too_long")
        #expect(reason { $0.email = String(repeating: "a", count: 251) + "@x.ch" } == "email_too_long")
        #expect(reason { $0.email = String(repeating: "a", count: 250) + "@x.ch" } == nil)
        #expect(reason { $0.expertiseAreas = [""] } == "expertise_area_required")
        #expect(reason { $0.expertiseAreas = Array(repeating: "x", count: 51) } == "expertise_areas_too_long")
    }

    @Test func setAvailabilityAcceptsOnlyTheBaseValues() throws {
        let speaker = aSpeaker()
        #expect(try SpeakerRules.setAvailability(SetSpeakerAvailability(speakerId: speaker.id, availability: "busy"), speaker: speaker) == .busy)
        #expect(
            rejection { try SpeakerRules.setAvailability(SetSpeakerAvailability(speakerId: speaker.id, availability: "confirmed"), speaker: speaker) }
                == "invalid_availability")
        #expect(
            rejection { try SpeakerRules.setAvailability(SetSpeakerAvailability(speakerId: speaker.id, availability: "busy"), speaker: nil) }
                == "unknown_speaker")
    }
}

@Suite struct AvailabilityTests {
    @Test func confirmedBeatsInvitedBeatsWhatWasSet() {
        let upcoming = t0 + day
        #expect(Availability.derive(base: .busy, commitments: [], now: t0) == .busy)
        #expect(Availability.derive(base: .unavailable, commitments: [], now: t0) == .unavailable)
        #expect(Availability.derive(base: .available, commitments: [], now: t0) == .available)
        #expect(Availability.derive(base: .busy, commitments: [Commitment(status: .invited, sessionEnd: upcoming)], now: t0) == .invited)
        #expect(Availability.derive(base: .available, commitments: [Commitment(status: .tentative, sessionEnd: upcoming)], now: t0) == .invited)
        #expect(
            Availability.derive(
                base: .unavailable,
                commitments: [
                    Commitment(status: .invited, sessionEnd: upcoming), Commitment(status: .confirmed, sessionEnd: upcoming),
                ], now: t0) == .confirmed)
    }

    @Test func aConfirmedSessionThatEndedNoLongerCounts() {
        let past = Commitment(status: .confirmed, sessionEnd: t0)
        #expect(Availability.derive(base: .available, commitments: [past], now: t0) == .available)
        #expect(Availability.derive(base: .available, commitments: [past], now: t0 - 1) == .confirmed)
        #expect(Availability.derive(base: .available, commitments: [past, Commitment(status: .invited, sessionEnd: t0)], now: t0 + 1) == .invited)
    }

    @Test func closedInvitationsDoNotCount() {
        for status in [InvitationStatus.declined, .expired, .withdrawn, .released] {
            #expect(Availability.derive(base: .available, commitments: [Commitment(status: status, sessionEnd: t0 + day)], now: t0) == .available)
        }
        #expect(!SpeakerAvailability.allCases.isEmpty)
    }
}
