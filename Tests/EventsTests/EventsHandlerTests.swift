import Foundation
import Identifiers
import Messaging
import Postgres
import TestSupport
import Testing

@testable import Events

/// The events worker against a real database, through the kernel's processor.
@Suite struct EventsHandlerTests {
    static let context = "events"

    func harness() async throws -> HandlerHarness {
        try await HandlerHarness.start(worker: EventsWorker.definition(), context: Self.context)
    }

    func createEvent(_ h: HandlerHarness, number: Int = Int.random(in: 1...1_000_000_000), capacity: Int = 100) async throws -> Identifier {
        let id = Identifier()
        let r = try await h.send(.command("CreateEvent", to: "events"), data: createCommand(eventId: id, number: number, capacity: capacity), now: t0)
        #expect(r.outcome == .handled)
        return id
    }

    func schedule(_ h: HandlerHarness, _ event: Identifier, _ type: String, hour: Double = 9) async throws -> Identifier {
        let id = Identifier()
        let start = t0 + 60 * day + hour * 3600
        let r = try await h.send(
            .command("ScheduleSession", to: "events"),
            data: ScheduleSession(
                sessionId: id, eventId: event, title: "\(type) session", sessionType: type, startTime: start, endTime: start + 3600
            ), now: t0)
        #expect(r.outcome == .handled)
        return id
    }

    func status(_ h: HandlerHarness, _ event: Identifier) async throws -> String? {
        try await h.query("SELECT status FROM events WHERE id = $1", [event]).first?.decode(String.self, column: "status")
    }

    func slotEvent(
        _ h: HandlerHarness, _ name: String, speaker: Identifier, session: Identifier, event: Identifier, role: String, at time: Date,
        reason: String? = nil
    ) async throws -> HarnessResult {
        try await h.send(
            .event(name, from: "speakers"),
            data: SpeakerSlotPayload(speakerId: speaker, sessionId: session, eventId: event, role: role, reason: reason), now: time
        )
    }

    func reason(_ r: HarnessResult) -> String? {
        if case .rejected(let rejected) = r.outcome { return rejected.reason }
        return nil
    }

    @Test func createEventPublishesAllFieldsAndARepeatAnswersWithoutASecondRow() async throws {
        let h = try await harness()
        defer { Task { try? await h.drop() } }
        let id = Identifier()
        let command = createCommand(eventId: id, number: 7, metadata: .object(["theme": .string("cloud")]))
        let r = try await h.send(.command("CreateEvent", to: "events"), data: command, now: t0)
        #expect(r.outcome == .handled)
        let created = try #require(r.messages("events.EventCreated").first)
        #expect(created.header.aggregateId == id.description && created.header.aggregateType == "Event")
        let data = try created.decode(EventCreated.self)
        #expect(data.status == "planning" && data.eventNumber == 7 && data.venueCapacity == 100)
        #expect(data.metadata == .object(["theme": .string("cloud")]) && data.organizerId == command.organizerId)
        let again = try await h.send(.command("CreateEvent", to: "events"), data: command, now: t0 + 1)
        #expect(again.messages("events.EventCreated").count == 1)
        #expect(try await h.query("SELECT count(*) AS n FROM events WHERE event_number = 7")[0].decode(Int.self, column: "n") == 1)
        let row = try #require(try await h.query("SELECT current_attendee_count, metadata FROM events WHERE id = $1", [id]).first)
        #expect(try row.decode(Int.self, column: "current_attendee_count") == 0)
    }

    @Test func brokenCreateCommandsAreRejectedAndWriteNothing() async throws {
        let h = try await harness()
        defer { Task { try? await h.drop() } }
        _ = try await createEvent(h, number: 11)
        let cases: [(CreateEvent, String)] = [
            (createCommand(number: 11), "duplicate_event_number"),
            (createCommand(number: 12, capacity: 0), "invalid_capacity"),
            (createCommand(number: 13, eventDate: t0, deadline: t0 + 1), "deadline_after_event_date"),
            (createCommand(number: 14, title: String(repeating: "x", count: 256)), "title_too_long"),
        ]
        for (command, expected) in cases {
            let commandId = Identifier()
            let r = try await h.send(.command("CreateEvent", to: "events"), data: command, id: commandId, now: t0)
            #expect(reason(r) == expected)
            let answer = try #require(r.messages("events.CommandRejected").first)
            #expect(answer.header.causationId == commandId)
            #expect(r.published.count == 1)
        }
        #expect(try await h.query("SELECT count(*) AS n FROM events")[0].decode(Int.self, column: "n") == 1)
    }

