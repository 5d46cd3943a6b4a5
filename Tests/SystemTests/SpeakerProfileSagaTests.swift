import Companies
import Events
import Foundation
import Identifiers
import Messaging
import Postgres
import Speakers
import TestSupport
import Testing
import WorkerHost

/// Speaker profiles end to end (issue 11, items 7–10): the real companies,
/// events and speakers workers in a vhost of their own.
@Suite struct SpeakerProfileSagaTests {
    static let profile = MessageKey.command("UpdateSpeakerProfile", to: "speakers")
    static let query = MessageKey.command("GetSpeakerProfile", to: "speakers")
    static let erase = MessageKey.command("EraseSpeaker", to: "speakers")

    /// The profile after companies renamed the speaker's new company and
    /// made it a partner: speakers' copy follows CompanyUpdated, and the
    /// move finds the company known.
    @Test func aProfileUpdateFollowingACompanyUpdate() async throws {
        let system = try await SystemFixture.start([.companies, .speakers])
        let saga = Saga(system)
        let first = try await saga.createCompany()
        let second = try await saga.createCompany()
        let speaker = try await saga.register(company: first)

        let updated = try await saga.expect(
            .command("UpdateCompany", to: "companies"),
            UpdateCompany(companyId: second, displayName: "Renamed", isPartner: true, employeeCount: 120), "companies.CompanyUpdated"
        )
        #expect(updated.string("displayName") == "Renamed")
        try await eventually("speakers' copy follows CompanyUpdated") {
            try await system.count(
                .speakers, "SELECT count(*) FROM companies WHERE id = $1 AND display_name = 'Renamed' AND is_partner AND employee_count = 120",
                [second]) == 1
        }

        var command = UpdateSpeakerProfile(speakerId: speaker)
        command.companyId = .set(second)
        command.shortBio = .set("Builds message-driven systems.")
        command.linkedInUrl = .set("https://www.linkedin.com/in/someone")
        command.twitterHandle = .set("@someone")
        command.languages = .set(["de", "en"])
        command.communicationPreferences = .set(PreferencesUpdate(channel: .set("phone"), language: .set("de-CH")))
        let answer = try await saga.expect(Self.profile, command, "speakers.SpeakerProfileUpdated")
        let view = try answer.decode(SpeakerProfileView.self)
        #expect(view.companyId == second && view.profile.twitterHandle == "someone" && view.profile.languages == ["de", "en"])
        #expect(view.communicationPreferences == CommunicationPreferences(channel: "phone", language: "de-CH", reminderOptOut: false))
        #expect(view.profile.expertiseAreas == ["Swift"] && view.speakingHistory.isEmpty)
        // The new company is known: verified at once, nothing to check later.
        #expect(try await system.count(.speakers, "SELECT count(*) FROM speakers WHERE id = $1 AND company_verified", [speaker]) == 1)
        #expect(
            try await system.count(
                .speakers, "SELECT count(*) FROM timers WHERE timer_key LIKE 'speakers.company.%' AND fired_at IS NULL AND cancelled_at IS NULL"
            ) == 0)

