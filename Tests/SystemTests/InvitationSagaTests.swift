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

/// The speaker invitation saga end to end: the real companies, events and
/// speakers workers in a vhost of their own, with speakers' timer offsets in
/// seconds so reminders and expiry happen while the test watches.
@Suite struct InvitationSagaTests {
    /// Response window 4 s, reminders 3, 2 and 1 s before the deadline,
    /// unknown companies reported after 2 s.
    static let fastTimers = [
        "BATBERN_SPEAKERS_RESPONSE_WINDOW_SECONDS": "4",
        "BATBERN_SPEAKERS_REMINDER_OFFSETS_SECONDS": "3,2,1",
        "BATBERN_SPEAKERS_COMPANY_GRACE_SECONDS": "2",
    ]

    // MARK: 1. the whole saga

    @Test func fullEventFromCreationToAgendaDraft() async throws {
        let system = try await SystemFixture.start([.companies, .events, .speakers], environment: Self.fastTimers)
        let saga = Saga(system)
        let company = try await saga.createCompany()
        let eventId = try await saga.createEvent()
        let keynote = try await saga.schedule(eventId, "keynote", at: 9)
        let talk = try await saga.schedule(eventId, "presentation", at: 10)
        let panel = try await saga.schedule(eventId, "panel_discussion", at: 11)
        _ = try await saga.schedule(eventId, "lunch", at: 12)  // needs no speaker
        let ada = try await saga.register(company: company)
        let bob = try await saga.register(company: company)
        let cyd = try await saga.register(company: company)
        let dan = try await saga.register(company: company)
        let later = Saga.inOneHour()

        // The first invitation takes the event from planning to speakers_invited.
        let invited = try await saga.invite(ada, to: keynote, deadline: later)
        #expect(invited.uuid("eventId") == eventId)
        #expect(invited.string("role") == "primary_speaker")
        try await system.wait(for: "events.EventStatusChanged") {
            $0.uuid("eventId") == eventId && $0.string("from") == "planning" && $0.string("to") == "speakers_invited"
        }
        try await saga.invite(bob, to: talk, deadline: later)
        try await saga.invite(dan, to: panel, role: "moderator", deadline: later)

        // Bob declines: the slot reopens and says so.
        let declined = try await saga.respond(bob, talk, "decline", reason: "on holiday", expecting: "speakers.SpeakerDeclined")
        #expect(declined.string("reason") == "on holiday")
        try await saga.waitReopened(talk, bob, cause: "declined")

        // Cyd never answers: three reminders, then the invitation expires.
        let cydInvited = try await saga.invite(cyd, to: talk)
        let deadline = try #require(cydInvited.string("responseDeadline"))
        let reminders = try await system.wait(for: "speakers.SpeakerInvitationReminderDue", count: 3, timeout: .seconds(20)) {
            $0.uuid("speakerId") == cyd && $0.uuid("sessionId") == talk
        }
        #expect(reminders.allSatisfy { $0.data["daysLeft"]?.doubleValue == 1 && $0.string("responseDeadline") == deadline })
        let expired = try await system.wait(for: "speakers.SpeakerInvitationExpired", timeout: .seconds(20)) {
            $0.uuid("speakerId") == cyd && $0.uuid("sessionId") == talk
        }
        #expect(expired.count == 1)
        #expect(reminders.allSatisfy { $0.header.occurredAt <= expired[0].header.occurredAt })
        try await saga.waitReopened(talk, cyd, cause: "expired")
        #expect(try await saga.invitation(cyd, talk) == "expired")
        #expect(try await system.count(.speakers, "SELECT reminders_sent FROM session_speakers WHERE speaker_id = $1", [cyd]) == 3)

        // Re-invited, Cyd accepts this time; Ada and Dan accept too.
        let reinvited = try await saga.invite(cyd, to: talk, deadline: later)
        #expect(reinvited.string("responseDeadline") != deadline)
        try await saga.respond(cyd, talk, "accept", expecting: "speakers.SpeakerConfirmed")
        try await saga.respond(ada, keynote, "accept", expecting: "speakers.SpeakerConfirmed")
        #expect(try await saga.eventStatus(eventId) == "speakers_invited")  // the panel still lacks its moderator
        try await saga.respond(dan, panel, "accept", expecting: "speakers.SpeakerConfirmed")

        // Every session that needs speakers has one: agenda_draft.
        try await system.wait(for: "events.EventStatusChanged") {
            $0.uuid("eventId") == eventId && $0.string("from") == "speakers_invited" && $0.string("to") == "agenda_draft"
        }
        try await eventually("events row in agenda_draft") { try await saga.eventStatus(eventId) == "agenda_draft" }
        #expect(
            try await system.count(
                .events, "SELECT count(*) FROM session_speaker_slots WHERE event_id = $1 AND status = 'confirmed'", [eventId]
            ) == 3)
        for speaker in [ada, cyd, dan] { #expect(try await saga.availability(speaker) == "confirmed") }
        #expect(try await saga.availability(bob) == "available")
        // Answered invitations fire no more timers.
        #expect(
            try await system.count(
                .speakers, "SELECT count(*) FROM timers WHERE timer_key LIKE 'speakers.invitation.%' AND fired_at IS NULL AND cancelled_at IS NULL"
            ) == 0)
        // Only the expired invitation was reminded.
        #expect(system.published("speakers.SpeakerInvitationReminderDue").count == 3)
        #expect(system.published("speakers.CommandRejected").isEmpty && system.published("events.CommandRejected").isEmpty)
        #expect(system.contractProblems() == [])
        try await system.tearDown()
    }

    // MARK: 2. compensation for a cancelled session

    @Test func cancelledSessionReleasesItsSpeakers() async throws {
        let system = try await SystemFixture.start([.companies, .events, .speakers], environment: Self.fastTimers)
        let saga = Saga(system)
        let company = try await saga.createCompany()
        let eventId = try await saga.createEvent()
        let keynote = try await saga.schedule(eventId, "keynote", at: 9)
        let workshop = try await saga.schedule(eventId, "workshop", at: 13)
        let ada = try await saga.register(company: company)
        let bob = try await saga.register(company: company)
        let cyd = try await saga.register(company: company)
        let later = Saga.inOneHour()
        try await saga.invite(ada, to: keynote, deadline: later)
        try await saga.respond(ada, keynote, "accept", expecting: "speakers.SpeakerConfirmed")
        try await saga.invite(bob, to: workshop, deadline: later)
        try await saga.respond(bob, workshop, "accept", expecting: "speakers.SpeakerConfirmed")
        try await saga.invite(cyd, to: workshop, role: "co_speaker", deadline: later)  // still open
        try await system.wait(for: "events.EventStatusChanged") { $0.uuid("eventId") == eventId && $0.string("to") == "agenda_draft" }
        #expect(try await saga.availability(bob) == "confirmed")
        #expect(try await saga.availability(cyd) == "invited")

        try await saga.expect(
            .command("CancelSession", to: "events"), CancelSession(sessionId: workshop, reason: "trainer ill"),
            "events.SessionCancelled"
        )
        let released = try await system.wait(for: "speakers.SpeakerReleased", count: 2) { $0.uuid("sessionId") == workshop }
        #expect(Set(released.compactMap { $0.uuid("speakerId") }) == [bob, cyd])
        #expect(released.allSatisfy { $0.string("reason") == "session_cancelled" && $0.uuid("eventId") == eventId })
        // Availability recomputed: nothing confirmed or open is left for either.
        for speaker in [bob, cyd] {
            try await system.wait(for: "speakers.SpeakerAvailabilityChanged") {
                $0.uuid("speakerId") == speaker && $0.string("availability") == "available"
            }
            #expect(try await saga.availability(speaker) == "available")
            #expect(try await saga.invitation(speaker, workshop) == "released")
        }
        // Ada's keynote is untouched.
        #expect(try await saga.invitation(ada, keynote) == "confirmed")
        #expect(try await saga.availability(ada) == "confirmed")
        // The slots in events are open again (released); a cancelled session's
        // slot is not announced as reopened, nobody can be invited to it.
        try await eventually("workshop slots released in events") {
            try await system.count(
                .events, "SELECT count(*) FROM session_speaker_slots WHERE session_id = $1 AND status = 'released'", [workshop]
            ) == 2
        }
        #expect(system.published("events.SpeakerSlotReopened").filter { $0.uuid("sessionId") == workshop }.isEmpty)
        // The agenda without the workshop is still complete.
        #expect(try await saga.eventStatus(eventId) == "agenda_draft")
        // And the session is closed for invitations in speakers' copy.
        let refused = try await saga.rejection(
            .command("InviteSpeaker", to: "speakers"), InviteSpeaker(speakerId: bob, sessionId: workshop, role: "primary_speaker")
        )
        #expect(refused.reason == "session_cancelled")
        #expect(system.contractProblems() == [])
        try await system.tearDown()
    }

    // MARK: 3. compensation for a reschedule

    @Test func rescheduleConflictReleasesTheDoubleBookedSpeaker() async throws {
        let system = try await SystemFixture.start([.companies, .events, .speakers], environment: Self.fastTimers)
        let saga = Saga(system)
        let company = try await saga.createCompany()
        let eventId = try await saga.createEvent()
        let morning = try await saga.schedule(eventId, "presentation", at: 9)
        let noon = try await saga.schedule(eventId, "presentation", at: 12)
        let ada = try await saga.register(company: company)
        let bob = try await saga.register(company: company)
        let later = Saga.inOneHour()
        // Ada gives both talks; Bob co-presents at noon.
        for session in [morning, noon] {
            try await saga.invite(ada, to: session, deadline: later)
            try await saga.respond(ada, session, "accept", expecting: "speakers.SpeakerConfirmed")
        }
        try await saga.invite(bob, to: noon, role: "co_speaker", deadline: later)
        try await saga.respond(bob, noon, "accept", expecting: "speakers.SpeakerConfirmed")
        try await system.wait(for: "events.EventStatusChanged") { $0.uuid("eventId") == eventId && $0.string("to") == "agenda_draft" }

        // Noon moves onto the morning talk's hour (9:30 to 10:30).
        let start = Saga.day.addingTimeInterval(9.5 * 3600)
        try await saga.expect(
            .command("RescheduleSession", to: "events"),
            RescheduleSession(sessionId: noon, startTime: start, endTime: start.addingTimeInterval(3600), room: "Aula"),
            "events.SessionRescheduled"
        )
        let released = try await system.wait(for: "speakers.SpeakerReleased") { $0.uuid("sessionId") == noon }
        #expect(released.count == 1)
        #expect(released.first?.uuid("speakerId") == ada)
        #expect(released.first?.string("reason") == "conflict")
        #expect(try await saga.invitation(ada, noon) == "released")
        #expect(try await saga.invitation(ada, morning) == "confirmed")
        #expect(try await saga.invitation(bob, noon) == "confirmed")
        #expect(try await saga.availability(ada) == "confirmed")
        // Events reopens the slot and takes the agenda back.
        try await saga.waitReopened(noon, ada, cause: "released")
        try await system.wait(for: "events.EventStatusChanged") {
            $0.uuid("eventId") == eventId && $0.string("from") == "agenda_draft" && $0.string("to") == "speakers_invited"
        }
        try await eventually("event back in speakers_invited") { try await saga.eventStatus(eventId) == "speakers_invited" }
        // The copy in speakers has the new time.
        #expect(
            try await system.count(
                .speakers, "SELECT count(*) FROM sessions WHERE id = $1 AND start_time = $2 AND room = 'Aula'", [noon, start]
            ) == 1)
        #expect(system.published("speakers.SpeakerReleased").count == 1)
        #expect(system.contractProblems() == [])
        try await system.tearDown()
    }

    // MARK: 4. concurrent answers

    @Test func concurrentAnswersToOneInvitationAreAnsweredOnce() async throws {
        // Four lanes taking one message at a time: the answers really race.
        let system = try await SystemFixture.start([.events, .speakers], environment: Self.fastTimers) {
            $0.consumer.concurrency = 4
            $0.consumer.batchSize = 1
            $0.consumer.prefetch = 1
        }
        let saga = Saga(system)
        let eventId = try await saga.createEvent()
        let talk = try await saga.schedule(eventId, "presentation", at: 10)
        let ada = try await saga.register(company: Identifier())
        try await saga.invite(ada, to: talk, deadline: Saga.inOneHour())

        let answers: [RespondToInvitation] = (0..<8).map { index in
            index.isMultiple(of: 2)
                ? RespondToInvitation(speakerId: ada, sessionId: talk, response: "accept")
                : RespondToInvitation(speakerId: ada, sessionId: talk, response: "decline", reason: "attempt \(index)")
        }
        let ids = try await withThrowingTaskGroup(of: Identifier.self) { group in
            for answer in answers {
                // Different message ids and aggregate ids, so nothing but the saga serialises them.
                group.addTask { try await system.send(.command("RespondToInvitation", to: "speakers"), answer) }
            }
            return try await group.reduce(into: [Identifier]()) { $0.append($1) }
        }
        var outcomes: [String] = []
        for id in ids {
            let caused = try await system.answers(to: id)
            let decisive = caused.filter { $0.routingKey == "speakers.SpeakerConfirmed" || $0.routingKey == "speakers.SpeakerDeclined" }
            let rejections = caused.filter { $0.routingKey == "speakers.CommandRejected" }
            #expect(decisive.count + rejections.count == 1, "one answer per command")
            outcomes += decisive.map(\.routingKey)
            for rejection in rejections {
                #expect(rejection.string("reason") == "already_answered")
                #expect(rejection.string("commandType") == "RespondToInvitation")
            }
        }
        #expect(outcomes.count == 1)
        let winner = try #require(outcomes.first)
        #expect(system.published("speakers.SpeakerConfirmed").count + system.published("speakers.SpeakerDeclined").count == 1)
        #expect(system.published("speakers.CommandRejected").count == answers.count - 1)
        let stored = try await saga.invitation(ada, talk)
        #expect(stored == (winner == "speakers.SpeakerConfirmed" ? "confirmed" : "declined"))
        #expect(try await saga.availability(ada) == (stored == "confirmed" ? "confirmed" : "available"))
        // Events saw the one outcome.
        try await eventually("events slot \(stored ?? "?")") {
            try await system.count(
                .events, "SELECT count(*) FROM session_speaker_slots WHERE session_id = $1 AND status = $2", [talk, stored]
            ) == 1
        }
        #expect(system.contractProblems() == [])
        try await system.tearDown()
    }

    // MARK: 5. the company race

    @Test func speakerRegisteredRightAfterItsCompanyIsAccepted() async throws {
        let system = try await SystemFixture.start([.companies, .events, .speakers], environment: Self.fastTimers)
        let saga = Saga(system)
        // CreateCompany and RegisterSpeaker back to back, no wait in between:
        // speakers may see the command before companies' CompanyCreated.
        let companies = (0..<3).map { _ in Identifier() }
        var registrations: [(speaker: Identifier, command: Identifier)] = []
        for companyId in companies {
            try await system.send(
                .command("CreateCompany", to: "companies"),
                CreateCompany(
                    companyId: companyId, name: "Race \(Saga.tag())", displayName: "Race", industry: "Software", createdBy: Identifier()
                )
            )
            let speaker = Identifier()
            let command = try await system.send(
                .command("RegisterSpeaker", to: "speakers"),
                RegisterSpeaker(speakerId: speaker, email: "\(Saga.tag())@race.example", firstName: "Rita", lastName: "Race", companyId: companyId)
            )
            registrations.append((speaker, command))
        }
        for (speaker, command) in registrations {
            let answer = try await system.answers(to: command)
            #expect(answer.map(\.routingKey) == ["speakers.SpeakerRegistered"])
            try await eventually("speaker \(speaker) verified") {
                try await system.count(.speakers, "SELECT count(*) FROM speakers WHERE id = $1 AND company_verified", [speaker]) == 1
            }
        }
        // A company that never arrives is reported once the grace period is over;
        // the verified ones never are.
        let orphan = try await saga.register(company: Identifier())
        let unresolved = try await system.wait(for: "speakers.SpeakerCompanyUnresolved", timeout: .seconds(20))
        #expect(unresolved.map { $0.uuid("speakerId") } == [orphan])
        #expect(try await system.count(.speakers, "SELECT count(*) FROM speakers WHERE id = $1 AND NOT company_verified", [orphan]) == 1)
        #expect(system.published("speakers.CommandRejected").isEmpty)
        #expect(system.contractProblems() == [])
        try await system.tearDown()
    }

    // MARK: 6. every rejection path through the real workers

    @Test func everyBrokenRuleIsRejectedWithItsReasonAndNothingWritten() async throws {
        // Default timer settings: no timer fires while the snapshot is compared.
        let system = try await SystemFixture.start([.events, .speakers])
        let saga = Saga(system)
        let eventNumber = Int.random(in: 1_000...1_000_000)
        let event = try await saga.createEvent(number: eventNumber)
        let session = try await saga.schedule(event, "keynote", at: 9)
        let email = "Ada.\(Saga.tag())@Example.org"
        let ada = try await saga.register(company: Identifier(), email: email)
        try await saga.invite(ada, to: session, deadline: Saga.inOneHour())
        try await saga.respond(ada, session, "accept", expecting: "speakers.SpeakerConfirmed")
        // Let the saga settle before the snapshot: events drafted the agenda,
        // speakers announced Ada's availability.
        try await system.wait(for: "events.EventStatusChanged") { $0.uuid("eventId") == event && $0.string("to") == "agenda_draft" }
        try await system.wait(for: "speakers.SpeakerAvailabilityChanged") {
            $0.uuid("speakerId") == ada && $0.string("availability") == "confirmed"
        }
        try await eventually("events row in agenda_draft") { try await saga.eventStatus(event) == "agenda_draft" }
        let nobody = Identifier()
        let long256 = String(repeating: "x", count: 256)
        let start = Saga.day.addingTimeInterval(14 * 3600)
        func createEvent(
            number: Int = Int.random(in: 1_000_001...2_000_000_000), title: String = "Rejected", venueName: String = "Kornhaus",
            date: Date = Saga.day, deadline: Date = Saga.day.addingTimeInterval(-86_400), capacity: Int = 100
        ) -> CreateEvent {
            CreateEvent(
                eventNumber: number, title: title, eventDate: date, registrationDeadline: deadline, venueName: venueName,
                venueAddress: "Bern", venueCapacity: capacity, organizerId: Identifier()
            )
        }
        func scheduleSession(
            event: Identifier, type: String = "presentation", end: Date = start.addingTimeInterval(3600),
            room: String? = nil, capacity: Int? = nil
        ) -> ScheduleSession {
            ScheduleSession(
                eventId: event, title: "Rejected", sessionType: type, startTime: start, endTime: end, room: room, capacity: capacity
            )
        }
        let events = "events"
        let speakers = "speakers"
        let cases: [RejectionCase] = [
            // unknown event, session or speaker
            .init(
                "status of unknown event", events, "ChangeEventStatus", "unknown_event", ChangeEventStatus(eventId: nobody, status: "topic_defined")),
            .init("session in unknown event", events, "ScheduleSession", "unknown_event", scheduleSession(event: nobody)),
            .init(
                "reschedule unknown session", events, "RescheduleSession", "unknown_session",
                RescheduleSession(sessionId: nobody, startTime: start, endTime: start.addingTimeInterval(60))),
            .init("cancel unknown session", events, "CancelSession", "unknown_session", CancelSession(sessionId: nobody, reason: "none")),
            .init(
                "invite to unknown session", speakers, "InviteSpeaker", "unknown_session",
                InviteSpeaker(speakerId: ada, sessionId: nobody, role: "primary_speaker")),
            .init(
                "invite unknown speaker", speakers, "InviteSpeaker", "unknown_speaker",
                InviteSpeaker(speakerId: nobody, sessionId: session, role: "primary_speaker")),
            .init(
                "answer of unknown speaker", speakers, "RespondToInvitation", "unknown_speaker",
                RespondToInvitation(speakerId: nobody, sessionId: session, response: "accept")),
            .init(
                "withdraw unknown speaker", speakers, "WithdrawSpeaker", "unknown_speaker",
                WithdrawSpeaker(speakerId: nobody, sessionId: session, reason: "gone")),
            // duplicates
            .init("duplicate event number", events, "CreateEvent", "duplicate_event_number", createEvent(number: eventNumber)),
            .init(
                "duplicate email, other case", speakers, "RegisterSpeaker", "duplicate_email",
                RegisterSpeaker(email: email.uppercased(), firstName: "Ada", lastName: "Twin", companyId: Identifier())),
            // time and number rules
            .init(
                "session ends before it starts", events, "ScheduleSession", "end_before_start",
                scheduleSession(event: event, end: start.addingTimeInterval(-60))),
            .init(
                "reschedule ends before it starts", events, "RescheduleSession", "end_before_start",
                RescheduleSession(sessionId: session, startTime: start, endTime: start)),
            .init(
                "deadline after event date", events, "CreateEvent", "deadline_after_event_date",
                createEvent(deadline: Saga.day.addingTimeInterval(86_400))),
            .init("venue capacity zero", events, "CreateEvent", "invalid_capacity", createEvent(capacity: 0)),
            .init("session capacity negative", events, "ScheduleSession", "invalid_capacity", scheduleSession(event: event, capacity: -5)),
            // vocabulary
            .init(
                "agenda_draft to archived", events, "ChangeEventStatus", "invalid_status_transition",
                ChangeEventStatus(eventId: event, status: "archived")),
            .init("unknown status", events, "ChangeEventStatus", "invalid_status", ChangeEventStatus(eventId: event, status: "festive")),
            .init("unknown session type", events, "ScheduleSession", "invalid_session_type", scheduleSession(event: event, type: "lecture")),
            .init("unknown role", speakers, "InviteSpeaker", "invalid_role", InviteSpeaker(speakerId: ada, sessionId: session, role: "keynoter")),
            .init(
                "unknown response", speakers, "RespondToInvitation", "invalid_response",
                RespondToInvitation(speakerId: ada, sessionId: session, response: "maybe")),
            .init(
                "decline without reason", speakers, "RespondToInvitation", "reason_required",
                RespondToInvitation(speakerId: ada, sessionId: session, response: "decline")),
            .init(
                "second answer", speakers, "RespondToInvitation", "already_answered",
                RespondToInvitation(speakerId: ada, sessionId: session, response: "decline", reason: "changed my mind")),
            .init(
                "invalid email", speakers, "RegisterSpeaker", "invalid_email",
                RegisterSpeaker(email: "not-an-address", firstName: "No", lastName: "Mail", companyId: Identifier())),
            // over-long fields (the seed schema's lengths)
            .init("event title 256", events, "CreateEvent", "title_too_long", createEvent(title: long256)),
            .init("venue name 256", events, "CreateEvent", "venue_name_too_long", createEvent(venueName: long256)),
            .init("room 101", events, "ScheduleSession", "room_too_long", scheduleSession(event: event, room: String(repeating: "r", count: 101))),
            .init(
                "first name 101", speakers, "RegisterSpeaker", "first_name_too_long",
                RegisterSpeaker(
                    email: "\(Saga.tag())@long.example", firstName: String(repeating: "f", count: 101), lastName: "L", companyId: Identifier())),
            .init(
                "email 256", speakers, "RegisterSpeaker", "email_too_long",
                RegisterSpeaker(email: String(repeating: "e", count: 244) + "@example.org", firstName: "E", lastName: "L", companyId: Identifier())),
            .init(
                "presentation title 256", speakers, "InviteSpeaker", "presentation_title_too_long",
                InviteSpeaker(speakerId: ada, sessionId: session, role: "co_speaker", presentationTitle: long256)),
        ]

        // Everything the two contexts hold, before and after.
        let before = try await saga.snapshot()
        let published = system.published.count
        var sent: [(RejectionCase, Identifier)] = []
        for rejection in cases { sent.append((rejection, try await rejection.send(system))) }
        for (rejection, id) in sent {
            let answer = try await system.answers(to: id)
            let rejected = answer.filter { $0.routingKey == "\(rejection.context).CommandRejected" }
            #expect(answer.count == 1 && rejected.count == 1, "\(rejection.name): \(answer.map(\.routingKey))")
            #expect(rejected.first?.string("reason") == rejection.reason, "\(rejection.name)")
            #expect(rejected.first?.string("commandType") == rejection.command, "\(rejection.name)")
            #expect(rejected.first?.header.aggregateId.isEmpty == false, "\(rejection.name)")
        }
        // Nothing but the rejections was published, nothing written, no timer set.
        #expect(system.published.count == published + cases.count)
        #expect(try await saga.snapshot() == before)
        #expect(system.contractProblems() == [])
        try await system.tearDown()
    }
}

