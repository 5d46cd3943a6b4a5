import Foundation
import Identifiers
import Messaging
import Postgres
import TestSupport
import Testing

@testable import Speakers

/// Profiles, speaking history, erasure and the reminder opt-out through the
/// kernel's processor against a real database. Every message published is
/// checked against its schema.
@Suite struct ProfileHandlerTests {
    /// Deadline 20 s after the invitation; reminders 12, 6 and 3 s before it.
    static let settings = SpeakersSettings(responseWindow: 20, reminderOffsets: [12, 6, 3], companyGracePeriod: 60)

    /// Sends messages and remembers everything they published.
    final class Run {
        let h: HandlerHarness
        var seen: [PublishedMessage] = []
        init(_ h: HandlerHarness) { self.h = h }

        @discardableResult
        func send<P: Codable & Sendable>(_ key: MessageKey, _ data: P, at time: Date = t0) async throws -> HarnessResult {
            let result = try await h.send(key, data: data, now: time)
            seen += result.published
            return result
        }

        @discardableResult
        func timers(upTo time: Date) async throws -> [HarnessResult] {
            let results = try await h.runTimers(upTo: time)
            seen += results.flatMap(\.published)
            return results
        }

        func contractProblems() throws -> [String] {
            let contract = try ContractValidator()
            return seen.flatMap { contract.problems(body: Array($0.body.utf8), routingKey: $0.routingKey) }
        }

        func register(email: String, company: Identifier = Identifier()) async throws -> Identifier {
            try await send(.event("CompanyCreated", from: "companies"), CompanyCreated(companyId: company, name: "Acme AG"))
            let id = Identifier()
            let r = try await send(
                .command("RegisterSpeaker", to: "speakers"),
                RegisterSpeaker(speakerId: id, email: email, firstName: "Ada", lastName: "Lovelace", companyId: company, shortBio: "Bio of Ada"))
            #expect(r.outcome == .handled)
            return id
        }

        func session(event: Identifier, start: Date, title: String? = nil) async throws -> Identifier {
            let id = Identifier()
            try await send(
                .event("SessionScheduled", from: "events"),
                SessionTimetabled(sessionId: id, eventId: event, sessionType: .keynote, startTime: start, endTime: start + 3600, title: title))
            return id
        }

        func invite(_ speaker: Identifier, _ session: Identifier, title: String? = nil, at time: Date = t0) async throws -> HarnessResult {
            try await send(
                .command("InviteSpeaker", to: "speakers"),
                InviteSpeaker(speakerId: speaker, sessionId: session, role: "primary_speaker", presentationTitle: title), at: time)
        }

        func respond(_ speaker: Identifier, _ session: Identifier, _ response: String, reason: String? = nil, at time: Date = t0 + 1)
            async throws -> HarnessResult
        {
            try await send(
                .command("RespondToInvitation", to: "speakers"),
                RespondToInvitation(speakerId: speaker, sessionId: session, response: response, reason: reason), at: time)
        }

        @discardableResult
        func update(_ command: UpdateSpeakerProfile, at time: Date = t0 + 2) async throws -> HarnessResult {
            try await send(.command("UpdateSpeakerProfile", to: "speakers"), command, at: time)
        }

        func count(_ sql: String, _ binds: [any PostgresEncodable] = []) async throws -> Int {
            try await h.query(sql, binds)[0].decode(Int.self, at: 0)
        }
    }

    func with(_ body: (Run) async throws -> Void) async throws {
        try await HandlerHarness.with(worker: SpeakersWorker.definition(Self.settings), context: "speakers") { h in
            let run = Run(h)
            try await body(run)
            #expect(try run.contractProblems() == [])
        }
    }

    func reason(_ r: HarnessResult) -> String? {
        if case .rejected(let rejected) = r.outcome { return rejected.reason }
        return nil
    }

