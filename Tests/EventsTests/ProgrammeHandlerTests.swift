import Foundation
import Identifiers
import Messaging
import Postgres
import TestSupport
import Testing

@testable import Events

/// The programme through the kernel's processor, time passed in: published
/// with the event, changed with what it shows, and never with a name erased.
@Suite struct ProgrammeHandlerTests {
    static let day0 = t0 + 60 * day

    func with(_ body: (HandlerHarness) async throws -> Void) async throws {
        try await HandlerHarness.with(worker: EventsWorker.definition(), context: "events", body)
    }

    func send<P: Codable & Sendable>(_ h: HandlerHarness, _ name: String, _ data: P, at time: Date) async throws -> HarnessResult {
        try await h.send(.command(name, to: "events"), data: data, now: time)
    }

    func speakers<P: Codable & Sendable>(_ h: HandlerHarness, _ name: String, _ data: P, at time: Date) async throws -> HarnessResult {
        try await h.send(.event(name, from: "speakers"), data: data, now: time)
    }

    func programme(_ r: HarnessResult, _ name: String = "EventProgrammeChanged") throws -> ProgrammeNotice? {
        try r.messages("events.\(name)").first?.decode(ProgrammeNotice.self)
    }

    func programmes(_ r: HarnessResult) -> [String] {
        r.published.map(\.routingKey).filter { $0.hasPrefix("events.EventProgramme") }
    }

    /// An event at agenda_draft: a keynote at 9 by Ada (named, with her
    /// title) and a workshop at 11 by Bob (not named yet), both confirmed;
    /// a lunch at 12:30 scheduled first. Returns the ids.
    func agenda(_ h: HandlerHarness) async throws -> (event: Identifier, keynote: Identifier, workshop: Identifier, ada: Identifier, bob: Identifier)
    {
        let eventId = Identifier()
        _ = try await send(h, "CreateEvent", createCommand(eventId: eventId, number: Int.random(in: 1...1_000_000_000)), at: t0)
        let (keynote, workshop, lunch, ada, bob) = (Identifier(), Identifier(), Identifier(), Identifier(), Identifier())
        for (id, type, hour) in [(lunch, "lunch", 12.5), (workshop, "workshop", 11), (keynote, "keynote", 9)] {
            let start = Self.day0 + hour * 3600
            _ = try await send(
                h, "ScheduleSession",
                ScheduleSession(
                    sessionId: id, eventId: eventId, title: "\(type)", sessionType: type, startTime: start, endTime: start + 3600, room: "Aula"),
                at: t0)
        }
        _ = try await speakers(h, "SpeakerRegistered", SpeakerNameFields(speakerId: ada, firstName: "Ada", lastName: "Lovelace"), at: t0 + 1)
        for (speaker, session, title) in [(ada, keynote, "Swift on servers"), (bob, workshop, nil)] {
            for name in ["SpeakerInvited", "SpeakerConfirmed"] {
                let data = SpeakerSlotEvent(speakerId: speaker, sessionId: session, eventId: eventId, role: .primarySpeaker, presentationTitle: title)
                let r = try await speakers(h, name, data, at: t0 + 2)
                #expect(r.outcome == .handled && programmes(r).isEmpty, "no programme before publication")
            }
        }
        return (eventId, keynote, workshop, ada, bob)
    }

    func publish(_ h: HandlerHarness, _ eventId: Identifier, at time: Date = t0 + 5) async throws -> HarnessResult {
        try await send(h, "ChangeEventStatus", ChangeEventStatus(eventId: eventId, status: "published"), at: time)
    }

