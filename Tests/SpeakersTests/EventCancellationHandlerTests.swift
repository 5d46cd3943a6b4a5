import Foundation
import Identifiers
import Messaging
import Postgres
import TestSupport
import Testing

@testable import Speakers

/// speakers' step of the event cancellation saga, on the harness.
extension SpeakersHandlerTests {
    @Test func theEventsCancellationReleasesEveryOpenOrHeldInvitationAndItsTimers() async throws {
        try await HandlerHarness.with(worker: SpeakersWorker.definition(Self.settings), context: "speakers") { h in
            let event = Identifier()
            let keynote = try await session(h, hour: 9, event: event)
            let workshop = try await session(h, hour: 11, event: event)
            let elsewhere = try await session(h, hour: 14)
            var speakers: [Identifier] = []
            for _ in 0..<5 { speakers.append(try await register(h)) }
            let (confirmed, invited, tentative, declined, other) = (speakers[0], speakers[1], speakers[2], speakers[3], speakers[4])
            for (speaker, session) in [(confirmed, keynote), (invited, keynote), (tentative, workshop), (declined, workshop), (other, elsewhere)] {
                #expect(reason(try await invite(h, speaker, session)) == nil)
            }
            _ = try await respond(h, confirmed, keynote, "accept")
            _ = try await respond(h, tentative, workshop, "tentative", reason: "checking my calendar")
            _ = try await respond(h, declined, workshop, "decline", reason: "abroad")
            _ = try await respond(h, other, elsewhere, "accept")

            let cancelled = try await h.send(.event("EventCancelled", from: "events"), data: EventCancelled(eventId: event), now: t0 + 5)
            #expect(cancelled.outcome == .handled)
            let released = try cancelled.messages("speakers.SpeakerReleased").map { try $0.decode(SpeakerReleased.self) }
            #expect(Set(released.map(\.speakerId)) == [confirmed, invited, tentative])
            #expect(released.allSatisfy { $0.reason == "event_cancelled" && $0.eventId == event })
            #expect(try await status(h, declined, workshop) == "declined")
            #expect(try await status(h, other, elsewhere) == "confirmed")
            for speaker in [confirmed, invited, tentative] { #expect(try await availability(h, speaker) == "available") }
            // No timer is left for the event's invitations: only the other event's speaker has one.
            let pending = try await h.query(
                "SELECT DISTINCT timer_key FROM timers WHERE fired_at IS NULL AND cancelled_at IS NULL ORDER BY timer_key"
            ).map { try $0.decode(String.self, at: 0) }
            let otherAssignment = try await h.query(
                "SELECT id FROM session_speakers WHERE speaker_id = $1", [other])[0].decode(Identifier.self, at: 0)
            #expect(pending.allSatisfy { $0.hasSuffix(otherAssignment.description) }, "\(pending)")
            #expect(try await h.runTimers(upTo: t0 + 100).allSatisfy { $0.published.isEmpty })
            // The event's sessions take no new invitation; repeats change nothing.
            #expect(reason(try await invite(h, declined, keynote, at: t0 + 6)) == "session_cancelled")
            #expect(try await h.redeliver(cancelled).outcome == .duplicate)
            let again = try await h.send(.event("EventCancelled", from: "events"), data: EventCancelled(eventId: event), now: t0 + 7)
            #expect(again.outcome == .handled && again.published.isEmpty)
        }
    }

    /// Lanes or replicas may take an event's EventCancelled before the
    /// SessionScheduled events published earlier: the late session is
    /// cancelled with its event and takes no invitation. Before, it was
    /// copied as scheduled and an invitation to a cancelled event was accepted.
    @Test func aSessionScheduledTakenAfterItsEventsCancellationTakesNoInvitation() async throws {
        try await HandlerHarness.with(worker: SpeakersWorker.definition(Self.settings), context: "speakers") { h in
            let event = Identifier()
            let cancelled = try await h.send(.event("EventCancelled", from: "events"), data: EventCancelled(eventId: event), now: t0 + 5)
            #expect(cancelled.outcome == .handled && cancelled.published.isEmpty)
            let late = try await session(h, hour: 9, event: event)
            let moved = Identifier()
            let start = t0 + 60 * day + 11 * 3600
            let rescheduled = try await h.send(
                .event("SessionRescheduled", from: "events"),
                data: SessionTimetabled(sessionId: moved, eventId: event, sessionType: .keynote, startTime: start, endTime: start + 3600),
                now: t0 + 1)
            #expect(rescheduled.outcome == .handled)
            let speaker = try await register(h)
            #expect(reason(try await invite(h, speaker, late, at: t0 + 6)) == "session_cancelled")
            #expect(reason(try await invite(h, speaker, moved, at: t0 + 6)) == "session_cancelled")
            // Another event's sessions are not touched.
            #expect(reason(try await invite(h, speaker, try await session(h, hour: 14), at: t0 + 6)) == nil)
        }
    }
}
