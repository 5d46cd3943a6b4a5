import Foundation
import Identifiers
import Messaging
import Postgres
import TestSupport
import Testing

@testable import Attendees

@Suite struct ProfileHandlerTests {
    @Test func anUpdateIsStoredAndAnEmailAnotherAttendeeHasIsRefused() async throws {
        let h = try await attendeesHarness()
        let event = Identifier()
        let anna = try await h.registerSomeone(event: event, email: "anna@example.ch")
        let ben = try await h.registerSomeone(event: event, email: "ben@example.ch")
        let update = try await h.send(
            Key.updateProfile,
            data: UpdateAttendeeProfile(
                attendeeId: anna.attendee, email: "Anna.Muster@Example.ch", position: "Architect",
                profile: ProfilePatch(bio: "Distributed systems", interests: .set(["Swift", "Kafka"]), experienceLevel: .set(.advanced)),
                preferences: PreferencesPatch(topics: .set(["Messaging"]), sessionTypes: .set([.workshop]), language: .set(.en))
            ))
        let updated = try update.one("AttendeeProfileUpdated", as: AttendeeProfileUpdated.self)
        #expect(updated.changed == [.email, .position, .bio, .interests, .experienceLevel, .topics, .sessionTypes, .language])
        let row = try #require(
            try await h.query(
                """
                SELECT email, position, bio, interests, experience_level, preferred_topics, preferred_session_types, preferred_language
                FROM attendees WHERE id = $1
                """, [anna.attendee]
            ).first)
        #expect(try row.decode(String.self, column: "email") == "Anna.Muster@Example.ch")
        #expect(try row.decode([String].self, column: "interests") == ["Swift", "Kafka"])
        #expect(try row.decode([String].self, column: "preferred_session_types") == ["workshop"])
        #expect(try row.decode(String?.self, column: "preferred_language") == "en")

