import Foundation
import Identifiers
import Messaging
import Postgres
import TestSupport
import Testing

@testable import Speakers

/// The speakers worker against a real database, through the kernel's
/// processor, with second-scale reminder offsets.
@Suite struct SpeakersHandlerTests {
    /// Deadline 20 s after the invitation; reminders 12, 6 and 3 s before it.
    static let settings = SpeakersSettings(responseWindow: 20, reminderOffsets: [12, 6, 3], companyGracePeriod: 60)

    func harness() async throws -> HandlerHarness {
        try await HandlerHarness.start(worker: SpeakersWorker.definition(Self.settings), context: "speakers")
    }

    func reason(_ r: HarnessResult) -> String? {
        if case .rejected(let rejected) = r.outcome { return rejected.reason }
        return nil
    }

    /// Registers a speaker; the company is announced first unless `knownCompany` is false.
    func register(
        _ h: HandlerHarness, email: String? = nil, company: Identifier = Identifier(), knownCompany: Bool = true, at time: Date = t0
    ) async throws -> Identifier {
        let id = Identifier()
        if knownCompany {
            _ = try await h.send(.event("CompanyCreated", from: "companies"), data: CompanyCreated(companyId: company, name: "Acme AG"), now: time)
        }
        let r = try await h.send(
            .command("RegisterSpeaker", to: "speakers"),
            data: RegisterSpeaker(
                speakerId: id, email: email ?? "\(id.description.suffix(12))@example.ch", firstName: "Ada", lastName: "Lovelace",
                companyId: company
            ), now: time)
        #expect(r.outcome == .handled)
        return id
    }

    /// events' SessionScheduled for a session `hour` hours into day 60.
    func session(_ h: HandlerHarness, hour: Double = 9, minutes: Double = 60, event: Identifier = Identifier()) async throws -> Identifier {
        let id = Identifier()
        let start = t0 + 60 * day + hour * 3600
        _ = try await h.send(
            .event("SessionScheduled", from: "events"),
            data: SessionTimetabled(
                sessionId: id, eventId: event, sessionType: .keynote, startTime: start, endTime: start + minutes * 60
            ), now: t0)
        return id
    }

    func invite(_ h: HandlerHarness, _ speaker: Identifier, _ session: Identifier, role: String = "primary_speaker", at time: Date = t0) async throws
        -> HarnessResult
    {
        try await h.send(
            .command("InviteSpeaker", to: "speakers"), data: InviteSpeaker(speakerId: speaker, sessionId: session, role: role), now: time)
    }

    func respond(_ h: HandlerHarness, _ speaker: Identifier, _ session: Identifier, _ response: String, reason: String? = nil, at time: Date = t0 + 1)
        async throws -> HarnessResult
    {
        try await h.send(
            .command("RespondToInvitation", to: "speakers"),
            data: RespondToInvitation(
                speakerId: speaker, sessionId: session, response: response, reason: reason
            ), now: time)
    }

    func status(_ h: HandlerHarness, _ speaker: Identifier, _ session: Identifier) async throws -> String? {
        try await h.query("SELECT status FROM session_speakers WHERE speaker_id = $1 AND session_id = $2", [speaker, session])
            .first?.decode(String.self, column: "status")
    }

    func availability(_ h: HandlerHarness, _ speaker: Identifier) async throws -> String? {
        try await h.query("SELECT availability FROM speakers WHERE id = $1", [speaker]).first?.decode(String.self, column: "availability")
    }

