import Attendees
import Events
import Foundation
import Identifiers
import Messaging
import Postgres
import TestSupport
import Testing

/// Issue 12 items 7–11 end to end: the real attendees and events workers,
/// RabbitMQ and PostgreSQL. Profiles, newsletter, consent withdrawal, session
/// choices with their seats, RSVP and engagement; every event seen fits the contract.
@Suite struct AttendeeDetailsSagaTests {
    static let updateProfile = MessageKey.command("UpdateAttendeeProfile", to: "attendees")
    static let getProfile = MessageKey.command("GetAttendeeProfile", to: "attendees")
    static let subscribe = MessageKey.command("SubscribeNewsletter", to: "attendees")
    static let withdraw = MessageKey.command("WithdrawConsent", to: "attendees")
    static let choose = MessageKey.command("ChooseSessions", to: "attendees")
    static let rsvp = MessageKey.command("ConfirmAttendance", to: "attendees")
    static let scheduleSession = MessageKey.command("ScheduleSession", to: "events")

    @Test func profileNewsletterRSVPAndEngagementThroughTheWorkers() async throws {
        let system = try await SystemFixture.start([.events, .attendees])
        let saga = RegistrationSaga(system)
        let event = try await saga.openEvent(capacity: 10)
        let anna = try await saga.register(event, "anna.\(system.suffix)@example.ch", firstName: "Anna")
        let ben = try await saga.register(event, "ben.\(system.suffix)@example.ch", firstName: "Ben")
        #expect(try await saga.outcome(anna.registrationId).routingKey == "attendees.RegistrationConfirmed")

        // Her profile; then Ben asks for her new address, in other case: refused, and the refusal names no address.
        let newEmail = "anna.muster.\(system.suffix)@example.ch"
        let updated = try await system.command(
            Self.updateProfile,
            Attendees.UpdateAttendeeProfile(
                attendeeId: anna.attendeeId, email: .set(newEmail), position: "Architect",
                profile: ProfilePatch(bio: "Queues and logs", interests: .set(["Messaging"]), experienceLevel: .set(.expert)),
                preferences: PreferencesPatch(topics: .set(["Cloud"]), sessionTypes: .set([.workshop]), language: .set(.de))))
        let profile = try #require(updated.first).decode(AttendeeProfileUpdated.self)
        #expect(updated.map(\.routingKey) == ["attendees.AttendeeProfileUpdated"])
        #expect(profile.email == newEmail && profile.profile.bio == "Queues and logs" && profile.changed.contains(.email))
        let collision = try await system.command(
            Self.updateProfile, Attendees.UpdateAttendeeProfile(attendeeId: ben.attendeeId, email: .set(newEmail.uppercased())))
        #expect(collision.map(\.routingKey) == ["attendees.CommandRejected"])
        #expect(collision.first?.string("reason") == "email_taken")
        #expect(collision.first?.string("message")?.lowercased().contains(newEmail) == false)
        #expect(try await system.count(.attendees, "SELECT count(*) FROM attendees WHERE lower(email) = lower($1)", [newEmail]) == 1)

        // Newsletter: a repeat answers the same and changes nothing.
        let subscribed = try await system.command(
            Self.subscribe, SubscribeNewsletter(NewsletterChoice(attendeeId: anna.attendeeId, source: .website)))
        let repeated = try await system.command(
            Self.subscribe, SubscribeNewsletter(NewsletterChoice(attendeeId: anna.attendeeId, source: .emailLink)))
        #expect(subscribed.map(\.routingKey) == ["attendees.NewsletterSubscriptionChanged"])
        #expect(try subscribed[0].decode(NewsletterSubscriptionChanged.self) == repeated[0].decode(NewsletterSubscriptionChanged.self))
        #expect(subscribed.first?.string("source") == "website" && subscribed.first?.data["subscribed"] == .bool(true))

        // RSVP, twice: the same answer.
        let rsvp = try await system.command(Self.rsvp, ConfirmAttendance(registrationId: anna.registrationId))
        let rsvpAgain = try await system.command(Self.rsvp, ConfirmAttendance(registrationId: anna.registrationId))
        #expect(rsvp.map(\.routingKey) == ["attendees.AttendanceConfirmed"])
        #expect(rsvp.first?.string("confirmedAt") == rsvpAgain.first?.string("confirmedAt"))

        // Engagement: unknown content refused; a rating of the event's keynote lands in her history.
        let unknown = try await system.command(
            RegistrationSaga.engage,
            RecordContentEngagement(attendeeId: anna.attendeeId, contentType: "session", contentId: Identifier(), engagementType: "view"))
        #expect(unknown.map(\.routingKey) == ["attendees.CommandRejected"] && unknown.first?.string("reason") == "unknown_content")
        let keynote = try await saga.keynote(of: event)
        let rated = try await system.command(
            RegistrationSaga.engage,
            RecordContentEngagement(
                attendeeId: anna.attendeeId, contentType: "session", contentId: keynote, engagementType: "rating", engagementValue: 4))
        #expect(rated.map(\.routingKey) == ["attendees.ContentEngaged"])

        let report = try #require(
            try await system.command(Self.getProfile, GetAttendeeProfile(attendeeId: anna.attendeeId)).first
        ).decode(AttendeeProfileReported.self)
        #expect(report.email == newEmail && report.position == "Architect" && report.newsletterSubscription)
        #expect(report.registrations.map(\.registrationId) == [anna.registrationId])
        #expect(report.registrations.first?.attendanceConfirmed == true && report.registrations.first?.status == .confirmed)
        #expect(report.engagementHistory.sessionRatings.map(\.sessionId) == [keynote])
        #expect(report.engagementHistory.averageRating == 4 && report.engagementHistory.totalEngagements == 1)

