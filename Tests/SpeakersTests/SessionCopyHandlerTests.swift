import Foundation
import Identifiers
import Messaging
import Postgres
import TestSupport
import Testing

@testable import Speakers

/// Speakers' copy of events' sessions: title and description from every
/// session event, and SessionUpdated overtaking a SessionRescheduled.
@Suite struct SessionCopyHandlerTests {
    func with(_ body: (HandlerHarness) async throws -> Void) async throws {
        try await HandlerHarness.with(worker: SpeakersWorker.definition(), context: "speakers", body)
    }

    func timetable(_ id: Identifier, _ event: Identifier, hour: Double, title: String, description: String? = nil) -> SessionTimetabled {
        let start = t0 + 60 * day + hour * 3600
        return SessionTimetabled(
            sessionId: id, eventId: event, sessionType: .keynote, startTime: start, endTime: start + 3600, title: title, description: description)
    }

    func copy(_ h: HandlerHarness, _ id: Identifier) async throws -> (title: String?, description: String?, type: String) {
        let row = try await h.query("SELECT title, description, session_type FROM sessions WHERE id = $1", [id])[0]
        return (
            try row.decode(String?.self, column: "title"), try row.decode(String?.self, column: "description"),
            try row.decode(String.self, column: "session_type")
        )
    }

    @Test func theCopyFollowsTitleDescriptionAndTypeAndAnOlderEventChangesNothing() async throws {
        try await with { h in
            let (id, event) = (Identifier(), Identifier())
            _ = try await h.send(
                .event("SessionScheduled", from: "events"), data: timetable(id, event, hour: 9, title: "Opening", description: "Welcome"), now: t0)
            #expect(try await copy(h, id) == ("Opening", "Welcome", "keynote"))
            var updated = timetable(id, event, hour: 9, title: "Paved roads", description: nil)
            updated.sessionType = .workshop
            let r = try await h.send(.event("SessionUpdated", from: "events"), data: updated, now: t0 + 2)
            #expect(r.outcome == .handled && r.published.isEmpty)
            #expect(try await copy(h, id) == ("Paved roads", nil, "workshop"))
            _ = try await h.send(.event("SessionUpdated", from: "events"), data: timetable(id, event, hour: 9, title: "Stale"), now: t0 + 1)
            #expect(try await copy(h, id).title == "Paved roads")
        }
    }

    /// A rename carries the session's new times too; when it overtakes the
    /// reschedule, the copy takes the times from it and the conflict check runs.
    @Test func aSessionUpdatedAheadOfItsRescheduleStillReleasesAConflict() async throws {
        try await with { h in
            let company = Identifier()
            _ = try await h.send(.event("CompanyCreated", from: "companies"), data: CompanyCreated(companyId: company, name: "Acme AG"), now: t0)
            let speaker = Identifier()
            _ = try await h.send(
                .command("RegisterSpeaker", to: "speakers"),
                data: RegisterSpeaker(
                    speakerId: speaker, email: "\(speaker.description.suffix(12))@example.ch", firstName: "Ada", lastName: "Lovelace",
                    companyId: company),
                now: t0)
            let (first, second, event) = (Identifier(), Identifier(), Identifier())
            _ = try await h.send(.event("SessionScheduled", from: "events"), data: timetable(first, event, hour: 9, title: "First"), now: t0)
            _ = try await h.send(.event("SessionScheduled", from: "events"), data: timetable(second, event, hour: 13, title: "Second"), now: t0)
            for session in [first, second] {
                _ = try await h.send(
                    .command("InviteSpeaker", to: "speakers"), data: InviteSpeaker(speakerId: speaker, sessionId: session, role: "primary_speaker"),
                    now: t0)
                _ = try await h.send(
                    .command("RespondToInvitation", to: "speakers"),
                    data: RespondToInvitation(speakerId: speaker, sessionId: session, response: "accept"), now: t0 + 1)
            }
            // events moved the second session onto the first (t0 + 5), then renamed it (t0 + 6); the rename arrives first.
            let renamed = try await h.send(
                .event("SessionUpdated", from: "events"), data: timetable(second, event, hour: 9.5, title: "Second, renamed"), now: t0 + 6)
            let released = try renamed.messages("speakers.SpeakerReleased").map { try $0.decode(SpeakerReleased.self) }
            #expect(released == [SpeakerReleased(speakerId: speaker, sessionId: second, eventId: event, role: "primary_speaker", reason: "conflict")])
            let late = try await h.send(
                .event("SessionRescheduled", from: "events"), data: timetable(second, event, hour: 9.5, title: "Second"), now: t0 + 5)
            #expect(late.outcome == .handled && late.published.isEmpty)
            #expect(try await copy(h, second).title == "Second, renamed")
            // A SessionUpdated that moves nothing checks nothing.
            let again = try await h.send(
                .event("SessionUpdated", from: "events"), data: timetable(first, event, hour: 9, title: "First again"), now: t0 + 7)
            #expect(again.published.isEmpty)
        }
    }
}
