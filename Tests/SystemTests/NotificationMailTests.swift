import Attendees
import Foundation
import Identifiers
import Messaging
import Notifications
import Postgres
import Speakers
import TestSupport
import Testing
import WorkerHost

/// The notifications worker end to end: real broker, database and SMTP
/// server (aiosmtpd writing a Maildir), mails read as they arrived.
@Suite struct NotificationMailTests {
    /// The invitation saga at test speed (answer within 4 s, reminders 3, 2
    /// and 1 s before): each speaker gets the invitation, three reminders and
    /// the expiry, each once, in their language. The notifications worker is
    /// a process of its own, SIGKILLed after the SMTP server took the first
    /// mail and before the mark: that mail comes again, with the same
    /// Message-ID, and nothing else does.
    @Test func invitationToExpiryInEachSpeakersLanguageOnceEvenWhenKilledBetweenSMTPAndTheMark() async throws {
        // The first mail's 250 is held back 2 s: it is in the Maildir, its row locked by the sender.
        let sink = try await SMTPSink.start(delayFirst: 2)
        let environment = InvitationSagaTests.fastTimers.merging(mailSettings(sink)) { $1 }
        let system = try await SystemFixture.start(
            [.companies, .events, .speakers, .notifications], environment: environment, startingWorkers: false)
        for context: BoundedContext in [.companies, .events, .speakers] { try await system.start(context) }
        var worker = try await NotificationsProcess.start(system, environment: environment)
        let saga = Saga(system)
        let company = try await saga.createCompany()
        let event = try await saga.createEvent()
        let keynote = try await saga.schedule(event, "keynote", at: 9)
        let talk = try await saga.schedule(event, "presentation", at: 10)
        let ada = try await saga.register(company: company, email: "ada.\(system.suffix)@speakers.example")
        let bob = try await saga.register(company: company, email: "bob.\(system.suffix)@speakers.example")
        var english = UpdateSpeakerProfile(speakerId: ada)
        english.communicationPreferences = .set(PreferencesUpdate(language: .set("en-GB")))
        try await saga.expect(.command("UpdateSpeakerProfile", to: "speakers"), english, "speakers.SpeakerProfileUpdated")
        try await eventually("notifications knows both speakers, Ada in English") {
            let english = try await system.count(.notifications, "SELECT count(*) FROM recipients WHERE id = $1 AND language = 'en-GB'", [ada])
            let german = try await system.count(.notifications, "SELECT count(*) FROM recipients WHERE id = $1", [bob])
            return english == 1 && german == 1
        }

        try await saga.invite(ada, to: keynote)
        try await saga.invite(bob, to: talk)

        // The first mail is in; the sender waits for its 250, then to mark it.
        try await eventually("the first mail arrived", timeout: .seconds(30)) { !sink.mails().isEmpty }
        let notifications = try #require(system.databaseConfiguration(.notifications))
        let lock = try await PostgresConnection.connect(notifications)
        try await lock.runScript("BEGIN; LOCK TABLE notifications IN SHARE MODE")
        // Another connection looks: pg_stat_activity holds still within a transaction.
        let look = try await PostgresConnection.connect(notifications)
        try await eventually("the sender waiting to mark the mail it sent", timeout: .seconds(30)) {
            try await look.query(
                """
                SELECT count(*) FROM pg_stat_activity
                WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE notifications SET status = ''sent''%'
                """
            ).first?.decode(Int.self, at: 0) == 1
        }
        await look.close()
        worker.process.signal(SIGKILL)
        #expect(try await worker.process.waitForExit() == 128 + SIGKILL)
        try await lock.runScript("ROLLBACK")
        await lock.close()
        let first = try #require(sink.mails().first)
        worker = try await NotificationsProcess.start(system, environment: environment)

        let addresses = [ada: "ada.\(system.suffix)@speakers.example", bob: "bob.\(system.suffix)@speakers.example"]
        let kinds = ["speaker_invited": 1, "invitation_reminder": 3, "invitation_expired": 1]
        try await eventually("every mail of the saga arrived", timeout: .seconds(60), every: .milliseconds(200)) {
            let mails = sink.mails()
            return addresses.values.allSatisfy { to in kinds.allSatisfy { mails.of($0.key, to: to).count >= $0.value } }
        }
        // Nothing more comes: every row is marked.
        try await eventually("every notification row marked sent") {
            try await system.count(.notifications, "SELECT count(*) FROM notifications WHERE status <> 'sent'") == 0
        }
        let mails = sink.mails()
        #expect(mails.duplicates == [first.messageId: 2], "only the mail the kill interrupted came twice")
        for (speaker, to) in addresses {
            for (kind, count) in kinds {
                let unique = Set(mails.of(kind, to: to).map(\.messageId))
                #expect(unique.count == count, "\(kind) to \(speaker)")
            }
            let own = mails.filter { $0.to == to }
            #expect(own.allSatisfy { $0.language == (speaker == ada ? "en" : "de") })
        }
        #expect(mails.of("speaker_invited", to: addresses[ada] ?? "").first?.subject.hasPrefix("Invitation: BATbern") == true)
        #expect(mails.of("invitation_expired", to: addresses[bob] ?? "").first?.subject.hasPrefix("Einladung abgelaufen: BATbern") == true)
        #expect(mails.of("invitation_reminder", to: addresses[bob] ?? "").first?.text.contains("Bitte antworten Sie bis") == true)
        #expect(mails.count == 11)

        worker.process.signal(SIGTERM)
        #expect(try await worker.process.waitForExit() == 0)
        try await system.tearDown()
        sink.tearDown()
    }

