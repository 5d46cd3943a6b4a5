import Foundation
import Identifiers
import Messaging
import Testing

@testable import Attendees

@Suite struct ProfileUpdateTests {
    let now = t0.addingTimeInterval(3600)

    func decide(_ command: UpdateAttendeeProfile, _ person: Attendee?, owner: Attendee? = nil) throws -> ProfileUpdate.Decision {
        try ProfileUpdate.decide(try Validation.profileUpdate(command), attendee: person, id: command.attendeeId, emailOwner: owner, now: now)
    }

    @Test func everyFieldIsSetAndTheWholeProfileIsAnswered() throws {
        let person = attendee()
        let company = Identifier()
        let d = try decide(
            UpdateAttendeeProfile(
                attendeeId: person.id, email: " anna@new.example.ch ", firstName: "Anna-Lena", lastName: "Muster", companyId: .set(company),
                position: "  Architect ",
                profile: ProfilePatch(bio: "Builds systems", interests: .set([" Swift", "swift", "", "Rust"]), experienceLevel: .set(.advanced)),
                preferences: PreferencesPatch(topics: .set(["Cloud"]), sessionTypes: .set([.workshop, .workshop, .keynote]), language: .set(.en))
            ), person)
        #expect(d.changed == [.email, .firstName, .companyId, .position, .bio, .interests, .experienceLevel, .topics, .sessionTypes, .language])
        #expect(d.attendee.personal?.email == "anna@new.example.ch" && d.attendee.personal?.position == "Architect")
        #expect(d.attendee.profile == AttendeeProfile(bio: "Builds systems", interests: ["Swift", "Rust"], experienceLevel: .advanced))
        #expect(d.attendee.preferences == ContentPreferences(topics: ["Cloud"], sessionTypes: [.workshop, .keynote], language: .en))
        #expect(d.attendee.updatedAt == now)
        #expect(
            d.event
                == .attendeeProfileUpdated(
                    AttendeeProfileUpdated(
                        attendeeId: person.id, changed: d.changed, email: "anna@new.example.ch", firstName: "Anna-Lena", lastName: "Muster",
                        companyId: company, position: "Architect", profile: d.attendee.profile, preferences: d.attendee.preferences
                    )))
    }

    @Test func nullAndBlankClearOptionalFieldsAndARepeatChangesNothing() throws {
        var person = attendee(companyId: Identifier())
        person.personal?.position = "CTO"
        person.profile = AttendeeProfile(bio: "x", interests: ["a"], experienceLevel: .expert)
        person.preferences = ContentPreferences(topics: ["t"], sessionTypes: [.lunch], language: .de)
        let clear = UpdateAttendeeProfile(
            attendeeId: person.id, companyId: .clear, position: "   ",
            profile: ProfilePatch(bio: .clear, interests: .clear, experienceLevel: .clear),
            preferences: PreferencesPatch(topics: .set([]), sessionTypes: .clear, language: .clear)
        )
        let d = try decide(clear, person)
        #expect(d.attendee.personal?.companyId == nil && d.attendee.personal?.position == nil)
        #expect(d.attendee.profile == .empty && d.attendee.preferences == .empty)
        #expect(d.changed.count == 8)
        let again = try decide(clear, d.attendee)
        #expect(again.changed == [] && again.attendee == d.attendee, "a repeat changes nothing")
        #expect(try decide(UpdateAttendeeProfile(attendeeId: person.id, firstName: "Anna"), person).changed == [])
    }

    @Test func oneAttendeePerEmail() throws {
        let person = attendee(email: "anna@example.ch")
        let other = attendee(email: "ben@example.ch")
        let taken = UpdateAttendeeProfile(attendeeId: person.id, email: "BEN@example.ch")
        #expect(rejection { try decide(taken, person, owner: other) } == "email_taken")
        // Her own address in another case is hers to write.
        let own = try decide(UpdateAttendeeProfile(attendeeId: person.id, email: "Anna@Example.ch"), person, owner: person)
        #expect(own.changed == [.email] && own.attendee.personal?.email == "Anna@Example.ch")
    }

    @Test func eachRuleHasItsReason() throws {
        let person = attendee()
        let id = person.id
        let cases: [(UpdateAttendeeProfile, String)] = [
            (UpdateAttendeeProfile(attendeeId: id), "no_changes"),
            (UpdateAttendeeProfile(attendeeId: id, profile: ProfilePatch(), preferences: PreferencesPatch()), "no_changes"),
            (UpdateAttendeeProfile(attendeeId: id, email: .clear), "cannot_clear_field"),
            (UpdateAttendeeProfile(attendeeId: id, lastName: .clear), "cannot_clear_field"),
            (UpdateAttendeeProfile(attendeeId: id, firstName: "  "), "first_name_required"),
            (UpdateAttendeeProfile(attendeeId: id, email: "not an email"), "invalid_email"),
            (UpdateAttendeeProfile(attendeeId: id, lastName: .set(String(repeating: "x", count: 101))), "last_name_too_long"),
            (UpdateAttendeeProfile(attendeeId: id, profile: ProfilePatch(bio: .set(String(repeating: "b", count: 2001)))), "bio_too_long"),
            (UpdateAttendeeProfile(attendeeId: id, profile: ProfilePatch(bio: "a\u{0}b")), "bio_invalid"),
            (
                UpdateAttendeeProfile(attendeeId: id, profile: ProfilePatch(interests: .set((0...20).map { "topic \($0)" }))),
                "interests_too_many"
            ),
            (
                UpdateAttendeeProfile(attendeeId: id, preferences: PreferencesPatch(topics: .set([String(repeating: "t", count: 101)]))),
                "topics_too_long"
            ),
        ]
        for (command, reason) in cases {
            #expect(rejection { try decide(command, person) } == reason, "\(reason)")
        }
        // Twenty distinct entries pass however many repeats come with them.
        let twenty = (0..<20).map { "topic \($0)" }
        let d = try decide(
            UpdateAttendeeProfile(attendeeId: id, profile: ProfilePatch(interests: .set(twenty + twenty.map { $0.uppercased() }))), person)
        #expect(d.attendee.profile.interests == twenty)
    }

    @Test func unknownErasedAndWithdrawnAttendeesAreRefused() throws {
        let update = UpdateAttendeeProfile(attendeeId: Identifier(), firstName: "X")
        #expect(rejection { try decide(update, nil) } == "unknown_attendee")
        let erased = try #require(try Erasure.decide(attendee(), id: Identifier(), registrations: [], now: t0).attendee)
        #expect(rejection { try decide(update, erased) } == "attendee_erased")
        let withdrawn = try #require(
            try ConsentWithdrawal.decide(attendee(), id: Identifier(), registrations: [], events: [:], now: t0).attendee)
        #expect(rejection { try decide(update, withdrawn) } == "consent_withdrawn")
    }
}