    @Test func statusChangesFollowTheLifecycle() async throws {
        let h = try await harness()
        defer { Task { try? await h.drop() } }
        let event = try await createEvent(h)
        func change(_ to: String, at time: Date = t0) async throws -> HarnessResult {
            try await h.send(.command("ChangeEventStatus", to: "events"), data: ChangeEventStatus(eventId: event, status: to), now: time)
        }
        #expect(reason(try await change("published")) == "invalid_status_transition")
        #expect(reason(try await change("postponed")) == "invalid_status")
        let r = try await change("topic_defined")
        #expect(
            try r.messages("events.EventStatusChanged").first?.decode(EventStatusChanged.self)
                == EventStatusChanged(eventId: event, from: "planning", to: "topic_defined"))
        #expect(reason(try await change("speakers_invited")) == nil)
        #expect(reason(try await change("agenda_draft")) == "agenda_not_ready")
        #expect(try await status(h, event) == "speakers_invited")
        #expect(
            reason(
                try await h.send(
                    .command("ChangeEventStatus", to: "events"), data: ChangeEventStatus(eventId: Identifier(), status: "published"), now: t0
                )) == "unknown_event")
    }

    @Test func sessionsAreScheduledRescheduledAndCancelled() async throws {
        let h = try await harness()
        defer { Task { try? await h.drop() } }
        let event = try await createEvent(h)
        let session = try await schedule(h, event, "workshop")
        let moved = try await h.send(
            .command("RescheduleSession", to: "events"),
            data: RescheduleSession(
                sessionId: session, startTime: t0 + 61 * day, endTime: t0 + 61 * day + 1800
            ), now: t0)
        let rescheduled = try #require(try moved.messages("events.SessionRescheduled").first?.decode(SessionRescheduled.self))
        #expect(rescheduled.sessionType == "workshop" && rescheduled.room == nil && rescheduled.eventId == event)
        #expect(
            reason(
                try await h.send(
                    .command("RescheduleSession", to: "events"),
                    data: RescheduleSession(
                        sessionId: session, startTime: t0, endTime: t0
                    ), now: t0)) == "end_before_start")
        #expect(
            reason(
                try await h.send(
                    .command("ScheduleSession", to: "events"),
                    data: ScheduleSession(
                        eventId: event, title: "x", sessionType: "talk", startTime: t0, endTime: t0 + 60
                    ), now: t0)) == "invalid_session_type")
        #expect(
            reason(
                try await h.send(
                    .command("ScheduleSession", to: "events"),
                    data: ScheduleSession(
                        eventId: Identifier(), title: "x", sessionType: "keynote", startTime: t0, endTime: t0 + 60
                    ), now: t0)) == "unknown_event")
        let cancel = try await h.send(
            .command("CancelSession", to: "events"), data: CancelSession(sessionId: session, reason: "room flooded"), now: t0)
        #expect(
            try cancel.messages("events.SessionCancelled").first?.decode(SessionCancelled.self)
                == SessionCancelled(sessionId: session, eventId: event, reason: "room flooded"))
        #expect(
            reason(try await h.send(.command("CancelSession", to: "events"), data: CancelSession(sessionId: session, reason: "again"), now: t0))
                == "session_cancelled")
        #expect(
            reason(try await h.send(.command("CancelSession", to: "events"), data: CancelSession(sessionId: Identifier(), reason: "x"), now: t0))
                == "unknown_session")
    }

    @Test func theSpeakerSagaMovesTheEventToAgendaDraftAndBack() async throws {
        let h = try await harness()
        defer { Task { try? await h.drop() } }
        let event = try await createEvent(h)
        let keynote = try await schedule(h, event, "keynote", hour: 9)
        let panel = try await schedule(h, event, "panel_discussion", hour: 11)
        _ = try await schedule(h, event, "lunch", hour: 12)
        let ada = Identifier()
        let grace = Identifier()
        let linus = Identifier()

        let invited = try await slotEvent(h, "SpeakerInvited", speaker: ada, session: keynote, event: event, role: "primary_speaker", at: t0 + 1)
        #expect(
            try invited.messages("events.EventStatusChanged").first?.decode(EventStatusChanged.self)
                == EventStatusChanged(eventId: event, from: "planning", to: "speakers_invited"))
        let second = try await slotEvent(h, "SpeakerInvited", speaker: grace, session: panel, event: event, role: "moderator", at: t0 + 2)
        #expect(second.messages("events.EventStatusChanged").isEmpty)
        _ = try await slotEvent(h, "SpeakerInvited", speaker: linus, session: panel, event: event, role: "panelist", at: t0 + 2)

        let confirmed = try await slotEvent(h, "SpeakerConfirmed", speaker: ada, session: keynote, event: event, role: "primary_speaker", at: t0 + 3)
        #expect(confirmed.messages("events.EventStatusChanged").isEmpty)
        // A confirmed panelist is not a moderator.
        _ = try await slotEvent(h, "SpeakerConfirmed", speaker: linus, session: panel, event: event, role: "panelist", at: t0 + 3)
        #expect(try await status(h, event) == "speakers_invited")

        let declined = try await slotEvent(
            h, "SpeakerDeclined", speaker: grace, session: panel, event: event, role: "moderator", at: t0 + 4, reason: "travelling")
        let reopened = try #require(try declined.messages("events.SpeakerSlotReopened").first?.decode(SpeakerSlotReopened.self))
        #expect(
            reopened
                == SpeakerSlotReopened(eventId: event, sessionId: panel, speakerId: grace, role: "moderator", cause: "declined", reason: "travelling")
        )

        // Re-invited and confirmed: every session has its role, the agenda is drafted.
        _ = try await slotEvent(h, "SpeakerInvited", speaker: grace, session: panel, event: event, role: "moderator", at: t0 + 5)
        let ready = try await slotEvent(h, "SpeakerConfirmed", speaker: grace, session: panel, event: event, role: "moderator", at: t0 + 6)
        #expect(
            try ready.messages("events.EventStatusChanged").first?.decode(EventStatusChanged.self)
                == EventStatusChanged(eventId: event, from: "speakers_invited", to: "agenda_draft"))

        // A late, older event changes nothing.
        let stale = try await slotEvent(
            h, "SpeakerDeclined", speaker: grace, session: panel, event: event, role: "moderator", at: t0 + 4, reason: "old news")
        #expect(stale.outcome == .handled && stale.published.isEmpty)

        // Withdrawal reopens the slot and takes the agenda back.
        let withdrew = try await slotEvent(
            h, "SpeakerWithdrew", speaker: ada, session: keynote, event: event, role: "primary_speaker", at: t0 + 7, reason: "ill")
        #expect(try withdrew.messages("events.SpeakerSlotReopened").first?.decode(SpeakerSlotReopened.self).cause == "withdrawn")
        #expect(
            try withdrew.messages("events.EventStatusChanged").first?.decode(EventStatusChanged.self)
                == EventStatusChanged(eventId: event, from: "agenda_draft", to: "speakers_invited"))
        let slots = try await h.query("SELECT count(*) AS n FROM session_speaker_slots WHERE event_id = $1 AND status = 'confirmed'", [event])
        #expect(try slots[0].decode(Int.self, column: "n") == 2)

        // Cancelling the keynote leaves a complete agenda.
        let cancelled = try await h.send(
            .command("CancelSession", to: "events"), data: CancelSession(sessionId: keynote, reason: "merged"), now: t0 + 8)
        #expect(
            try cancelled.messages("events.EventStatusChanged").first?.decode(EventStatusChanged.self)
                == EventStatusChanged(eventId: event, from: "speakers_invited", to: "agenda_draft"))
        // Speakers' release of the cancelled session's speakers reopens nothing.
        let released = try await slotEvent(
            h, "SpeakerReleased", speaker: ada, session: keynote, event: event, role: "primary_speaker", at: t0 + 9, reason: "session_cancelled")
        #expect(released.published.isEmpty)
        // A new session needing a speaker takes the agenda back again.
        let added = try await h.send(
            .command("ScheduleSession", to: "events"),
            data: ScheduleSession(
                eventId: event, title: "Talk", sessionType: "presentation", startTime: t0 + 61 * day, endTime: t0 + 61 * day + 60
            ), now: t0 + 10)
        #expect(try added.messages("events.EventStatusChanged").first?.decode(EventStatusChanged.self).to == "speakers_invited")
    }

    /// Two lanes (or two replicas) may take a speaker's SpeakerConfirmed
    /// before its SpeakerInvited: the confirmation alone drafts the agenda,
    /// and the late invitation changes nothing. Before, the event stayed in
    /// `planning` for good (the confirmation did not count as an invitation,
    /// the older invitation was ignored).
    @Test func aConfirmationThatOvertakesItsInvitationStillDraftsTheAgenda() async throws {
        let h = try await harness()
        defer { Task { try? await h.drop() } }
        let event = try await createEvent(h)
        let keynote = try await schedule(h, event, "keynote", hour: 9)
        let ada = Identifier()

        let confirmed = try await slotEvent(h, "SpeakerConfirmed", speaker: ada, session: keynote, event: event, role: "primary_speaker", at: t0 + 3)
        #expect(
            try confirmed.messages("events.EventStatusChanged").map { try $0.decode(EventStatusChanged.self) } == [
                EventStatusChanged(eventId: event, from: "planning", to: "speakers_invited"),
                EventStatusChanged(eventId: event, from: "speakers_invited", to: "agenda_draft"),
            ])
        let late = try await slotEvent(h, "SpeakerInvited", speaker: ada, session: keynote, event: event, role: "primary_speaker", at: t0 + 1)
        #expect(late.outcome == .handled && late.published.isEmpty)
        #expect(try await status(h, event) == "agenda_draft")
    }

    /// A role outside the contract cannot become right by retrying: parked
    /// at once, and the park error does not repeat it.
    @Test func aSpeakerEventWithAnUnknownRoleIsParkedAtOnce() async throws {
        let h = try await harness()
        defer { Task { try? await h.drop() } }
        let event = try await createEvent(h)
        let session = try await schedule(h, event, "keynote")
        let r = try await slotEvent(h, "SpeakerInvited", speaker: Identifier(), session: session, event: event, role: "secret host", at: t0)
        guard case .parked(let reason, let error) = r.outcome else {
            Issue.record("expected it parked at once, got \(r.outcome)")
            return
        }
        #expect(reason == .undecodable)
        #expect(!error.contains("secret"), "\(error)")
    }
}