        let bad = try await saga.rejection(
            Self.profile,
            {
                var c = UpdateSpeakerProfile(speakerId: speaker)
                c.twitterHandle = .set("no spaces")
                return c
            }())
        #expect(bad.reason == "invalid_twitter_handle")
        #expect(system.contractProblems() == [])
        try await system.tearDown()
    }

    /// An event that completes puts its confirmed speakers' sessions into
    /// their speaking history, announced and reported.
    @Test func theSpeakingHistoryAfterAnEventCompletes() async throws {
        let system = try await SystemFixture.start([.companies, .events, .speakers])
        let saga = Saga(system)
        let company = try await saga.createCompany()
        let eventId = try await saga.createEvent()
        let keynote = try await saga.schedule(eventId, "keynote", at: 9)
        let ada = try await saga.register(company: company)
        let bob = try await saga.register(company: company)
        try await saga.invite(ada, to: keynote, deadline: Saga.inOneHour())
        try await saga.invite(bob, to: keynote, role: "co_speaker", deadline: Saga.inOneHour())
        try await saga.respond(ada, keynote, "accept", expecting: "speakers.SpeakerConfirmed")
        try await saga.respond(bob, keynote, "decline", reason: "travelling", expecting: "speakers.SpeakerDeclined")
        try await system.wait(for: "events.EventStatusChanged") { $0.uuid("eventId") == eventId && $0.string("to") == "agenda_draft" }

        for status in ["published", "registration_open", "registration_closed", "in_progress", "completed"] {
            try await saga.expect(
                .command("ChangeEventStatus", to: "events"), ChangeEventStatus(eventId: eventId, status: status), "events.EventStatusChanged")
        }
        let announced = try await system.wait(for: "speakers.SpeakerProfileUpdated") { $0.uuid("speakerId") == ada }
        let history = try announced[0].decode(SpeakerProfileView.self).speakingHistory
        #expect(history.count == 1)
        #expect(history.first?.eventId == eventId && history.first?.sessionId == keynote && history.first?.role == "primary_speaker")
        #expect(history.first?.sessionType == "keynote" && history.first?.date == Saga.day.addingTimeInterval(9 * 3600))
        let reported = try await saga.expect(Self.query, GetSpeakerProfile(speakerId: ada), "speakers.SpeakerProfileReported")
        #expect(try reported.decode(SpeakerProfileView.self).speakingHistory == history)
        // Bob declined: no history, no announcement.
        #expect(try await system.count(.speakers, "SELECT count(*) FROM speaking_history WHERE speaker_id = $1", [bob]) == 0)
        #expect(system.published("speakers.SpeakerProfileUpdated").allSatisfy { $0.uuid("speakerId") == ada })
        #expect(system.contractProblems() == [])
        try await system.tearDown()
    }

    /// EraseSpeaker is refused while a confirmed session lies ahead, and
    /// once it is over leaves nothing personal in speakers' tables or outbox.
    @Test func erasureIsRefusedWithAnUpcomingSessionAndAcceptedAfterIt() async throws {
        let system = try await SystemFixture.start([.companies, .events, .speakers])
        let saga = Saga(system)
        let company = try await saga.createCompany()
        let eventId = try await saga.createEvent()
        // A session a few seconds ahead, so the test can see it end.
        let (soon, end) = try await saga.scheduleSoon(eventId, lasting: 4)
        let later = try await saga.schedule(eventId, "workshop", at: 14)
        let email = "erase.\(Saga.tag())@speakers.example"
        let lastName = "Erasable\(Saga.tag())"
        let registered = try await saga.expect(
            .command("RegisterSpeaker", to: "speakers"),
            RegisterSpeaker(email: email, firstName: "Eve", lastName: lastName, companyId: company, shortBio: "Private bio \(lastName)"),
            "speakers.SpeakerRegistered"
        )
        let eve = try #require(registered.uuid("speakerId"))
        try await saga.invite(eve, to: soon, deadline: Saga.inOneHour())
        try await saga.respond(eve, soon, "accept", expecting: "speakers.SpeakerConfirmed")
        try await saga.invite(eve, to: later, deadline: Saga.inOneHour())  // left open

        let refused = try await saga.rejection(Self.erase, EraseSpeaker(speakerId: eve))
        #expect(refused.reason == "has_upcoming_sessions")
        #expect(!refused.message.contains(email) && !refused.message.contains(lastName))

        try await eventually("the session is over", timeout: .seconds(30)) { Date() > end }
        let erased = try await saga.expect(Self.erase, EraseSpeaker(speakerId: eve), "speakers.SpeakerErased")
        #expect(erased.uuid("speakerId") == eve)
        let withdrew = try await system.wait(for: "speakers.SpeakerWithdrew") { $0.uuid("speakerId") == eve }
        #expect(withdrew.map { $0.uuid("sessionId") } == [later] && withdrew[0].string("reason") == "speaker_erased")
        try await system.wait(for: "events.SpeakerSlotReopened") { $0.uuid("speakerId") == eve && $0.string("cause") == "withdrawn" }
        #expect(try await saga.invitation(eve, later) == "withdrawn")
        #expect(try await saga.invitation(eve, soon) == "confirmed")  // an anonymous fact of the past

        // Nothing personal left in speakers' tables and outbox (the erasure
        // request keeps its needles for the sweep window, by design).
        for needle in [email, lastName] {
            for table in ["speakers", "session_speakers", "speaking_history", "outbox", "timers"] {
                #expect(
                    try await system.count(.speakers, "SELECT count(*) FROM \(table) t WHERE t::text ILIKE '%' || $1 || '%'", [needle]) == 0,
                    "\(table)")
            }
        }
        #expect(
            try await system.count(
                .speakers, "SELECT count(*) FROM timers WHERE timer_key LIKE '%' || $1 || '%' AND fired_at IS NULL AND cancelled_at IS NULL",
                [eve.description]) == 0)
        // SpeakerErased carries nothing personal.
        #expect(!String(decoding: erased.body, as: UTF8.self).contains(email))
        let after = try await saga.rejection(Self.query, GetSpeakerProfile(speakerId: eve))
        #expect(after.reason == "speaker_erased")
        #expect(system.contractProblems() == [])
        try await system.tearDown()
    }

    /// A speaker who opted out of reminders gets none, and the invitation
    /// still expires; a tentative answer keeps the reminders running.
    @Test func remindersHonourTheOptOutAndContinueAfterATentativeAnswer() async throws {
        let system = try await SystemFixture.start([.companies, .events, .speakers], environment: InvitationSagaTests.fastTimers)
        let saga = Saga(system)
        let company = try await saga.createCompany()
        let eventId = try await saga.createEvent()
        let talk = try await saga.schedule(eventId, "presentation", at: 10)
        let quiet = try await saga.register(company: company)
        let unsure = try await saga.register(company: company)
        var optOut = UpdateSpeakerProfile(speakerId: quiet)
        optOut.communicationPreferences = .set(PreferencesUpdate(reminderOptOut: .set(true)))
        try await saga.expect(Self.profile, optOut, "speakers.SpeakerProfileUpdated")

        try await saga.invite(quiet, to: talk)
        try await saga.invite(unsure, to: talk, role: "co_speaker")
        let tentative = try await saga.respond(unsure, talk, "tentative", reason: "checking", expecting: "speakers.SpeakerTentative")

        let expired = try await system.wait(for: "speakers.SpeakerInvitationExpired", count: 2, timeout: .seconds(30)) {
            $0.uuid("sessionId") == talk
        }
        #expect(Set(expired.compactMap { $0.uuid("speakerId") }) == [quiet, unsure])
        let reminders = system.published("speakers.SpeakerInvitationReminderDue")
        #expect(!reminders.contains { $0.uuid("speakerId") == quiet })
        let unsureReminders = reminders.filter { $0.uuid("speakerId") == unsure }
        #expect(unsureReminders.count == 3)
        #expect(unsureReminders.contains { $0.header.occurredAt > tentative.header.occurredAt })
        #expect(try await saga.invitation(quiet, talk) == "expired")
        #expect(system.contractProblems() == [])
        try await system.tearDown()
    }
}
