import Foundation
import Identifiers
import Messaging
import Postgres
import TestSupport
import Testing

@testable import Events

/// UpdateEvent, topics, CancelEvent and the timed lifecycle against a real
/// database, through the kernel's processor, time passed in.
@Suite struct EventLifecycleHandlerTests {
    static let settings = EventsSettings(timeZone: TimeZone(identifier: "Europe/Zurich") ?? .gmt)
    static let key = TimedLifecycle.timerKey

    func with(_ body: (HandlerHarness) async throws -> Void) async throws {
        try await HandlerHarness.with(worker: EventsWorker.definition(Self.settings), context: "events", body)
    }

    /// A new event (date t0 + 60 d, deadline t0 + 50 d), set to `status`.
    func event(_ h: HandlerHarness, status: EventStatus = .registrationOpen, capacity: Int = 100) async throws -> (Identifier, HarnessResult) {
        let id = Identifier()
        let created = try await h.send(
            .command("CreateEvent", to: "events"),
            data: createCommand(eventId: id, number: Int.random(in: 1...1_000_000_000), capacity: capacity), now: t0)
        _ = try await h.query("UPDATE events SET status = $2 WHERE id = $1", [id, status.rawValue])
        return (id, created)
    }

    func send<P: Codable & Sendable>(_ h: HandlerHarness, _ name: String, _ data: P, at time: Date = t0 + 1) async throws -> HarnessResult {
        try await h.send(.command(name, to: "events"), data: data, now: time)
    }

    func request(_ h: HandlerHarness, _ registration: Identifier, _ event: Identifier, at time: Date = t0 + 1) async throws -> HarnessResult {
        try await h.send(
            .event("RegistrationRequested", from: "attendees"),
            data: RegistrationRequested(registrationId: registration, eventId: event, attendeeId: Identifier()), now: time)
    }

    func status(_ h: HandlerHarness, _ event: Identifier) async throws -> String? {
        try await h.query("SELECT status FROM events WHERE id = $1", [event]).first?.decode(String.self, column: "status")
    }

    func moves(_ results: [HarnessResult]) throws -> [String] {
        try results.flatMap { try $0.messages("events.EventStatusChanged").map { try $0.decode(EventStatusChanged.self).to } }
    }

    func reason(_ r: HarnessResult) -> String? {
        if case .rejected(let rejected) = r.outcome { return rejected.reason }
        return nil
    }

    @Test func aNewEventPlansItsThreeTimedMovesAndTheyRunInTurn() async throws {
        try await with { h in
            let (id, created) = try await event(h)
            let eventDay = EventDay.interval(of: t0 + 60 * day, in: Self.settings.timeZone)
            #expect(created.scheduled.map(\.key) == Array(repeating: Self.key(id), count: 3))
            #expect(created.scheduled.map(\.dueAt) == [t0 + 50 * day, eventDay.start, eventDay.end])
            #expect(try await h.runTimers(upTo: t0 + 50 * day - 1).isEmpty)
            #expect(try moves(try await h.runTimers(upTo: t0 + 50 * day)) == ["registration_closed"])
            #expect(try moves(try await h.runTimers(upTo: eventDay.start)) == ["in_progress"])
            #expect(try moves(try await h.runTimers(upTo: eventDay.end)) == ["completed"])
            #expect(try await status(h, id) == "completed")
        }
    }

    @Test func movedDatesReplanTheTimersAndATimerAlreadyFiredForTheOldDateDoesNothing() async throws {
        try await with { h in
            let (id, _) = try await event(h)
            // The deadline's timer fired (its command is on its way) just as the deadline moves a week on.
            let fired = try await h.fireTimers(upTo: t0 + 50 * day)
            #expect(fired.map(\.routingKey) == ["events.AdvanceEventLifecycle"])
            let moved = try await send(h, "UpdateEvent", UpdateEvent(eventId: id, registrationDeadline: t0 + 57 * day))
            #expect(moved.cancelledTimerKeys == [Self.key(id)])
            #expect(moved.scheduled.map(\.dueAt).first == t0 + 57 * day)
            let late = try await h.deliver(body: Array(fired[0].body.utf8), routingKey: fired[0].routingKey, now: t0 + 50 * day)
            #expect(late.outcome == .handled && late.published.isEmpty)
            #expect(try await status(h, id) == "registration_open")
            #expect(try await h.runTimers(upTo: t0 + 56 * day).isEmpty)
            #expect(try moves(try await h.runTimers(upTo: t0 + 57 * day)) == ["registration_closed"])
            // An update that leaves the dates alone keeps the plan.
            let renamed = try await send(h, "UpdateEvent", UpdateEvent(eventId: id, title: "BATbern 42b"))
            #expect(renamed.cancelledTimerKeys.isEmpty && renamed.scheduled.isEmpty)
        }
    }

    @Test func updateEventWritesWhatChangedAndGuardsTheSeatsHeld() async throws {
        try await with { h in
            let (id, _) = try await event(h, capacity: 3)
            for _ in 0..<3 { _ = try await request(h, Identifier(), id) }
            #expect(reason(try await send(h, "UpdateEvent", UpdateEvent(eventId: id, venueCapacity: 2))) == "capacity_below_confirmed")
            let raised = try await send(
                h, "UpdateEvent",
                UpdateEvent(eventId: id, venueName: "Bierhübeli", venueCapacity: 5, metadata: .object(["hall": .string("big")])))
            let updated = try #require(try raised.messages("events.EventUpdated").first?.decode(EventUpdated.self))
            #expect(updated.changed == ["venueName", "venueCapacity", "metadata"] && updated.seatsAdded == 2)
            #expect(updated.venueName == "Bierhübeli" && updated.title == "BATbern 42")
            let row = try await h.query("SELECT venue_name, venue_capacity, current_attendee_count FROM events WHERE id = $1", [id])[0]
            #expect(try row.decode(String.self, column: "venue_name") == "Bierhübeli")
            #expect(try row.decode(Int.self, column: "venue_capacity") == 5 && (try row.decode(Int.self, column: "current_attendee_count")) == 3)
            #expect(reason(try await send(h, "UpdateEvent", UpdateEvent(eventId: Identifier(), title: "x"))) == "unknown_event")
        }
    }