/// Seat keeping for attendees' registration saga.
@Suite struct SeatHandlerTests {
    func openEvent(_ h: HandlerHarness, capacity: Int, deadline: Date = t0 + 50 * day) async throws -> Identifier {
        let id = Identifier()
        _ = try await h.send(
            .command("CreateEvent", to: "events"),
            data: createCommand(
                eventId: id, number: Int.random(in: 1...1_000_000_000), capacity: capacity, deadline: deadline
            ), now: t0)
        _ = try await h.query("UPDATE events SET status = 'registration_open' WHERE id = $1", [id])
        return id
    }

    func request(_ h: HandlerHarness, _ registration: Identifier, _ event: Identifier, at time: Date = t0) async throws -> HarnessResult {
        try await h.send(
            .event("RegistrationRequested", from: "attendees"),
            data: RegistrationRequested(registrationId: registration, eventId: event, attendeeId: Identifier()), now: time
        )
    }

    func cancel(_ h: HandlerHarness, _ registration: Identifier, _ event: Identifier, held: Bool = true) async throws -> HarnessResult {
        try await h.send(
            .event("RegistrationCancelled", from: "attendees"),
            data: RegistrationCancelled(registrationId: registration, eventId: event, heldSeat: held), now: t0
        )
    }

    func counts(_ h: HandlerHarness, _ event: Identifier) async throws -> (count: Int, held: Int) {
        let row = try await h.query(
            """
            SELECT current_attendee_count AS c,
                   (SELECT count(*) FROM event_seats WHERE event_id = $1 AND released_at IS NULL) AS held
            FROM events WHERE id = $1
            """, [event])[0]
        return (try row.decode(Int.self, column: "c"), try row.decode(Int.self, column: "held"))
    }

