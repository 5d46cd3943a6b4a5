import Foundation
import Identifiers
import Messaging
import Postgres
import TestSupport
import Testing

@testable import Events

/// Sessions' own fields against a real database, through the kernel's
/// processor: what SessionScheduled carries, UpdateSession and materials.
@Suite struct SessionHandlerTests {
    func with(_ body: (HandlerHarness) async throws -> Void) async throws {
        try await HandlerHarness.with(worker: EventsWorker.definition(), context: "events", body)
    }

    func send<P: Codable & Sendable>(_ h: HandlerHarness, _ name: String, _ data: P, at time: Date = t0 + 1) async throws -> HarnessResult {
        try await h.send(.command(name, to: "events"), data: data, now: time)
    }

    func event(_ h: HandlerHarness) async throws -> Identifier {
        let id = Identifier()
        _ = try await send(h, "CreateEvent", createCommand(eventId: id, number: Int.random(in: 1...1_000_000_000)), at: t0)
        return id
    }

    /// speakers' copy of a session (and its speaking history's fallback
    /// title) is only as complete as what these two carry.
    @Test func sessionScheduledAndRescheduledCarryTheTitleAndDescription() async throws {
        try await with { h in
            let eventId = try await event(h)
            let start = t0 + 60 * day + 9 * 3600
            let scheduled = try await send(
                h, "ScheduleSession",
                ScheduleSession(
                    eventId: eventId, title: "Paved roads", description: "Platform teams", sessionType: "keynote", startTime: start,
                    endTime: start + 3600))
            let data = try #require(scheduled.messages("events.SessionScheduled").first?.data)
            #expect(data["title"] == .string("Paved roads") && data["description"] == .string("Platform teams"))
            let sessionId = try #require(try scheduled.messages("events.SessionScheduled").first?.decode(SessionScheduled.self)).sessionId
            let moved = try await send(
                h, "RescheduleSession", RescheduleSession(sessionId: sessionId, startTime: start + 3600, endTime: start + 7200))
            let movedData = try #require(moved.messages("events.SessionRescheduled").first?.data)
            #expect(movedData["title"] == .string("Paved roads") && movedData["description"] == .string("Platform teams"))
        }
    }
}