    /// 100 registrations for 50 seats, then 10 cancellations: 50 confirmed
    /// mails, 50 waitlisted with their positions, 10 promotions and 10
    /// cancellations, each once.
    @Test func aHundredRegistrationsForFiftySeatsAndTenCancellations() async throws {
        let sink = try await SMTPSink.start()
        let system = try await SystemFixture.start([.events, .attendees, .notifications], environment: mailSettings(sink))
        let saga = RegistrationSaga(system)
        let event = try await saga.openEvent(capacity: 50)
        for i in 0..<100 {
            try await system.send(
                RegistrationSaga.register,
                RegisterAttendee(
                    eventId: event, email: "p\(i).\(system.suffix)@example.ch", firstName: "Person", lastName: "No \(i)", gdprConsent: true
                ))
        }
        try await eventually("100 registrations settled", timeout: .seconds(60), every: .milliseconds(200)) {
            try await system.count(
                .attendees, "SELECT count(*) FROM event_registrations WHERE event_id = $1 AND status IN ('confirmed', 'waitlisted')", [event]
            ) == 100
        }
        for registration in try await saga.registrations(event, status: "confirmed").prefix(10) {
            try await system.send(RegistrationSaga.cancel, CancelRegistration(registrationId: registration))
        }
        let expected = ["registration_confirmed": 50, "registration_waitlisted": 50, "registration_promoted": 10, "registration_cancelled": 10]
        try await eventually("120 mails", timeout: .seconds(60), every: .milliseconds(200)) { sink.mails().count >= 120 }
        try await eventually("every row sent") {
            try await system.count(.notifications, "SELECT count(*) FROM notifications WHERE status <> 'sent'") == 0
        }
        let mails = sink.mails()
        #expect(mails.count == 120 && mails.duplicates.isEmpty)
        #expect(Dictionary(mails.map { ($0.kind, 1) }, uniquingKeysWith: +) == expected)
        // Each waitlisted mail names a place, 1 to 50, each once.
        let positions = mails.filter { $0.kind == "registration_waitlisted" }.compactMap { mail -> Int? in
            guard let range = mail.text.range(of: #"Platz (\d+) der Warteliste"#, options: .regularExpression) else { return nil }
            return Int(mail.text[range].split(separator: " ")[1])
        }
        #expect(positions.sorted() == Array(1...50))
        // The promoted are the ten first in the queue, who were told they wait.
        let promoted = Set(mails.filter { $0.kind == "registration_promoted" }.map(\.to))
        let waited = Set(mails.filter { $0.kind == "registration_waitlisted" }.map(\.to))
        #expect(promoted.count == 10 && promoted.isSubset(of: waited))
        #expect(mails.allSatisfy { $0.language == "de" && $0.subject.contains("BATbern \(system.suffix)") })
        try await system.tearDown()
        sink.tearDown()
    }

    /// The SMTP server is down while mails are written (6 s here, not 30:
    /// what is shown is that mails wait and go once it is back; the retry
    /// backoff is capped at 1 s, so a longer outage only repeats the same
    /// refused connections). Then a 550 for one address marks that mail
    /// failed with the server's answer, and the others still go.
    @Test func mailsWaitForTheSMTPServerAndA550MarksOnlyThatMailFailed() async throws {
        let sink = try await SMTPSink.start(reject: "refused")
        sink.stop()
        let system = try await SystemFixture.start([.notifications], environment: mailSettings(sink))
        let event = Identifier()
        try await system.client.send(
            Notifications.EventCreated.key,
            data: Notifications.EventCreated(eventId: event, title: "BATbern Outage", eventDate: Date() + 86_400, venueName: "Kursaal"))
        let names = ["refused", "anna", "beat", "cleo"]
        for name in names {
            let attendee = Identifier()
            try await system.client.send(
                Notifications.AttendeeRegistered.key,
                data: Notifications.AttendeeRegistered(attendeeId: attendee, email: "\(name).\(system.suffix)@example.ch", firstName: name))
            try await system.client.send(
                Notifications.RegistrationConfirmed.key,
                data: Notifications.RegistrationConfirmed(RegistrationFacts(registrationId: Identifier(), eventId: event, attendeeId: attendee)))
        }
        try await eventually("four mails tried and waiting") {
            try await system.count(.notifications, "SELECT count(*) FROM notifications WHERE status = 'pending' AND attempts > 0") == 4
        }
        let down = ContinuousClock.now
        try await eventually("the outage lasted 6 s", timeout: .seconds(10), every: .milliseconds(500)) { ContinuousClock.now - down > .seconds(6) }
        #expect(sink.mails().isEmpty)
        try await sink.start()
        try await eventually("three mails arrived", timeout: .seconds(20)) { sink.mails().count == 3 }
        try await eventually("the refused mail marked failed") {
            try await system.count(.notifications, "SELECT count(*) FROM notifications WHERE status = 'failed'") == 1
        }
        #expect(Set(sink.mails().map(\.to)) == Set(names.dropFirst().map { "\($0).\(system.suffix)@example.ch" }))
        let refused = "refused.\(system.suffix)@example.ch"
        let failed = try await system.query(.notifications, "SELECT to_address, last_reply, attempts FROM notifications WHERE status = 'failed'")
        #expect(try failed.first?.decode(String.self, at: 0) == refused)
        let reply = try failed.first?.decode(String.self, at: 1) ?? ""
        #expect(reply.hasPrefix("550") && reply.contains("<recipient>") && !reply.contains(refused), "\(reply)")
        #expect(try failed.first?.decode(Int.self, at: 2) ?? 0 >= 2)
        let worker = try #require(system.worker(.notifications))
        #expect(worker.metric("batbern_notifications_failed_total") == 1)
        #expect(worker.metric("batbern_notifications_sent_total") == 3)
        #expect(worker.metric("batbern_notifications_deferred_total") >= 4)
        #expect(system.logs.containing("@example.ch").isEmpty, "no address in the logs")

        // What an operator sees.
        let url = TestServers.postgresURL(searchPath: "notifications_\(system.suffix)")
        let listed = try await runProgram([WorkerProcess.binary, "notifications", "list", "--recipient", refused.uppercased(), "--database-url", url])
        #expect(listed.status == 0)
        #expect(listed.output.contains("failed") && listed.output.contains("registration_confirmed") && listed.output.contains("550"))
        #expect(!listed.output.contains("anna."))
        try await system.tearDown()
        sink.tearDown()
    }

    /// After EraseAttendee, nothing about the attendee is left in the
    /// notifications database: not the copy, not the mails, not the address.
    @Test func afterEraseAttendeeNothingAboutTheAttendeeRemains() async throws {
        let sink = try await SMTPSink.start()
        let system = try await SystemFixture.start([.events, .attendees, .notifications], environment: mailSettings(sink)) {
            $0.erasure.margin = .seconds(1)
        }
        let saga = RegistrationSaga(system)
        let event = try await saga.openEvent(capacity: 5)
        let personal = ["zoe.\(system.suffix)@example.ch", "Zoe\(system.suffix)", "Forgotten\(system.suffix)"]
        let zoe = try await saga.register(event, personal[0], firstName: personal[1], lastName: personal[2])
        try await eventually("Zoe's confirmation arrived") { sink.mails().contains { $0.to == personal[0] } }
        #expect(sink.mails().first?.text.contains("Guten Tag \(personal[1]) \(personal[2])") == true)

        _ = try await system.command(RegistrationSaga.erase, EraseAttendee(attendeeId: zoe.attendeeId), expecting: 2)
        try await eventually("notifications erased Zoe") {
            try await system.count(.notifications, "SELECT count(*) FROM recipients WHERE id = $1", [zoe.attendeeId]) == 0
        }
        // The kernel's erasure request keeps her id until its window has passed.
        try await eventually("the erasure request gone after its window") {
            try await system.count(.notifications, "SELECT count(*) FROM erasure_requests") == 0
        }
        let tables = try await system.query(
            .notifications, "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'",
            ["notifications_\(system.suffix)"]
        ).map { try $0.decode(String.self, at: 0) }
        #expect(tables.contains("notifications") && tables.contains("recipients"))
        for needle in personal + [zoe.attendeeId.description, zoe.registrationId.description] {
            for table in tables {
                let count = try await system.count(.notifications, "SELECT count(*) FROM \(table) t WHERE t::text ILIKE '%' || $1 || '%'", [needle])
                #expect(count == 0, "\(table) mentions \(needle)")
            }
        }
        try await system.tearDown()
        sink.tearDown()
    }
}