    @Test func seatsUpToCapacityThenFullAndIdempotentPerRegistration() async throws {
        let h = try await HandlerHarness.start(worker: EventsWorker.definition(), context: "events")
        defer { Task { try? await h.drop() } }
        let event = try await openEvent(h, capacity: 2)
        let a = Identifier()
        let b = Identifier()
        let c = Identifier()
        let first = try await request(h, a, event)
        #expect(
            try first.messages("events.SeatReserved").first?.decode(SeatReserved.self)
                == SeatReserved(registrationId: a, eventId: event, currentAttendeeCount: 1))
        #expect(try await request(h, b, event).messages("events.SeatReserved").count == 1)
        let full = try await request(h, c, event)
        #expect(
            try full.messages("events.SeatRejected").first?.decode(SeatRejected.self)
                == SeatRejected(registrationId: c, eventId: event, reason: "event_full"))
        // The same registration asking again gets its seat confirmed, not a second one.
        let repeated = try await request(h, a, event)
        #expect(try repeated.messages("events.SeatReserved").first?.decode(SeatReserved.self).currentAttendeeCount == 2)
        #expect(try await counts(h, event) == (2, 2))

        let released = try await cancel(h, a, event)
        #expect(
            try released.messages("events.SeatReleased").first?.decode(SeatReleased.self)
                == SeatReleased(registrationId: a, eventId: event, currentAttendeeCount: 1))
        #expect(try await cancel(h, a, event).published.isEmpty)
        #expect(try await request(h, a, event).published.isEmpty)
        #expect(try await counts(h, event) == (1, 1))
        // The freed seat goes to the next one asking.
        #expect(try await request(h, c, event).messages("events.SeatReserved").count == 1)
        #expect(try await counts(h, event) == (2, 2))
    }

    @Test func aCancellationBeforeItsRequestKeepsTheSeatFree() async throws {
        let h = try await HandlerHarness.start(worker: EventsWorker.definition(), context: "events")
        defer { Task { try? await h.drop() } }
        let event = try await openEvent(h, capacity: 5)
        let early = Identifier()
        #expect(try await cancel(h, early, event, held: false).published.isEmpty)
        #expect(try await request(h, early, event).published.isEmpty)
        #expect(try await counts(h, event) == (0, 0))
        // heldSeat false, but events did grant one: it is freed anyway.
        let raced = Identifier()
        _ = try await request(h, raced, event)
        #expect(try await cancel(h, raced, event, held: false).messages("events.SeatReleased").count == 1)
        #expect(try await counts(h, event) == (0, 0))
    }

    @Test func rejectionReasons() async throws {
        let h = try await HandlerHarness.start(worker: EventsWorker.definition(), context: "events")
        defer { Task { try? await h.drop() } }
        func rejected(_ r: HarnessResult) throws -> String? {
            try r.messages("events.SeatRejected").first?.decode(SeatRejected.self).reason
        }
        #expect(try rejected(try await request(h, Identifier(), Identifier())) == "unknown_event")
        let event = try await openEvent(h, capacity: 5, deadline: t0 + day)
        #expect(try rejected(try await request(h, Identifier(), event, at: t0 + day)) == "deadline_passed")
        _ = try await h.query("UPDATE events SET status = 'registration_closed' WHERE id = $1", [event])
        #expect(try rejected(try await request(h, Identifier(), event)) == "registration_closed")
        #expect(try await counts(h, event) == (0, 0))
    }

    /// Many registrations at once from several connections: exactly capacity
    /// seats, the count equal to the seats held.
    @Test func concurrentRequestsNeverOverbook() async throws {
        let h = try await HandlerHarness.start(worker: EventsWorker.definition(), context: "events")
        defer { Task { try? await h.drop() } }
        let event = try await openEvent(h, capacity: 10)
        var configuration = try PostgresConnection.Configuration(url: TestServers.postgresURL)
        configuration.searchPath = h.schema
        let laneConfiguration = configuration
        let lanes = 4
        let perLane = 10
        let reserved = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<lanes {
                group.addTask {
                    let connection = try await PostgresConnection.connect(laneConfiguration)
                    var reserved = 0
                    for _ in 0..<perLane {
                        let envelope = Envelope(
                            aggregateId: event.description, aggregateType: "Registration", eventType: "RegistrationRequested",
                            occurredAt: t0, data: RegistrationRequested(registrationId: Identifier(), eventId: event, attendeeId: Identifier())
                        )
                        let prepared = h.processor.prepare(
                            IncomingDelivery(
                                body: try MessageCoding.encode(envelope), routingKey: "attendees.RegistrationRequested"
                            ))
                        let outcome = try await h.processor.process([prepared], now: t0, on: connection)[0]
                        if case .handled(let effects) = outcome, effects.published.contains(where: { $0.messageType == "SeatReserved" }) {
                            reserved += 1
                        }
                    }
                    await connection.close()
                    return reserved
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(reserved == 10)
        #expect(try await counts(h, event) == (10, 10))
    }
}