    @Test func registrationAndItsRules() async throws {
        let h = try await harness()
        defer { Task { try? await h.drop() } }
        let id = Identifier()
        let company = Identifier()
        let r = try await h.send(
            .command("RegisterSpeaker", to: "speakers"),
            data: RegisterSpeaker(
                speakerId: id, email: "Grace@Example.ch", firstName: "Grace", lastName: "Hopper", companyId: company,
                expertiseAreas: ["COBOL", "compilers"]
            ), now: t0)
        let registered = try #require(try r.messages("speakers.SpeakerRegistered").first?.decode(SpeakerRegistered.self))
        #expect(registered.speakerId == id && registered.availability == "available" && registered.expertiseAreas == ["COBOL", "compilers"])
        let duplicate = try await h.send(
            .command("RegisterSpeaker", to: "speakers"),
            data: RegisterSpeaker(
                email: "grace@EXAMPLE.ch", firstName: "G", lastName: "H", companyId: company
            ), now: t0)
        #expect(reason(duplicate) == "duplicate_email")
        let bad = try await h.send(
            .command("RegisterSpeaker", to: "speakers"),
            data: RegisterSpeaker(
                email: "not-an-email", firstName: "G", lastName: "H", companyId: company
            ), now: t0)
        #expect(reason(bad) == "invalid_email")
        #expect(try await h.query("SELECT count(*) AS n FROM speakers")[0].decode(Int.self, column: "n") == 1)
    }