    @Test func anUpdateIsAnsweredWithTheWholeProfileAndTheQueryReportsIt() async throws {
        try await with { run in
            let speaker = try await run.register(email: "ada.profile@example.ch")
            var command = UpdateSpeakerProfile(speakerId: speaker)
            command.detailedBio = .set("Wrote the first program.")
            command.linkedInUrl = .set("https://www.linkedin.com/in/ada")
            command.twitterHandle = .set("@ada")
            command.languages = .set(["en", "fr"])
            command.communicationPreferences = .set(PreferencesUpdate(language: .set("en"), reminderOptOut: .set(true)))
            let updated = try await run.update(command)
            let view = try #require(try updated.messages("speakers.SpeakerProfileUpdated").first?.decode(SpeakerProfileView.self))
            #expect(view.speakerId == speaker && view.email == "ada.profile@example.ch" && view.firstName == "Ada")
            #expect(view.profile.shortBio == "Bio of Ada" && view.profile.detailedBio == "Wrote the first program.")
            #expect(view.profile.twitterHandle == "ada" && view.profile.languages == ["en", "fr"])
            #expect(view.communicationPreferences == CommunicationPreferences(channel: "email", language: "en", reminderOptOut: true))
            #expect(view.speakingHistory.isEmpty && view.availability == "available")

            // null clears; the query reports what is stored.
            var clearing = UpdateSpeakerProfile(speakerId: speaker)
            clearing.linkedInUrl = .clear
            clearing.shortBio = .clear
            try await run.update(clearing, at: t0 + 3)
            let reported = try await run.send(.command("GetSpeakerProfile", to: "speakers"), GetSpeakerProfile(speakerId: speaker), at: t0 + 4)
            let stored = try #require(try reported.messages("speakers.SpeakerProfileReported").first?.decode(SpeakerProfileView.self))
            #expect(stored.profile.linkedInUrl == nil && stored.profile.shortBio == nil && stored.profile.detailedBio == "Wrote the first program.")
            #expect(stored.communicationPreferences.reminderOptOut)

            var bad = UpdateSpeakerProfile(speakerId: speaker)
            bad.profilePhotoUrl = .set("file:///etc/passwd")
            #expect(reason(try await run.update(bad)) == "invalid_profile_photo_url")
            #expect(reason(try await run.update(UpdateSpeakerProfile(speakerId: speaker))) == "no_changes")
            var unknown = UpdateSpeakerProfile(speakerId: Identifier())
            unknown.position = .set("CTO")
            #expect(reason(try await run.update(unknown)) == "unknown_speaker")
            #expect(
                reason(try await run.send(.command("GetSpeakerProfile", to: "speakers"), GetSpeakerProfile(speakerId: Identifier())))
                    == "unknown_speaker")
        }
    }

    @Test func aMoveToACompanyNotYetKnownRestartsItsCheck() async throws {
        try await with { run in
            let speaker = try await run.register(email: "ada.company@example.ch")
            let other = Identifier()
            var command = UpdateSpeakerProfile(speakerId: speaker)
            command.companyId = .set(other)
            let moved = try await run.update(command)
            #expect(moved.cancelledTimerKeys == [SpeakerHandlers.companyTimerKey(speaker)])
            #expect(moved.scheduled.map(\.message.messageType) == ["CheckSpeakerCompany"])
            #expect(try moved.messages("speakers.SpeakerProfileUpdated").first?.decode(SpeakerProfileView.self).companyId == other)
            // It arrives: verified, check cancelled.
            let arrived = try await run.send(
                .event("CompanyCreated", from: "companies"), CompanyCreated(companyId: other, name: "Other AG"), at: t0 + 5)
            #expect(arrived.cancelledTimerKeys == [SpeakerHandlers.companyTimerKey(speaker)])
            #expect(try await run.count("SELECT count(*) FROM speakers WHERE id = $1 AND company_verified", [speaker]) == 1)
        }
    }

    @Test func theCompanyCopyFollowsCompanyUpdated() async throws {
        try await with { run in
            let company = Identifier()
            let early = try await run.send(.event("CompanyUpdated", from: "companies"), CompanyUpdated(companyId: company, name: "Early AG"))
            guard case .failed = early.outcome else {
                Issue.record("an update before the company is known must be retried, not \(early.outcome)")
                return
            }
            try await run.send(
                .event("CompanyCreated", from: "companies"),
                CompanyCreated(companyId: company, name: "Acme AG", isPartner: false, displayName: "Acme", industry: "IT", employeeCount: 40))
            try await run.send(
                .event("CompanyUpdated", from: "companies"), CompanyUpdated(companyId: company, displayName: "ACME", isPartner: true), at: t0 + 2)
            // Older than the flag's last change: the flag stays.
            try await run.send(.event("CompanyUpdated", from: "companies"), CompanyUpdated(companyId: company, isPartner: false), at: t0 + 1)
            let row = try await run.h.query("SELECT name, display_name, is_partner, industry FROM companies WHERE id = $1", [company])[0]
            #expect(try row.decode(String.self, column: "name") == "Acme AG")
            #expect(try row.decode(String.self, column: "display_name") == "ACME")
            #expect(try row.decode(Bool.self, column: "is_partner"))
            #expect(try row.decode(String?.self, column: "industry") == "IT")
        }
    }

    @Test func aCompletedEventAddsItsConfirmedSessionsToTheHistoryOnce() async throws {
        try await with { run in
            let ada = try await run.register(email: "ada.history@example.ch")
            let bob = try await run.register(email: "bob.history@example.ch")
            let event = Identifier()
            let keynote = try await run.session(event: event, start: t0 + 60 * day, title: "Opening keynote")
            let talk = try await run.session(event: event, start: t0 + 60 * day + 7200)
            _ = try await run.invite(ada, keynote)
            _ = try await run.respond(ada, keynote, "accept")
            _ = try await run.invite(ada, talk, title: "Swift on Linux")
            _ = try await run.respond(ada, talk, "accept")
            _ = try await run.invite(bob, talk)
            _ = try await run.respond(bob, talk, "decline", reason: "no")

            let progressed = try await run.send(.event("EventStatusChanged", from: "events"), EventStatusChanged(eventId: event, to: "in_progress"))
            #expect(progressed.published.isEmpty)
            let completed = try await run.send(
                .event("EventStatusChanged", from: "events"), EventStatusChanged(eventId: event, to: "completed"), at: t0 + 61 * day)
            let profiles = try completed.messages("speakers.SpeakerProfileUpdated").map { try $0.decode(SpeakerProfileView.self) }
            #expect(profiles.map(\.speakerId) == [ada])
            #expect(profiles.first?.speakingHistory.map(\.title) == ["Opening keynote", "Swift on Linux"])
            #expect(profiles.first?.speakingHistory.map(\.date) == [t0 + 60 * day, t0 + 60 * day + 7200])
            #expect(profiles.first?.speakingHistory.allSatisfy { $0.eventId == event && $0.role == "primary_speaker" } == true)
            // Told again (a timer and a command, say): nothing new.
            let again = try await run.send(
                .event("EventStatusChanged", from: "events"), EventStatusChanged(eventId: event, to: "completed"), at: t0 + 62 * day)
            #expect(again.published.isEmpty)
            #expect(try await run.count("SELECT count(*) FROM speaking_history") == 2)
            let reported = try await run.send(.command("GetSpeakerProfile", to: "speakers"), GetSpeakerProfile(speakerId: ada))
            #expect(try reported.messages("speakers.SpeakerProfileReported").first?.decode(SpeakerProfileView.self).speakingHistory.count == 2)
        }
    }

    @Test func erasureWaitsForUpcomingSessionsThenLeavesNothingPersonal() async throws {
        try await with { run in
            let email = "erase.me.\(Identifier().description.prefix(8))@example.ch"
            let ada = try await run.register(email: email)
            var profile = UpdateSpeakerProfile(speakerId: ada)
            profile.twitterHandle = .set("erase_me_ada")
            profile.certifications = .set(["Certified Eraser"])
            try await run.update(profile)
            let event = Identifier()
            let held = try await run.session(event: event, start: t0 + 60 * day)
            let open = try await run.session(event: event, start: t0 + 70 * day)
            let declined = try await run.session(event: event, start: t0 + 80 * day)
            _ = try await run.invite(ada, held)
            _ = try await run.respond(ada, held, "accept")
            let invited = try await run.invite(ada, open)
            _ = try await run.invite(ada, declined)
            _ = try await run.respond(ada, declined, "decline", reason: "Lovelace family wedding", at: t0 + 2)

            let erase = MessageKey.command("EraseSpeaker", to: "speakers")
            let refused = try await run.send(erase, EraseSpeaker(speakerId: ada), at: t0 + 3)
            #expect(reason(refused) == "has_upcoming_sessions")
            #expect(try await run.count("SELECT count(*) FROM speakers WHERE id = $1 AND email IS NOT NULL", [ada]) == 1)

            // After the confirmed session ended.
            let after = t0 + 60 * day + 3601
            let erased = try await run.send(erase, EraseSpeaker(speakerId: ada), at: after)
            #expect(erased.outcome == .handled)
            #expect(try erased.messages("speakers.SpeakerErased").first?.decode(SpeakerErased.self) == SpeakerErased(speakerId: ada, erasedAt: after))
            let withdrew = try erased.messages("speakers.SpeakerWithdrew").map { try $0.decode(SpeakerWithdrew.self) }
            #expect(withdrew.map(\.sessionId) == [open] && withdrew.first?.reason == "speaker_erased")
            #expect(Set(erased.cancelledTimerKeys).isSuperset(of: invited.scheduled.map(\.key)))
            #expect(erased.erasures.first?.needles.sorted() == [ada.description, email].sorted())
            #expect(erased.erasures.first?.reason == "speaker_erased")
            #expect(try await run.timers(upTo: after + 365 * day).allSatisfy { $0.published.isEmpty })

            // Nothing personal in speakers' tables or outbox (the erasure
            // request keeps its needles for the sweep window, by design).
            for needle in [email, "Lovelace", "erase_me_ada", "Certified Eraser", "Bio of Ada"] {
                for table in ["speakers", "session_speakers", "speaking_history", "companies", "sessions", "outbox", "timers"] {
                    #expect(
                        try await run.count("SELECT count(*) FROM \(table) t WHERE t::text ILIKE '%' || $1 || '%'", [needle]) == 0,
                        "\(needle) in \(table)")
                }
            }
            #expect(
                try await run.count("SELECT count(*) FROM speakers WHERE id = $1 AND erased_at IS NOT NULL AND availability = 'unavailable'", [ada])
                    == 1)
            #expect(try await run.count("SELECT count(*) FROM session_speakers WHERE speaker_id = $1", [ada]) == 3)

            // Erased is final: answered again, nothing else works; the email is free.
            let again = try await run.send(erase, EraseSpeaker(speakerId: ada), at: after + 1)
            #expect(try again.messages("speakers.SpeakerErased").first?.decode(SpeakerErased.self).erasedAt == after)
            #expect(again.erasures.isEmpty)
            #expect(reason(try await run.send(.command("GetSpeakerProfile", to: "speakers"), GetSpeakerProfile(speakerId: ada))) == "speaker_erased")
            #expect(reason(try await run.invite(ada, open, at: after + 2)) == "speaker_erased")
            _ = try await run.register(email: email)
            #expect(reason(try await run.send(erase, EraseSpeaker(speakerId: Identifier()))) == "unknown_speaker")
        }
    }

    @Test func anOptedOutSpeakerGetsNoRemindersButTheInvitationStillExpires() async throws {
        try await with { run in
            let quiet = try await run.register(email: "quiet@example.ch")
            let tentative = try await run.register(email: "tentative@example.ch")
            var optOut = UpdateSpeakerProfile(speakerId: quiet)
            optOut.communicationPreferences = .set(PreferencesUpdate(reminderOptOut: .set(true)))
            try await run.update(optOut, at: t0)
            let session = try await run.session(event: Identifier(), start: t0 + 60 * day)
            _ = try await run.invite(quiet, session)
            _ = try await run.invite(tentative, session)
            _ = try await run.respond(tentative, session, "tentative", reason: "checking")
            let fired = try await run.timers(upTo: t0 + 20)
            let reminders = try fired.flatMap { $0.messages("speakers.SpeakerInvitationReminderDue") }.map {
                try $0.decode(SpeakerInvitationReminderDue.self)
            }
            // The tentative speaker is reminded three times; the opted-out one never.
            #expect(reminders.map(\.speakerId) == [tentative, tentative, tentative])
            let expired = try fired.flatMap { $0.messages("speakers.SpeakerInvitationExpired") }.map { try $0.decode(SpeakerInvitationExpired.self) }
            #expect(Set(expired.map(\.speakerId)) == [quiet, tentative])
            #expect(try await run.count("SELECT reminders_sent FROM session_speakers WHERE speaker_id = $1", [quiet]) == 0)
        }
    }
}