// MARK: - helpers

/// One command that must be refused with `reason`.
struct RejectionCase: Sendable {
    let name: String
    let context: String
    let command: String
    let reason: String
    let send: @Sendable (SystemFixture) async throws -> Identifier

    init<P: Codable & Sendable>(_ name: String, _ context: String, _ command: String, _ reason: String, _ data: P) {
        self.name = name
        self.context = context
        self.command = command
        self.reason = reason
        send = { system in try await system.send(.command(command, to: context), data) }
    }
}

/// The saga's commands as a client sends them, each awaited until the event
/// that carries it out (a rejection fails the test).
struct Saga {
    let system: SystemFixture
    init(_ system: SystemFixture) { self.system = system }

    /// Midnight (UTC) 60 days ahead: sessions lie well in the future.
    static let day: Date = {
        let now = Date().timeIntervalSince1970
        return Date(timeIntervalSince1970: (now / 86_400).rounded(.down) * 86_400 + 60 * 86_400)
    }()

    /// A response deadline the test never reaches, whole milliseconds.
    static func inOneHour() -> Date {
        Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 3600).rounded(.down))
    }

    static func tag() -> String { String(Identifier().description.suffix(12)) }

    struct Rejected: Error, CustomStringConvertible {
        let description: String
    }

    @discardableResult
    func expect<P: Codable & Sendable>(_ key: MessageKey, _ data: P, _ routingKey: String) async throws -> PublishedEvent {
        let id = try await system.send(key, data)
        let rejected = "\(key.context).CommandRejected"
        try await eventually("\(routingKey) for \(key)") {
            system.caused(by: id).contains { $0.routingKey == routingKey || $0.routingKey == rejected }
        }
        let caused = system.caused(by: id)
        if let rejection = caused.first(where: { $0.routingKey == rejected }) {
            throw Rejected(description: "\(key) rejected: \(rejection.string("reason") ?? "?") \(rejection.string("message") ?? "")")
        }
        return try #require(caused.first { $0.routingKey == routingKey })
    }

    /// Sends a command that must be rejected; returns the rejection.
    func rejection<P: Codable & Sendable>(_ key: MessageKey, _ data: P) async throws -> CommandRejected {
        let id = try await system.send(key, data)
        let answer = try await system.answers(to: id)
        #expect(answer.count == 1)
        let rejection = try #require(answer.first { $0.routingKey == "\(key.context).CommandRejected" })
        return try rejection.decode(CommandRejected.self)
    }

    func createCompany() async throws -> Identifier {
        let id = Identifier()
        try await expect(
            .command("CreateCompany", to: "companies"),
            CreateCompany(companyId: id, name: "Saga \(Self.tag())", displayName: "Saga", industry: "Software", createdBy: Identifier()),
            "companies.CompanyCreated"
        )
        return id
    }

    func createEvent(number: Int = Int.random(in: 1_000...1_000_000)) async throws -> Identifier {
        let created = try await expect(
            .command("CreateEvent", to: "events"),
            CreateEvent(
                eventNumber: number, title: "BATbern \(number)", eventDate: Self.day,
                registrationDeadline: Self.day.addingTimeInterval(-7 * 86_400), venueName: "Kornhausforum",
                venueAddress: "Kornhausplatz 18, 3011 Bern", venueCapacity: 200, organizerId: Identifier()
            ),
            "events.EventCreated"
        )
        #expect(created.string("status") == "planning")
        return try #require(created.uuid("eventId"))
    }

    /// Schedules an hour-long session starting at `hour` on the event's day
    /// and waits until speakers has its copy (an invitation needs it).
    func schedule(_ eventId: Identifier, _ type: String, at hour: Double) async throws -> Identifier {
        let start = Self.day.addingTimeInterval(hour * 3600)
        let scheduled = try await expect(
            .command("ScheduleSession", to: "events"),
            ScheduleSession(
                eventId: eventId, title: "\(type) at \(hour)", sessionType: type,
                startTime: start, endTime: start.addingTimeInterval(3600), room: "Saal"
            ),
            "events.SessionScheduled"
        )
        let id = try #require(scheduled.uuid("sessionId"))
        try await eventually("speakers knows session \(id)") {
            try await system.count(.speakers, "SELECT count(*) FROM sessions WHERE id = $1", [id]) == 1
        }
        return id
    }

    /// Schedules a presentation a few seconds ahead, lasting `seconds`, so a
    /// test can see it end, and waits until speakers has its copy.
    func scheduleSoon(_ eventId: Identifier, title: String = "Soon", lasting seconds: TimeInterval) async throws -> (id: Identifier, end: Date) {
        let start = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 8).rounded(.down))
        let end = start.addingTimeInterval(seconds)
        let id = try #require(
            try await expect(
                .command("ScheduleSession", to: "events"),
                ScheduleSession(eventId: eventId, title: title, sessionType: "presentation", startTime: start, endTime: end),
                "events.SessionScheduled"
            ).uuid("sessionId"))
        try await eventually("speakers knows session \(id)") {
            try await system.count(.speakers, "SELECT count(*) FROM sessions WHERE id = $1", [id]) == 1
        }
        return (id, end)
    }

    func register(company: Identifier, email: String? = nil) async throws -> Identifier {
        let registered = try await expect(
            .command("RegisterSpeaker", to: "speakers"),
            RegisterSpeaker(
                email: email ?? "\(Self.tag())@speakers.example", firstName: "Speaker", lastName: Self.tag(), companyId: company,
                expertiseAreas: ["Swift"]
            ),
            "speakers.SpeakerRegistered"
        )
        return try #require(registered.uuid("speakerId"))
    }

    @discardableResult
    func invite(_ speaker: Identifier, to session: Identifier, role: String = "primary_speaker", deadline: Date? = nil) async throws -> PublishedEvent
    {
        try await expect(
            .command("InviteSpeaker", to: "speakers"),
            InviteSpeaker(speakerId: speaker, sessionId: session, role: role, responseDeadline: deadline),
            "speakers.SpeakerInvited"
        )
    }

    @discardableResult
    func respond(
        _ speaker: Identifier, _ session: Identifier, _ response: String, reason: String? = nil, expecting routingKey: String
    ) async throws -> PublishedEvent {
        try await expect(
            .command("RespondToInvitation", to: "speakers"),
            RespondToInvitation(speakerId: speaker, sessionId: session, response: response, reason: reason),
            routingKey
        )
    }

    func waitReopened(_ session: Identifier, _ speaker: Identifier, cause: String) async throws {
        try await system.wait(for: "events.SpeakerSlotReopened") {
            $0.uuid("sessionId") == session && $0.uuid("speakerId") == speaker && $0.string("cause") == cause
        }
    }

    func eventStatus(_ eventId: Identifier) async throws -> String? {
        try await system.query(.events, "SELECT status FROM events WHERE id = $1", [eventId])
            .first?.decode(String.self, column: "status")
    }

    func availability(_ speaker: Identifier) async throws -> String? {
        try await system.query(.speakers, "SELECT availability FROM speakers WHERE id = $1", [speaker])
            .first?.decode(String.self, column: "availability")
    }

    func invitation(_ speaker: Identifier, _ session: Identifier) async throws -> String? {
        try await system.query(
            .speakers, "SELECT status FROM session_speakers WHERE speaker_id = $1 AND session_id = $2", [speaker, session]
        ).first?.decode(String.self, column: "status")
    }

    /// Every domain table of both contexts and the pending timers, as text.
    func snapshot() async throws -> [String] {
        let tables: [(BoundedContext, String)] = [
            (.events, "events"), (.events, "sessions"), (.events, "session_speaker_slots"), (.events, "event_seats"),
            (.speakers, "speakers"), (.speakers, "session_speakers"), (.speakers, "companies"), (.speakers, "sessions"),
            (.events, "timers"), (.speakers, "timers"),
        ]
        var result: [String] = []
        for (context, table) in tables {
            let rows = try await system.query(
                context, "SELECT coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '') AS dump FROM \(table) t"
            )
            result.append("\(context.rawValue).\(table):\n" + (try rows.first?.decode(String.self, column: "dump") ?? ""))
        }
        return result
    }
}
