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

    func schedule(_ h: HandlerHarness, _ eventId: Identifier, _ type: String = "keynote", hour: Double = 9) async throws -> Identifier {
        let id = Identifier()
        let start = t0 + 60 * day + hour * 3600
        _ = try await send(
            h, "ScheduleSession",
            ScheduleSession(sessionId: id, eventId: eventId, title: "\(type) at \(hour)", sessionType: type, startTime: start, endTime: start + 3600))
        return id
    }

    func slot(_ h: HandlerHarness, _ name: String, _ speaker: Identifier, _ session: Identifier, _ eventId: Identifier, at time: Date) async throws {
        let data = SpeakerSlotEvent(speakerId: speaker, sessionId: session, eventId: eventId, role: .primarySpeaker)
        #expect(try await h.send(.event(name, from: "speakers"), data: data, now: time).outcome == .handled)
    }

    func reason(_ r: HarnessResult) -> String? {
        if case .rejected(let rejected) = r.outcome { return rejected.reason }
        return nil
    }

    @Test func updateSessionWritesWhatChangedAndAnswersWithTheWholeSession() async throws {
        try await with { h in
            let eventId = try await event(h)
            let session = try await schedule(h, eventId)
            let command = UpdateSession(
                sessionId: session, title: "Paved roads", description: "Platform teams", capacity: 120, language: "en",
                tags: .set(["platform"]), prerequisites: .set(["Kubernetes basics"]), targetAudience: .set(["expert", "intermediate"]))
            let first = try await send(h, "UpdateSession", command)
            let updated = try #require(try first.messages("events.SessionUpdated").first?.decode(SessionUpdated.self))
            #expect(updated.changed == ["title", "description", "capacity", "language", "tags", "prerequisites", "targetAudience"])
            #expect(updated.eventId == eventId && updated.sessionType == "keynote" && updated.targetAudience == ["intermediate", "expert"])
            #expect(updated.startTime == t0 + 60 * day + 9 * 3600 && updated.room == nil)
            let row = try await h.query(
                "SELECT title, description, capacity, language, tags, prerequisites, target_audience FROM sessions WHERE id = $1", [session])[0]
            #expect(try row.decode(String.self, column: "title") == "Paved roads" && (try row.decode(Int?.self, column: "capacity")) == 120)
            #expect(try row.decode([String].self, column: "target_audience") == ["intermediate", "expert"])
            #expect(try row.decode([String].self, column: "prerequisites") == ["Kubernetes basics"])
            // The same again changes nothing and says so; null clears.
            let again = try await send(h, "UpdateSession", command)
            #expect(try again.messages("events.SessionUpdated").first?.decode(SessionUpdated.self).changed == [])
            let cleared = try await send(h, "UpdateSession", UpdateSession(sessionId: session, description: .clear, capacity: .clear))
            let after = try #require(try cleared.messages("events.SessionUpdated").first?.decode(SessionUpdated.self))
            #expect(after.changed == ["description", "capacity"] && after.description == nil && after.capacity == nil)
            #expect(reason(try await send(h, "UpdateSession", UpdateSession(sessionId: Identifier(), title: "x"))) == "unknown_session")
            #expect(
                reason(try await send(h, "UpdateSession", UpdateSession(sessionId: session, targetAudience: .set(["all"]))))
                    == "invalid_target_audience")
        }
    }

    @Test func aTypeThatNeedsASpeakerTakesADraftedAgendaBackAndASessionWithSpeakersKeepsItsKind() async throws {
        try await with { h in
            let eventId = try await event(h)
            let keynote = try await schedule(h, eventId)
            let lunch = try await schedule(h, eventId, "lunch", hour: 12)
            let speaker = Identifier()
            try await slot(h, "SpeakerInvited", speaker, keynote, eventId, at: t0 + 2)
            try await slot(h, "SpeakerConfirmed", speaker, keynote, eventId, at: t0 + 3)
            #expect(
                try await h.query("SELECT status FROM events WHERE id = $1", [eventId])[0].decode(String.self, column: "status") == "agenda_draft")
            #expect(reason(try await send(h, "UpdateSession", UpdateSession(sessionId: keynote, sessionType: "break"))) == "session_has_speakers")
            let workshop = try await send(h, "UpdateSession", UpdateSession(sessionId: lunch, sessionType: "workshop"), at: t0 + 4)
            #expect(workshop.published.map(\.routingKey) == ["events.SessionUpdated", "events.EventStatusChanged"])
            #expect(try workshop.messages("events.EventStatusChanged").first?.decode(EventStatusChanged.self).to == "speakers_invited")
        }
    }

    @Test func materialsComeFromAConfirmedSpeakerOrAnOrganiserAndLeaveOnce() async throws {
        try await with { h in
            let eventId = try await event(h)
            let session = try await schedule(h, eventId)
            let (confirmed, invited, organiser) = (Identifier(), Identifier(), Identifier())
            try await slot(h, "SpeakerConfirmed", confirmed, session, eventId, at: t0 + 2)
            try await slot(h, "SpeakerInvited", invited, session, eventId, at: t0 + 2)
            func slides(_ actor: Identifier, _ role: String, id: Identifier? = nil) -> AddSessionMaterial {
                AddSessionMaterial(
                    sessionId: session, materialId: id, kind: "slides", fileName: "talk.pdf", mimeType: "application/pdf",
                    fileSizeBytes: 1_000_000, storageKey: "materials/\(session)/talk.pdf", actorId: actor, actorRole: role)
            }
            let materialId = Identifier()
            let added = try await send(h, "AddSessionMaterial", slides(confirmed, "speaker", id: materialId), at: t0 + 3)
            let material = try #require(try added.messages("events.SessionMaterialAdded").first?.decode(SessionMaterialAdded.self))
            #expect(
                material.materialId == materialId && material.addedBy == confirmed && material.addedByRole == "speaker" && material.eventId == eventId
            )
            #expect(reason(try await send(h, "AddSessionMaterial", slides(invited, "speaker"))) == "not_a_confirmed_speaker")
            let link = AddSessionMaterial(
                sessionId: session, kind: "link", url: "https://github.com/batbern/demo", actorId: organiser, actorRole: "organiser")
            #expect(try await send(h, "AddSessionMaterial", link).messages("events.SessionMaterialAdded").count == 1)
            // A repeat of the first answers with it and adds nothing.
            let repeated = try await send(h, "AddSessionMaterial", slides(confirmed, "speaker", id: materialId), at: t0 + 9)
            #expect(try repeated.messages("events.SessionMaterialAdded").first?.decode(SessionMaterialAdded.self) == material)
            #expect(try await h.query("SELECT count(*) FROM session_materials WHERE session_id = $1", [session])[0].decode(Int.self, at: 0) == 2)

            let remove = RemoveSessionMaterial(sessionId: session, materialId: materialId, actorId: confirmed, actorRole: "speaker")
            #expect(
                reason(
                    try await send(
                        h, "RemoveSessionMaterial",
                        RemoveSessionMaterial(sessionId: session, materialId: materialId, actorId: invited, actorRole: "speaker")))
                    == "not_a_confirmed_speaker")
            let removed = try #require(
                try await send(h, "RemoveSessionMaterial", remove, at: t0 + 10).messages("events.SessionMaterialRemoved").first?.decode(
                    SessionMaterialRemoved.self))
            #expect(removed.removedBy == confirmed && removed.removedAt == t0 + 10)
            let twice = try await send(
                h, "RemoveSessionMaterial",
                RemoveSessionMaterial(sessionId: session, materialId: materialId, actorId: organiser, actorRole: "organiser"), at: t0 + 11)
            #expect(try twice.messages("events.SessionMaterialRemoved").first?.decode(SessionMaterialRemoved.self) == removed)
            #expect(try await h.query("SELECT count(*) FROM session_materials WHERE removed_at IS NULL", [])[0].decode(Int.self, at: 0) == 1)
            #expect(
                reason(
                    try await send(
                        h, "RemoveSessionMaterial",
                        RemoveSessionMaterial(sessionId: session, materialId: Identifier(), actorId: organiser, actorRole: "organiser")))
                    == "unknown_material")
        }
    }
}