        // Ben cannot take her address, in any case; her old one is free again.
        let taken = try await h.send(Key.updateProfile, data: UpdateAttendeeProfile(attendeeId: ben.attendee, email: "anna.muster@EXAMPLE.ch"))
        #expect(taken.rejectionReason == "email_taken")
        #expect(taken.published.map(\.routingKey) == ["attendees.CommandRejected"])
        let moved = try await h.send(Key.updateProfile, data: UpdateAttendeeProfile(attendeeId: ben.attendee, email: "anna@example.ch"))
        #expect(try moved.one("AttendeeProfileUpdated", as: AttendeeProfileUpdated.self).changed == [.email])
        // A registration under her new address finds her, not a new attendee.
        let again = try await h.send(Key.register, data: command(eventId: Identifier(), email: "ANNA.MUSTER@example.ch"))
        #expect(try again.one("RegistrationRequested", as: RegistrationRequested.self).attendeeId == anna.attendee)
        #expect(try await h.count("SELECT count(*) FROM attendees") == 2)
        // The same update again: answered, nothing written.
        let before = try await h.query("SELECT updated_at FROM attendees WHERE id = $1", [ben.attendee])[0][0]
        let repeated = try await h.send(Key.updateProfile, data: UpdateAttendeeProfile(attendeeId: ben.attendee, email: "anna@example.ch"))
        #expect(try repeated.one("AttendeeProfileUpdated", as: AttendeeProfileUpdated.self).changed == [])
        #expect(try await h.query("SELECT updated_at FROM attendees WHERE id = $1", [ben.attendee])[0][0] == before)
        #expect(
            try await h.send(Key.updateProfile, data: UpdateAttendeeProfile(attendeeId: Identifier(), firstName: "X")).rejectionReason
                == "unknown_attendee")
        try await h.drop()
    }

    @Test func theReportHasRegistrationsChoicesRSVPAndEngagementHistory() async throws {
        let h = try await attendeesHarness()
        let event = Identifier()
        let anna = try await h.confirmSomeone(event: event, email: "report@example.ch")
        let keynote = try await h.scheduleSession(event: event)
        let workshop = try await h.scheduleSession(event: event)
        try await h.send(Key.choose, data: ChooseSessions(registrationId: anna.registration, sessionIds: [keynote, workshop]))
        try await h.send(Key.rsvp, data: ConfirmAttendance(registrationId: anna.registration))
        let engagements: [(Identifier, String, Double?)] = [
            (keynote, "rating", 2), (keynote, "rating", 5), (workshop, "rating", 4), (workshop, "view", nil),
        ]
        for (content, type, value) in engagements {
            let engaged = try await h.send(
                Key.engage,
                data: RecordContentEngagement(
                    attendeeId: anna.attendee, contentType: "session", contentId: content, engagementType: type, engagementValue: value))
            #expect(engaged.outcome == .handled)
        }
        try await h.send(Key.subscribe, data: SubscribeNewsletter(NewsletterChoice(attendeeId: anna.attendee, source: .website)))
        let report = try await h.send(Key.getProfile, data: GetAttendeeProfile(attendeeId: anna.attendee))
            .one("AttendeeProfileReported", as: AttendeeProfileReported.self)
        #expect(report.email == "report@example.ch" && report.newsletterSubscription && report.newsletterSource == .website)
        #expect(report.gdprConsent.given && report.gdprConsent.withdrawnAt == nil)
        let registration = try #require(report.registrations.first)
        #expect(report.registrations.count == 1 && registration.status == .confirmed && registration.attendanceConfirmed)
        #expect(Set(registration.sessionPreferences.map(\.sessionId)) == [keynote, workshop])
        #expect(registration.sessionPreferences.allSatisfy { $0.status == .requested })
        #expect(report.engagementHistory.totalEngagements == 4)
        #expect(
            Dictionary(uniqueKeysWithValues: report.engagementHistory.sessionRatings.map { ($0.sessionId, $0.rating) }) == [keynote: 5, workshop: 4])
        #expect(report.engagementHistory.averageRating == 4.5)

        // Her right of access holds after a withdrawal; after erasure there is nobody to report.
        try await h.send(Key.withdraw, data: WithdrawConsent(attendeeId: anna.attendee))
        let restricted = try await h.send(Key.getProfile, data: GetAttendeeProfile(attendeeId: anna.attendee))
            .one("AttendeeProfileReported", as: AttendeeProfileReported.self)
        #expect(!restricted.gdprConsent.given && restricted.gdprConsent.withdrawnAt != nil)
        #expect(restricted.registrations.first?.status == .cancelled)
        #expect(restricted.registrations.first?.sessionPreferences.allSatisfy { $0.status == .released } == true)
        try await h.send(Key.erase, data: EraseAttendee(attendeeId: anna.attendee))
        #expect(try await h.send(Key.getProfile, data: GetAttendeeProfile(attendeeId: anna.attendee)).rejectionReason == "attendee_erased")
        try await h.drop()
    }

    @Test func newsletterCommandsAreIdempotent() async throws {
        let h = try await attendeesHarness()
        let anna = try await h.registerSomeone(event: Identifier())
        let first = try await h.send(Key.subscribe, data: SubscribeNewsletter(NewsletterChoice(attendeeId: anna.attendee, source: .website)))
        let answer = try first.one("NewsletterSubscriptionChanged", as: NewsletterSubscriptionChanged.self)
        #expect(answer.subscribed && answer.source == .website)
        let again = try await h.send(Key.subscribe, data: SubscribeNewsletter(NewsletterChoice(attendeeId: anna.attendee, source: .emailLink)))
        #expect(try again.one("NewsletterSubscriptionChanged", as: NewsletterSubscriptionChanged.self) == answer)
        let off = try await h.send(Key.unsubscribe, data: UnsubscribeNewsletter(NewsletterChoice(attendeeId: anna.attendee, source: .emailLink)))
        #expect(try off.one("NewsletterSubscriptionChanged", as: NewsletterSubscriptionChanged.self).subscribed == false)
        let row = try await h.query(
            "SELECT newsletter_subscription, newsletter_source FROM attendees WHERE id = $1", [anna.attendee])[0]
        #expect(try !row.decode(Bool.self, at: 0) && row.decode(String.self, at: 1) == "email_link")
        #expect(
            try await h.send(Key.subscribe, data: SubscribeNewsletter(NewsletterChoice(attendeeId: anna.attendee, source: .consentWithdrawn)))
                .rejectionReason
                == "invalid_source")
        try await h.drop()
    }
}