    @Test func theFirstTopicMovesPlanningToTopicDefinedAndARepeatAnswersWithTheSameTopic() async throws {
        try await with { h in
            let (id, _) = try await event(h, status: .planning)
            let topic = Identifier()
            let command = DefineEventTopic(eventId: id, topicId: topic, title: "Platform engineering", description: "Paved roads", tags: ["devex"])
            let first = try await send(h, "DefineEventTopic", command)
            #expect(first.published.map(\.routingKey) == ["events.EventTopicDefined", "events.EventStatusChanged"])
            #expect(try first.messages("events.EventTopicDefined")[0].decode(EventTopicDefined.self).tags == ["devex"])
            #expect(try moves([first]) == ["topic_defined"])
            let again = try await send(h, "DefineEventTopic", command)
            #expect(again.published.map(\.routingKey) == ["events.EventTopicDefined"])
            let second = try await send(h, "DefineEventTopic", DefineEventTopic(eventId: id, title: "Security"))
            #expect(second.published.map(\.routingKey) == ["events.EventTopicDefined"])
            #expect(reason(try await send(h, "DefineEventTopic", DefineEventTopic(eventId: id, title: "SECURITY"))) == "duplicate_topic")
            #expect(try await h.query("SELECT count(*) FROM event_topics WHERE event_id = $1", [id])[0].decode(Int.self, at: 0) == 2)
        }
    }

    @Test func cancellingFreesEverySeatDropsTheTimersAndHappensOnce() async throws {
        try await with { h in
            let (id, _) = try await event(h, capacity: 5)
            for _ in 0..<4 { _ = try await request(h, Identifier(), id) }
            let command = CancelEvent(eventId: id, reason: "Venue flooded")
            let cancelled = try await send(h, "CancelEvent", command)
            #expect(
                try cancelled.messages("events.EventCancelled").first?.decode(EventCancelled.self)
                    == EventCancelled(eventId: id, reason: "Venue flooded", previousStatus: "registration_open", seatsReleased: 4))
            #expect(cancelled.cancelledTimerKeys == [Self.key(id)])
            let row = try await h.query(
                """
                SELECT status, current_attendee_count, cancellation_reason,
                       (SELECT count(*) FROM event_seats WHERE event_id = $1 AND released_at IS NULL) AS held
                FROM events WHERE id = $1
                """, [id])[0]
            #expect(try row.decode(String.self, column: "status") == "cancelled" && (try row.decode(Int.self, column: "held")) == 0)
            #expect(try row.decode(Int.self, column: "current_attendee_count") == 0)
            #expect(try await h.redeliver(cancelled).outcome == .duplicate)
            #expect(reason(try await send(h, "CancelEvent", command)) == "event_cancelled")
            // No timer of the event is left, and none would act.
            #expect(
                try await h.query("SELECT count(*) FROM timers WHERE timer_key = $1 AND cancelled_at IS NULL", [Self.key(id)])[0]
                    .decode(Int.self, at: 0) == 0)
            #expect(try await h.runTimers(upTo: t0 + 70 * day).isEmpty)
            // A seat request, an update, a session or a topic for the cancelled event is refused.
            let late = try await request(h, Identifier(), id)
            #expect(try late.messages("events.SeatRejected").first?.decode(SeatRejected.self).reason == "registration_closed")
            #expect(reason(try await send(h, "UpdateEvent", UpdateEvent(eventId: id, venueCapacity: 10))) == "event_cancelled")
            #expect(reason(try await send(h, "DefineEventTopic", DefineEventTopic(eventId: id, title: "AI"))) == "event_cancelled")
            let start = t0 + 60 * day
            let session = ScheduleSession(eventId: id, title: "Late", sessionType: "keynote", startTime: start, endTime: start + 3600)
            #expect(reason(try await send(h, "ScheduleSession", session)) == "event_cancelled")
            #expect(
                reason(try await send(h, "ChangeEventStatus", ChangeEventStatus(eventId: id, status: "registration_open")))
                    == "invalid_status_transition")
        }
    }

    @Test func aSpeakerReleasedByTheCancellationReopensNoSlot() async throws {
        try await with { h in
            let (id, _) = try await event(h, status: .agendaDraft)
            let start = t0 + 60 * day
            let scheduled = try await send(
                h, "ScheduleSession", ScheduleSession(eventId: id, title: "Keynote", sessionType: "keynote", startTime: start, endTime: start + 3600))
            let session = try #require(try scheduled.messages("events.SessionScheduled").first?.decode(SessionScheduled.self)).sessionId
            let speaker = Identifier()
            let confirmed = SpeakerSlotPayload(speakerId: speaker, sessionId: session, eventId: id, role: "primary_speaker")
            _ = try await h.send(.event("SpeakerConfirmed", from: "speakers"), data: confirmed, now: t0 + 2)
            _ = try await send(h, "CancelEvent", CancelEvent(eventId: id, reason: "Speaker strike"), at: t0 + 3)
            var released = confirmed
            released.reason = "event_cancelled"
            let slot = try await h.send(.event("SpeakerReleased", from: "speakers"), data: released, now: t0 + 4)
            #expect(slot.outcome == .handled && slot.published.isEmpty)
            #expect(try await status(h, id) == "cancelled")
        }
    }
}