        #expect(system.contractProblems() == [])
        try await system.tearDown()
    }

    /// Zoe holds the last seat of one event with Yann waiting, and a seat of
    /// another: her withdrawal cancels both through the cancellation path,
    /// events frees the seats and Yann gets hers.
    @Test func consentWithdrawalCancelsFutureRegistrationsAndPromotesTheWaitlist() async throws {
        let system = try await SystemFixture.start([.events, .attendees])
        let saga = RegistrationSaga(system)
        let full = try await saga.openEvent(capacity: 1)
        let roomy = try await saga.openEvent(capacity: 5)
        let email = "zoe.\(system.suffix)@example.ch"
        let zoe = try await saga.register(full, email)
        #expect(try await saga.outcome(zoe.registrationId).routingKey == "attendees.RegistrationConfirmed")
        let yann = try await saga.register(full, "yann.\(system.suffix)@example.ch")
        #expect(try await saga.outcome(yann.registrationId).data["position"] == .number(1))
        let zoeElsewhere = try await saga.register(roomy, email)
        #expect(try await saga.outcome(zoeElsewhere.registrationId).routingKey == "attendees.RegistrationConfirmed")

        let answer = try await system.command(Self.withdraw, WithdrawConsent(attendeeId: zoe.attendeeId), expecting: 3)
        #expect(
            answer.map(\.routingKey).sorted() == ["attendees.ConsentWithdrawn", "attendees.RegistrationCancelled", "attendees.RegistrationCancelled"])
        let cancelled = try answer.filter { $0.routingKey == "attendees.RegistrationCancelled" }.map {
            try $0.decode(Attendees.RegistrationCancelled.self)
        }
        #expect(Set(cancelled.map(\.registrationId)) == [zoe.registrationId, zoeElsewhere.registrationId])
        #expect(cancelled.allSatisfy { $0.reason == .consentWithdrawn && $0.heldSeat })

        try await eventually("Yann got the seat Zoe gave back") {
            system.published("attendees.RegistrationConfirmed").contains { $0.uuid("registrationId") == yann.registrationId }
        }
        try await saga.quiescent()
        #expect(try await saga.seatsHeld(full) == [yann.registrationId])
        #expect(try await saga.attendeeCount(full) == 1)
        #expect(try await saga.attendeeCount(roomy) == 0)
        #expect(try await saga.waitlist(full).isEmpty)

        // Restricted until she registers again, which gives consent back.
        let refused = try await system.command(Self.subscribe, SubscribeNewsletter(NewsletterChoice(attendeeId: zoe.attendeeId, source: .website)))
        #expect(refused.first?.string("reason") == "consent_withdrawn")
        let third = try await saga.openEvent(capacity: 5)
        let back = try await saga.register(third, email)
        #expect(back.attendeeId == zoe.attendeeId)
        #expect(try await saga.outcome(back.registrationId).routingKey == "attendees.RegistrationConfirmed")
        let subscribed = try await system.command(Self.subscribe, SubscribeNewsletter(NewsletterChoice(attendeeId: zoe.attendeeId, source: .website)))
        #expect(subscribed.map(\.routingKey) == ["attendees.NewsletterSubscriptionChanged"])

        #expect(system.contractProblems() == [])
        try await system.tearDown()
    }

    /// A workshop of 2 seats chosen by 3 confirmed registrations: two
    /// reserved, one refused session_full; a cancellation frees a seat and
    /// the refused one, choosing again, gets it.
    @Test func aTwoSeatSessionWithThreeChoosers() async throws {
        let system = try await SystemFixture.start([.events, .attendees])
        let saga = RegistrationSaga(system)
        let event = try await saga.openEvent(capacity: 10)
        let start = Date().addingTimeInterval(30 * 86_400 + 7200)
        let scheduled = try await system.command(
            Self.scheduleSession,
            ScheduleSession(
                eventId: event, title: "Hands-on workshop", sessionType: "workshop", startTime: start, endTime: start.addingTimeInterval(3600),
                capacity: 2))
        let workshop = try #require(scheduled.first?.uuid("sessionId"), "\(scheduled.map(\.data))")
        try await eventually("attendees knows the workshop") {
            try await system.count(.attendees, "SELECT count(*) FROM session_copies WHERE session_id = $1", [workshop]) == 1
        }
        var registered: [Registered] = []
        for name in ["a", "b", "c"] {
            let person = try await saga.register(event, "\(name).\(system.suffix)@example.ch")
            #expect(try await saga.outcome(person.registrationId).routingKey == "attendees.RegistrationConfirmed")
            registered.append(person)
        }
        let people = registered

        /// Chooses the workshop and returns events' answer to the seat request.
        func choose(_ person: Registered) async throws -> PublishedEvent {
            let answer = try await system.command(
                Self.choose, ChooseSessions(registrationId: person.registrationId, sessionIds: [workshop]), expecting: 2)
            #expect(answer.map(\.routingKey).sorted() == ["attendees.SessionSeatRequested", "attendees.SessionsChosen"])
            let request = try #require(answer.first { $0.routingKey == "attendees.SessionSeatRequested" })
            return try #require(try await system.answers(to: request.header.id).first)
        }
        let answers = try await [choose(people[0]), choose(people[1]), choose(people[2])]
        #expect(answers.map(\.routingKey) == ["events.SessionSeatReserved", "events.SessionSeatReserved", "events.SessionSeatRejected"])
        #expect(answers.map { $0.data["seatsTaken"] } == [.number(1), .number(2), nil])
        #expect(answers[2].string("reason") == "session_full")
        try await eventually("attendees took events' answers") {
            try await self.statuses(system, workshop) == [
                people[0].registrationId: "reserved", people[1].registrationId: "reserved", people[2].registrationId: "rejected",
            ]
        }

        // a cancels: its event seat and its session seat go back; c chooses again and gets it.
        try await system.command(RegistrationSaga.cancel, CancelRegistration(registrationId: people[0].registrationId))
        let released = try await system.wait(for: "events.SessionSeatReleased") { $0.uuid("registrationId") == people[0].registrationId }
        #expect(released.first?.data["seatsTaken"] == .number(1))
        let retry = try await choose(people[2])
        #expect(retry.routingKey == "events.SessionSeatReserved" && retry.data["seatsTaken"] == .number(2))
        try await eventually("c holds the seat") {
            try await self.statuses(system, workshop) == [
                people[0].registrationId: "released", people[1].registrationId: "reserved", people[2].registrationId: "reserved",
            ]
        }
        let held = try await system.query(
            .events, "SELECT registration_id FROM session_seats WHERE session_id = $1 AND released_at IS NULL", [workshop]
        ).map { try $0.decode(Identifier.self, at: 0) }
        #expect(Set(held) == [people[1].registrationId, people[2].registrationId])

        // d registers with the workshop as a preference: asked once confirmed, refused as full.
        let d = try await system.send(
            RegistrationSaga.register,
            Attendees.RegisterAttendee(
                eventId: event, email: "d.\(system.suffix)@example.ch", firstName: "D", lastName: "Four", gdprConsent: true,
                sessionPreferences: [workshop]))
        let dAnswers = try await saga.registrationAnswers(to: d)
        let dRegistration = try #require(dAnswers.first { $0.routingKey == "attendees.RegistrationRequested" }?.uuid("registrationId"))
        #expect(dAnswers.contains { $0.routingKey == "attendees.SessionsChosen" })
        let refusal = try await system.wait(for: "events.SessionSeatRejected") { $0.uuid("registrationId") == dRegistration }
        #expect(refusal.first?.string("reason") == "session_full")

        try await saga.quiescent()
        #expect(system.contractProblems() == [])
        try await system.tearDown()
    }

    /// attendees' choices of the session, by registration.
    func statuses(_ system: SystemFixture, _ session: Identifier) async throws -> [Identifier: String] {
        Dictionary(
            uniqueKeysWithValues: try await system.query(
                .attendees, "SELECT registration_id, status FROM registration_sessions WHERE session_id = $1", [session]
            ).map { (try $0.decode(Identifier.self, at: 0), try $0.decode(String.self, at: 1)) })
    }
}