    @Test func publishingTheEventPublishesItsProgrammeInTimeOrderWithNamesTitlesAndMaterials() async throws {
        try await with { h in
            let (eventId, keynote, workshop, ada, bob) = try await agenda(h)
            let material = AddSessionMaterial(
                sessionId: keynote, kind: "link", url: "https://github.com/ada/talk", actorId: ada, actorRole: "speaker")
            #expect(programmes(try await send(h, "AddSessionMaterial", material, at: t0 + 3)).isEmpty)
            let published = try await publish(h, eventId)
            #expect(published.published.map(\.routingKey) == ["events.EventStatusChanged", "events.EventProgrammePublished"])
            let notice = try #require(try programme(published, "EventProgrammePublished"))
            #expect(notice.revision == 1 && notice.cause == .published && notice.programme.eventId == eventId)
            #expect(notice.programme.sessions.map(\.sessionType) == ["keynote", "workshop", "lunch"])
            #expect(notice.programme.sessions.map(\.room) == ["Aula", "Aula", "Aula"])
            let opening = notice.programme.sessions[0]
            #expect(
                opening.speakers == [
                    ProgrammeSpeaker(
                        speakerId: ada, firstName: "Ada", lastName: "Lovelace", role: "primary_speaker", presentationTitle: "Swift on servers")
                ])
            #expect(opening.materials.map(\.url) == ["https://github.com/ada/talk"])
            // Bob's name has not arrived: his slot is there, without it; when it comes, the programme changes.
            #expect(notice.programme.sessions[1].speakers.map(\.speakerId) == [bob] && notice.programme.sessions[1].speakers[0].lastName == nil)
            let named = try await speakers(h, "SpeakerRegistered", SpeakerNameFields(speakerId: bob, firstName: "Bob", lastName: "Kahn"), at: t0 + 6)
            let changed = try #require(try programme(named))
            #expect(changed.revision == 2 && changed.cause == .speakerNamed && changed.programme.sessions[1].speakers[0].firstName == "Bob")
            #expect(
                programmes(
                    try await speakers(h, "SpeakerProfileUpdated", SpeakerNameFields(speakerId: bob, firstName: "Bob", lastName: "Kahn"), at: t0 + 7)
                ).isEmpty)
            _ = workshop
        }
    }

    @Test func eachLaterChangeAnnouncesTheNewProgrammeAndANonChangeNothing() async throws {
        try await with { h in
            let (eventId, keynote, workshop, ada, _) = try await agenda(h)
            _ = try await publish(h, eventId)
            let start = Self.day0 + 14 * 3600
            let moved = try await send(
                h, "RescheduleSession", RescheduleSession(sessionId: keynote, startTime: start, endTime: start + 3600), at: t0 + 6)
            let afterMove = try #require(try programme(moved))
            #expect(afterMove.revision == 2 && afterMove.cause == .sessionRescheduled)
            #expect(afterMove.programme.sessions.map(\.sessionId).last == keynote, "the keynote now closes the day")
            #expect(programmes(try await send(h, "UpdateSession", UpdateSession(sessionId: keynote, title: "keynote"), at: t0 + 7)).isEmpty)
            #expect(
                try programme(try await send(h, "UpdateSession", UpdateSession(sessionId: keynote, tags: .set(["swift"])), at: t0 + 8))?.revision == 3
            )
            let open = try await send(h, "ChangeEventStatus", ChangeEventStatus(eventId: eventId, status: "registration_open"), at: t0 + 9)
            #expect(programmes(open).isEmpty)
            let released = SpeakerSlotEvent(speakerId: ada, sessionId: keynote, eventId: eventId, role: .primarySpeaker, reason: "conflict")
            let slot = try #require(try programme(try await speakers(h, "SpeakerReleased", released, at: t0 + 10)))
            #expect(slot.cause == .speakerSlotChanged && slot.programme.sessions.first { $0.sessionId == keynote }?.speakers == [])
            let cancelled = try #require(
                try programme(try await send(h, "CancelSession", CancelSession(sessionId: workshop, reason: "Trainer ill"), at: t0 + 11)))
            #expect(cancelled.revision == 5 && !cancelled.programme.sessions.contains { $0.sessionId == workshop })
            let renamed = try #require(
                try programme(try await send(h, "UpdateEvent", UpdateEvent(eventId: eventId, venueName: "Bierhübeli"), at: t0 + 12)))
            #expect(renamed.cause == .eventUpdated && renamed.programme.venueName == "Bierhübeli" && renamed.revision == 6)
            #expect(
                try await h.query("SELECT revision FROM event_programmes WHERE event_id = $1", [eventId])[0].decode(Int.self, column: "revision") == 6
            )
        }
    }

    @Test func anErasedSpeakerStaysInTheProgrammeWithoutANameAndTheNameLeavesTheOutbox() async throws {
        try await with { h in
            let (eventId, keynote, _, ada, _) = try await agenda(h)
            _ = try await publish(h, eventId)
            let erased = try await speakers(h, "SpeakerErased", SpeakerErased(speakerId: ada, erasedAt: t0 + 6), at: t0 + 6)
            let notice = try #require(try programme(erased))
            #expect(notice.cause == .speakerErased && notice.revision == 2)
            let slot = try #require(notice.programme.sessions.first { $0.sessionId == keynote }?.speakers.first)
            #expect(slot.speakerId == ada && slot.firstName == nil && slot.lastName == nil && slot.presentationTitle == "Swift on servers")
            #expect(erased.erasures.count == 1 && erased.erasures.first?.needles == [ada.description])
            // No programme the outbox still holds, nor the one kept, names her.
            let named = try await h.query(
                "SELECT count(*) FROM outbox WHERE message_type LIKE 'EventProgramme%' AND strpos(body, 'Lovelace') > 0", [])
            #expect(try named[0].decode(Int.self, at: 0) == 0)
            #expect(
                try await h.query("SELECT count(*) FROM event_programmes WHERE strpos(programme, 'Lovelace') > 0", [])[0].decode(Int.self, at: 0) == 0
            )
            #expect(
                try await h.query("SELECT count(*) FROM speaker_names WHERE first_name IS NOT NULL AND speaker_id = $1", [ada])[0].decode(
                    Int.self, at: 0) == 0)
            // A late copy of her name brings nothing back; a second erasure changes nothing.
            #expect(
                programmes(
                    try await speakers(
                        h, "SpeakerProfileUpdated", SpeakerNameFields(speakerId: ada, firstName: "Ada", lastName: "Lovelace"), at: t0 + 7)
                ).isEmpty)
            let again = try await speakers(h, "SpeakerErased", SpeakerErased(speakerId: ada, erasedAt: t0 + 8), at: t0 + 8)
            #expect(again.outcome == .handled && again.published.isEmpty && again.erasures.isEmpty)
        }
    }

    @Test func aCancelledEventHasNoProgrammeLeft() async throws {
        try await with { h in
            let (eventId, keynote, _, _, _) = try await agenda(h)
            _ = try await publish(h, eventId)
            let cancelled = try await send(h, "CancelEvent", CancelEvent(eventId: eventId, reason: "Venue flooded"), at: t0 + 6)
            #expect(programmes(cancelled).isEmpty)
            #expect(try await h.query("SELECT count(*) FROM event_programmes WHERE event_id = $1", [eventId])[0].decode(Int.self, at: 0) == 0)
            let late = AddSessionMaterial(sessionId: keynote, kind: "link", url: "https://example.ch", actorId: Identifier(), actorRole: "organiser")
            let refused = try await send(h, "AddSessionMaterial", late, at: t0 + 7)
            guard case .rejected(let rejected) = refused.outcome else {
                Issue.record("not rejected: \(refused.outcome)")
                return
            }
            #expect(rejected.reason == "event_cancelled")
        }
    }
}