    @Test func aSpeakerOfACompanyNotYetKnownIsAcceptedAndVerifiedWhenTheCompanyArrives() async throws {
        let h = try await harness()
        defer { Task { try? await h.drop() } }
        let company = Identifier()
        let speaker = try await register(h, company: company, knownCompany: false)
        #expect(
            try await h.query("SELECT company_verified FROM speakers WHERE id = $1", [speaker])[0].decode(Bool.self, column: "company_verified")
                == false)
        let arrived = try await h.send(
            .event("CompanyCreated", from: "companies"),
            data: CompanyCreated(
                companyId: company, name: "Acme AG", isPartner: true, displayName: "Acme", industry: "IT", employeeCount: 40
            ), now: t0 + 1)
        #expect(arrived.cancelledTimerKeys == [SpeakerHandlers.companyTimerKey(speaker)])
        #expect(try await h.query("SELECT company_verified FROM speakers WHERE id = $1", [speaker])[0].decode(Bool.self, column: "company_verified"))
        #expect(try await h.runTimers(upTo: t0 + 120).isEmpty)
        // With the company known at registration there is nothing to check.
        let known = try await h.send(
            .command("RegisterSpeaker", to: "speakers"),
            data: RegisterSpeaker(
                email: "x@acme.ch", firstName: "X", lastName: "Y", companyId: company
            ), now: t0 + 2)
        #expect(known.scheduled.isEmpty)
    }

    @Test func aCompanyThatNeverArrivesIsReportedAfterTheGracePeriod() async throws {
        let h = try await harness()
        defer { Task { try? await h.drop() } }
        let company = Identifier()
        let speaker = try await register(h, company: company, knownCompany: false)
        #expect(try await h.runTimers(upTo: t0 + 59).isEmpty)
        let fired = try await h.runTimers(upTo: t0 + 60)
        let unresolved = try #require(try fired.first?.messages("speakers.SpeakerCompanyUnresolved").first?.decode(SpeakerCompanyUnresolved.self))
        #expect(unresolved == SpeakerCompanyUnresolved(speakerId: speaker, companyId: company))
    }

    @Test func remindersThenExpiryThenReinvitationAndConfirmation() async throws {
        let h = try await harness()
        defer { Task { try? await h.drop() } }
        let speaker = try await register(h)
        let event = Identifier()
        let session = try await session(h, event: event)

        let invited = try await invite(h, speaker, session)
        let message = try #require(try invited.messages("speakers.SpeakerInvited").first?.decode(SpeakerInvited.self))
        #expect(message.eventId == event && message.role == "primary_speaker" && message.invitedAt == t0)
        #expect(message.responseDeadline == t0 + 20)
        #expect(invited.scheduled.map(\.dueAt) == [t0 + 8, t0 + 14, t0 + 17, t0 + 20])
        #expect(Set(invited.scheduled.map(\.key)).count == 1)
        #expect(try invited.messages("speakers.SpeakerAvailabilityChanged").first?.decode(SpeakerAvailabilityChanged.self).availability == "invited")

        // A repeat answers with the existing invitation and sets no new timers.
        let repeated = try await invite(h, speaker, session, at: t0 + 1)
        #expect(try repeated.messages("speakers.SpeakerInvited").first?.decode(SpeakerInvited.self).invitedAt == t0)
        #expect(repeated.scheduled.isEmpty)

        let firstReminder = try await h.runTimers(upTo: t0 + 8)
        #expect(firstReminder.count == 1)
        #expect(
            try firstReminder[0].messages("speakers.SpeakerInvitationReminderDue").first?.decode(SpeakerInvitationReminderDue.self)
                == SpeakerInvitationReminderDue(speakerId: speaker, sessionId: session, daysLeft: 1, responseDeadline: t0 + 20))
        let rest = try await h.runTimers(upTo: t0 + 20)
        #expect(rest.flatMap { $0.messages("speakers.SpeakerInvitationReminderDue") }.count == 2)
        let expired = try #require(rest.flatMap { $0.messages("speakers.SpeakerInvitationExpired") }.first)
        #expect(try expired.decode(SpeakerInvitationExpired.self).responseDeadline == t0 + 20)
        #expect(try await status(h, speaker, session) == "expired")
        #expect(try await availability(h, speaker) == "available")
        #expect(
            try await h.query("SELECT reminders_sent FROM session_speakers WHERE speaker_id = $1", [speaker])[0].decode(
                Int.self, column: "reminders_sent") == 3)

        // Answering after expiry is too late.
        #expect(reason(try await respond(h, speaker, session, "accept", at: t0 + 21)) == "already_answered")

        // Re-invited: the same row, new timers; accepting cancels them.
        let again = try await invite(h, speaker, session, at: t0 + 30)
        #expect(again.scheduled.count == 4)
        let accepted = try await respond(h, speaker, session, "accept", at: t0 + 31)
        #expect(try accepted.messages("speakers.SpeakerConfirmed").first?.decode(SpeakerConfirmed.self).eventId == event)
        #expect(accepted.cancelledTimerKeys.contains(again.scheduled[0].key))
        #expect(accepted.scheduled.map(\.message.messageType) == ["RefreshSpeakerAvailability"])
        #expect(try await availability(h, speaker) == "confirmed")
        #expect(try await h.runTimers(upTo: t0 + 50).isEmpty)
        #expect(
            try await h.query("SELECT count(*) AS n FROM session_speakers WHERE speaker_id = $1", [speaker])[0].decode(Int.self, column: "n") == 1)

        // When the session is over, the speaker is available again.
        let ended = try await h.runTimers(upTo: t0 + 60 * day + 10 * 3600)
        #expect(
            try ended.first?.messages("speakers.SpeakerAvailabilityChanged").first?.decode(SpeakerAvailabilityChanged.self).availability
                == "available")
    }

    @Test func answersAndTheirRules() async throws {
        let h = try await harness()
        defer { Task { try? await h.drop() } }
        let speaker = try await register(h)
        let session = try await session(h)
        #expect(reason(try await respond(h, speaker, session, "accept")) == "unknown_invitation")
        _ = try await invite(h, speaker, session)
        #expect(reason(try await respond(h, speaker, session, "decline")) == "reason_required")
        #expect(reason(try await respond(h, speaker, session, "perhaps")) == "invalid_response")
        #expect(reason(try await respond(h, Identifier(), session, "accept")) == "unknown_speaker")
        let tentative = try await respond(h, speaker, session, "tentative", reason: "checking")
        #expect(try tentative.messages("speakers.SpeakerTentative").first?.decode(SpeakerTentative.self).reason == "checking")
        #expect(tentative.cancelledTimerKeys.isEmpty)
        let declined = try await respond(h, speaker, session, "decline", reason: "on holiday", at: t0 + 2)
        #expect(try declined.messages("speakers.SpeakerDeclined").first?.decode(SpeakerDeclined.self).reason == "on holiday")
        #expect(declined.cancelledTimerKeys.count == 1)
        #expect(reason(try await respond(h, speaker, session, "accept", at: t0 + 3)) == "already_answered")
        #expect(try await h.runTimers(upTo: t0 + 100).isEmpty)
        let row = try await h.query("SELECT decline_reason, declined_at, is_confirmed FROM session_speakers WHERE speaker_id = $1", [speaker])[0]
        #expect(try row.decode(String.self, column: "decline_reason") == "on holiday")
        #expect(try row.decode(Bool.self, column: "is_confirmed") == false)
        #expect(reason(try await invite(h, speaker, Identifier())) == "unknown_session")
        #expect(reason(try await invite(h, Identifier(), session)) == "unknown_speaker")
        #expect(reason(try await invite(h, speaker, session, role: "host")) == "invalid_role")
    }

    /// One invitation is one aggregate: every event about it (invited,
    /// tentative, confirmed, declined) carries the same aggregate id, in the
    /// lowercase form, so ordering and locks treat it as one.
    @Test func everyEventOfAnInvitationCarriesItsLowercaseAggregateId() async throws {
        let h = try await harness()
        defer { Task { try? await h.drop() } }
        let speaker = try await register(h)
        for (index, answer) in ["accept", "decline"].enumerated() {
            let session = try await session(h, hour: Double(9 + 2 * index))
            let invited = try await invite(h, speaker, session)
            let tentative = try await respond(h, speaker, session, "tentative", reason: "checking", at: t0 + 1)
            let answered = try await respond(h, speaker, session, answer, reason: "no", at: t0 + 2)
            let events = (invited.published + tentative.published + answered.published).filter { $0.header.aggregateType == "SessionSpeaker" }
            #expect(
                events.map(\.routingKey) == [
                    "speakers.SpeakerInvited", "speakers.SpeakerTentative",
                    answer == "accept" ? "speakers.SpeakerConfirmed" : "speakers.SpeakerDeclined",
                ])
            let ids = Set(events.map(\.header.aggregateId))
            #expect(ids.count == 1, "\(answer): \(ids)")
            #expect(ids.allSatisfy { $0 == $0.lowercased() }, "\(answer): \(ids)")
        }
    }

    @Test func overlappingSessionsAreNotDoubleBooked() async throws {
        let h = try await harness()
        defer { Task { try? await h.drop() } }
        let speaker = try await register(h)
        let morning = try await session(h, hour: 9)
        let overlapping = try await session(h, hour: 9.5)
        let later = try await session(h, hour: 9.5)
        _ = try await invite(h, speaker, morning)
        _ = try await invite(h, speaker, overlapping)
        #expect(reason(try await respond(h, speaker, morning, "accept")) == nil)
        #expect(reason(try await respond(h, speaker, overlapping, "accept", at: t0 + 2)) == "double_booked")
        #expect(try await status(h, speaker, overlapping) == "invited")
        #expect(reason(try await invite(h, speaker, later, at: t0 + 3)) == "schedule_conflict")
        // Withdrawing frees the time.
        let withdrew = try await h.send(
            .command("WithdrawSpeaker", to: "speakers"),
            data: WithdrawSpeaker(
                speakerId: speaker, sessionId: morning, reason: "ill"
            ), now: t0 + 4)
        #expect(try withdrew.messages("speakers.SpeakerWithdrew").first?.decode(SpeakerWithdrew.self).reason == "ill")
        #expect(reason(try await respond(h, speaker, overlapping, "accept", at: t0 + 5)) == nil)
    }

    @Test func aCancelledSessionReleasesEveryAssignment() async throws {
        let h = try await harness()
        defer { Task { try? await h.drop() } }
        let confirmedSpeaker = try await register(h)
        let invitedSpeaker = try await register(h)
        let declinedSpeaker = try await register(h)
        let event = Identifier()
        let session = try await session(h, event: event)
        for speaker in [confirmedSpeaker, invitedSpeaker, declinedSpeaker] { _ = try await invite(h, speaker, session) }
        _ = try await respond(h, confirmedSpeaker, session, "accept")
        _ = try await respond(h, declinedSpeaker, session, "decline", reason: "no")
        let cancelled = try await h.send(
            .event("SessionCancelled", from: "events"),
            data: SessionCancelled(
                sessionId: session, eventId: event, reason: "venue closed"
            ), now: t0 + 5)
        let released = try cancelled.messages("speakers.SpeakerReleased").map { try $0.decode(SpeakerReleased.self) }
        #expect(Set(released.map(\.speakerId)) == [confirmedSpeaker, invitedSpeaker])
        #expect(released.allSatisfy { $0.reason == "session_cancelled" && $0.eventId == event })
        #expect(cancelled.cancelledTimerKeys.count == 4)
        #expect(try await availability(h, confirmedSpeaker) == "available")
        #expect(try await availability(h, invitedSpeaker) == "available")
        #expect(try await status(h, declinedSpeaker, session) == "declined")
        #expect(reason(try await invite(h, confirmedSpeaker, session, at: t0 + 6)) == "session_cancelled")
        #expect(try await h.runTimers(upTo: t0 + 100).allSatisfy { $0.published.isEmpty })
    }

    @Test func aRescheduleIntoAnotherConfirmedSessionReleasesWithConflict() async throws {
        let h = try await harness()
        defer { Task { try? await h.drop() } }
        let speaker = try await register(h)
        let colleague = try await register(h)
        let first = try await session(h, hour: 9)
        let event = Identifier()
        let second = try await session(h, hour: 13, event: event)
        _ = try await invite(h, speaker, first)
        _ = try await invite(h, speaker, second)
        _ = try await invite(h, colleague, second)
        _ = try await respond(h, speaker, first, "accept")
        _ = try await respond(h, speaker, second, "accept")
        _ = try await respond(h, colleague, second, "accept")
        let start = t0 + 60 * day + 9.5 * 3600
        let moved = try await h.send(
            .event("SessionRescheduled", from: "events"),
            data: SessionTimetabled(
                sessionId: second, eventId: event, sessionType: .keynote, startTime: start, endTime: start + 3600
            ), now: t0 + 10)
        let released = try moved.messages("speakers.SpeakerReleased").map { try $0.decode(SpeakerReleased.self) }
        #expect(released == [SpeakerReleased(speakerId: speaker, sessionId: second, eventId: event, role: "primary_speaker", reason: "conflict")])
        #expect(try await status(h, speaker, first) == "confirmed")
        #expect(try await status(h, colleague, second) == "confirmed")
        #expect(try await availability(h, speaker) == "confirmed")
        // The colleague's end-of-session timer follows the new time.
        #expect(moved.scheduled.map(\.dueAt) == [start + 3600])
        // An older timetable arriving late changes nothing.
        let stale = try await h.send(
            .event("SessionRescheduled", from: "events"),
            data: SessionTimetabled(
                sessionId: second, eventId: event, sessionType: .keynote, startTime: t0 + 61 * day, endTime: t0 + 61 * day + 60
            ), now: t0 + 9)
        #expect(stale.published.isEmpty)
        let row = try await h.query("SELECT start_time FROM sessions WHERE id = $1", [second])[0]
        #expect(try row.decode(Date.self, column: "start_time") == start)
    }

    @Test func aCancellationBeforeTheSessionIsKnownIsRetried() async throws {
        let h = try await harness()
        defer { Task { try? await h.drop() } }
        let r = try await h.send(
            .event("SessionCancelled", from: "events"),
            data: SessionCancelled(
                sessionId: Identifier(), eventId: Identifier(), reason: "x"
            ), now: t0)
        guard case .failed = r.outcome else {
            Issue.record("expected a failure to retry, got \(r.outcome)")
            return
        }
    }

    @Test func availabilityCanBeSetAndIsOverriddenByInvitations() async throws {
        let h = try await harness()
        defer { Task { try? await h.drop() } }
        let speaker = try await register(h)
        let set = try await h.send(
            .command("SetSpeakerAvailability", to: "speakers"),
            data: SetSpeakerAvailability(
                speakerId: speaker, availability: "busy"
            ), now: t0)
        #expect(
            try set.messages("speakers.SpeakerAvailabilityChanged").first?.decode(SpeakerAvailabilityChanged.self)
                == SpeakerAvailabilityChanged(speakerId: speaker, availability: "busy", baseAvailability: "busy"))
        let session = try await session(h)
        _ = try await invite(h, speaker, session)
        #expect(try await availability(h, speaker) == "invited")
        _ = try await respond(h, speaker, session, "decline", reason: "busy")
        #expect(try await availability(h, speaker) == "busy")
        #expect(
            reason(
                try await h.send(
                    .command("SetSpeakerAvailability", to: "speakers"),
                    data: SetSpeakerAvailability(
                        speakerId: speaker, availability: "confirmed"
                    ), now: t0)) == "invalid_availability")
    }

    /// Two answers to the same invitation handled at the same moment on two
    /// connections: one wins, the other is told it was already answered.
    @Test func concurrentAnswersToOneInvitationAreAnsweredOnce() async throws {
        let h = try await harness()
        defer { Task { try? await h.drop() } }
        var configuration = try PostgresConnection.Configuration(url: TestServers.postgresURL)
        configuration.searchPath = h.schema
        let laneConfiguration = configuration
        for round in 0..<5 {
            let speaker = try await register(h)
            let session = try await session(h, hour: Double(round))
            _ = try await invite(h, speaker, session)
            let answers = [("accept", nil), ("decline", "changed my mind")] as [(String, String?)]
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for (response, reason) in answers {
                    group.addTask {
                        let connection = try await PostgresConnection.connect(laneConfiguration)
                        let envelope = Envelope(
                            aggregateId: speaker.description, aggregateType: "SessionSpeaker", eventType: "RespondToInvitation",
                            occurredAt: t0 + 1,
                            data: RespondToInvitation(speakerId: speaker, sessionId: session, response: response, reason: reason)
                        )
                        let prepared = h.processor.prepare(
                            IncomingDelivery(
                                body: try MessageCoding.encode(envelope), routingKey: "speakers.RespondToInvitation"
                            ))
                        let outcome = try await h.processor.process([prepared], now: t0 + 1, on: connection)[0]
                        await connection.close()
                        guard case .handled(let effects) = outcome else { return "not handled: \(outcome)" }
                        return effects.rejection?.reason ?? response
                    }
                }
                var all: [String] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            #expect(outcomes.filter { $0 == "already_answered" }.count == 1, "round \(round): \(outcomes)")
            let winner = outcomes.first { $0 != "already_answered" }
            let stored = try await status(h, speaker, session)
            #expect((winner == "accept" && stored == "confirmed") || (winner == "decline" && stored == "declined"))
        }
    }

    /// RegisterSpeaker and CompanyCreated of the same company on two
    /// connections at the same moment: the speaker ends up verified every time
    /// (without the company lock, neither saw the other's uncommitted row).
    @Test func registrationRacingItsCompanyEndsVerified() async throws {
        let h = try await harness()
        defer { Task { try? await h.drop() } }
        var configuration = try PostgresConnection.Configuration(url: TestServers.postgresURL)
        configuration.searchPath = h.schema
        let laneConfiguration = configuration
        for round in 0..<8 {
            let company = Identifier()
            let speaker = Identifier()
            let register = try MessageCoding.encode(
                Envelope(
                    aggregateId: speaker.description, aggregateType: "Speaker", eventType: "RegisterSpeaker", occurredAt: t0,
                    data: RegisterSpeaker(
                        speakerId: speaker, email: "race\(round)-\(speaker.description.suffix(12))@example.ch",
                        firstName: "Rita", lastName: "Race", companyId: company)
                ))
            let created = try MessageCoding.encode(
                Envelope(
                    aggregateId: company.description, aggregateType: "Company", eventType: "CompanyCreated", occurredAt: t0,
                    data: CompanyCreated(companyId: company, name: "Race AG")
                ))
            let deliveries = [
                IncomingDelivery(body: register, routingKey: "speakers.RegisterSpeaker"),
                IncomingDelivery(body: created, routingKey: "companies.CompanyCreated"),
            ]
            try await withThrowingTaskGroup(of: Void.self) { group in
                for delivery in deliveries {
                    group.addTask {
                        let connection = try await PostgresConnection.connect(laneConfiguration)
                        let outcome = try await h.processor.process([h.processor.prepare(delivery)], now: t0, on: connection)[0]
                        await connection.close()
                        guard case .handled = outcome else { throw HarnessFailure(description: "\(outcome)") }
                    }
                }
                try await group.waitForAll()
            }
            let verified = try await h.query("SELECT company_verified FROM speakers WHERE id = $1", [speaker])
            #expect(try verified.first?.decode(Bool.self, column: "company_verified") == true, "round \(round)")
        }
    }

    /// Should a speaker still be unverified when its company is known (a
    /// CompanyCreated that missed it), the grace timer verifies it instead of
    /// reporting the company as unresolved.
    @Test func theGraceTimerVerifiesASpeakerWhoseCompanyArrivedMeanwhile() async throws {
        let h = try await harness()
        defer { Task { try? await h.drop() } }
        let company = Identifier()
        let speaker = try await register(h, company: company, knownCompany: false)
        // The company row without the CompanyCreated handler's verification step.
        _ = try await h.query("INSERT INTO companies (id, name, display_name) VALUES ($1, 'Late AG', 'Late')", [company])
        let fired = try await h.runTimers(upTo: t0 + 60)
        #expect(fired.count == 1)
        #expect(fired.allSatisfy { $0.outcome == .handled && $0.published.isEmpty })
        let verified = try await h.query("SELECT company_verified FROM speakers WHERE id = $1", [speaker])
        #expect(try verified.first?.decode(Bool.self, column: "company_verified") == true)
    }

    /// A session type outside the contract cannot become right by retrying:
    /// parked at once, and the park error does not repeat it.
    @Test func aTimetableWithAnUnknownSessionTypeIsParkedAtOnce() async throws {
        let h = try await harness()
        defer { Task { try? await h.drop() } }
        let start = t0 + 60 * day
        let r = try await h.send(
            .event("SessionScheduled", from: "events"),
            data: TimetablePayload(
                sessionId: Identifier(), eventId: Identifier(), sessionType: "secret session", startTime: start, endTime: start + 3600
            ), now: t0)
        guard case .parked(let reason, let error) = r.outcome else {
            Issue.record("expected it parked at once, got \(r.outcome)")
            return
        }
        #expect(reason == .undecodable)
        #expect(!error.contains("secret"), "\(error)")
    }

    /// events' programme shows the title whichever of the two it reads last.
    @Test func aConfirmationCarriesTheInvitationsPresentationTitle() async throws {
        let h = try await harness()
        defer { Task { try? await h.drop() } }
        let speaker = try await register(h)
        let session = try await session(h)
        _ = try await h.send(
            .command("InviteSpeaker", to: "speakers"),
            data: InviteSpeaker(speakerId: speaker, sessionId: session, role: "primary_speaker", presentationTitle: "Swift on servers"), now: t0)
        let accepted = try await respond(h, speaker, session, "accept")
        #expect(try accepted.messages("speakers.SpeakerConfirmed").first?.decode(SpeakerConfirmed.self).presentationTitle == "Swift on servers")
    }
}

struct HarnessFailure: Error, CustomStringConvertible {
    let description: String
}
