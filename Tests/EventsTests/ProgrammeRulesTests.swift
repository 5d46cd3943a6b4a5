import Foundation
import Identifiers
import Messaging
import Testing

@testable import Events

/// The programme: what it shows, and when it is announced.
@Suite struct ProgrammeRulesTests {
    func published() -> Event {
        var event = anEvent(status: .published)
        event.publishedAt = t0
        return event
    }

    func session(_ event: Event, at hour: Double, type: SessionType = .presentation, room: String? = "A", status: SessionStatus = .scheduled)
        -> Session
    {
        var session = aSession(event, type: type, status: status)
        session.startTime = t0 + hour * 3600
        session.endTime = session.startTime + 3600
        session.room = room
        session.title = "At \(hour)"
        return session
    }

    func slot(_ session: Session, _ speaker: Identifier, _ role: SpeakerRole, _ status: SlotStatus = .confirmed, title: String? = nil) -> SpeakerSlot
    {
        SpeakerSlot(sessionId: session.id, speakerId: speaker, role: role, status: status, asOf: t0, presentationTitle: title)
    }

    func material(_ session: Session, at time: Date, removed: Bool = false) -> SessionMaterial {
        SessionMaterial(
            id: Identifier(), sessionId: session.id, eventId: session.eventId, kind: .slides, fileName: "s.pdf", mimeType: "application/pdf",
            fileSizeBytes: 10, storageKey: "k", addedBy: Identifier(), addedByRole: .speaker, addedAt: time,
            removal: removed ? MaterialRemoval(by: Identifier(), role: .organiser, at: time + 1) : nil)
    }

    @Test func sessionsInTimeOrderWithConfirmedSpeakersByRoleAndTheirMaterials() {
        let event = published()
        let afternoon = session(event, at: 14)
        let morningB = session(event, at: 9, room: "B")
        let morningA = session(event, at: 9, room: "A")
        let cancelled = session(event, at: 8, status: .cancelled)
        let (ada, bob, cy, dan) = (Identifier(), Identifier(), Identifier(), Identifier())
        let slots = [
            slot(morningA, bob, .coSpeaker), slot(morningA, ada, .primarySpeaker, title: "Swift on servers"),
            slot(morningA, cy, .coSpeaker, .invited), slot(morningA, dan, .panelist, .declined), slot(cancelled, ada, .primarySpeaker),
        ]
        let names = [
            ada: SpeakerName(speakerId: ada, firstName: "Ada", lastName: "Lovelace", asOf: t0),
            bob: SpeakerName(speakerId: bob, firstName: nil, lastName: nil, asOf: t0, erasedAt: t0),
        ]
        let later = material(morningA, at: t0 + 20)
        let earlier = material(morningA, at: t0 + 10)
        let programme = ProgrammeRules.build(
            event, sessions: [afternoon, morningB, cancelled, morningA], slots: slots, names: names,
            materials: [later, material(morningA, at: t0 + 5, removed: true), earlier])
        #expect(programme.sessions.map(\.sessionId) == [morningA.id, morningB.id, afternoon.id])
        #expect(programme.eventId == event.id && programme.venueName == event.venueName && programme.title == event.title)
        let first = programme.sessions[0]
        #expect(first.speakers.map(\.speakerId) == [ada, bob])
        #expect(
            first.speakers[0]
                == ProgrammeSpeaker(
                    speakerId: ada, firstName: "Ada", lastName: "Lovelace", role: "primary_speaker", presentationTitle: "Swift on servers"))
        // An erased speaker keeps the slot, without a name.
        #expect(first.speakers[1].firstName == nil && first.speakers[1].lastName == nil && first.speakers[1].role == "co_speaker")
        #expect(first.materials.map(\.materialId) == [earlier.id, later.id])
        #expect(programme.sessions[1].speakers.isEmpty && programme.sessions[1].materials.isEmpty)
    }

    @Test func theFirstAnnouncementIsThePublicationThenOnlyRealChanges() throws {
        let event = published()
        let keynote = session(event, at: 9, type: .keynote)
        let programme = ProgrammeRules.build(event, sessions: [keynote], slots: [], names: [:], materials: [])
        // Whatever made events look first, the first one is the publication.
        let first = try #require(try ProgrammeRules.announce(programme, previous: nil, cause: .sessionRescheduled))
        #expect(first.isFirst && first.notice.revision == 1 && first.notice.cause == .published && first.notice.programme == programme)
        #expect(try ProgrammeRules.announce(programme, previous: first.stored, cause: .speakerNamed) == nil)
        var moved = keynote
        moved.startTime += 1800
        let changed = try #require(
            try ProgrammeRules.announce(
                ProgrammeRules.build(event, sessions: [moved], slots: [], names: [:], materials: []), previous: first.stored,
                cause: .sessionRescheduled))
        #expect(!changed.isFirst && changed.notice.revision == 2 && changed.notice.cause == .sessionRescheduled)
        // Equal on the wire is equal: a time that differs below the millisecond changes nothing.
        var jitter = keynote
        jitter.startTime += 0.0001
        let same = ProgrammeRules.build(event, sessions: [jitter], slots: [], names: [:], materials: [])
        #expect(try ProgrammeRules.announce(same, previous: first.stored, cause: .sessionUpdated) == nil)
    }

    @Test func aProgrammeIsPublicFromPublicationUntilCancellation() {
        #expect(!ProgrammeRules.isPublic(anEvent(status: .agendaDraft)))
        #expect(ProgrammeRules.isPublic(published()))
        var later = published()
        later.status = .completed
        #expect(ProgrammeRules.isPublic(later))
        later.status = .cancelled
        #expect(!ProgrammeRules.isPublic(later))
    }

    @Test func theNoticeTravelsAsTheProgrammeWithRevisionAndCauseBeside() throws {
        let event = published()
        let programme = ProgrammeRules.build(event, sessions: [session(event, at: 9)], slots: [], names: [:], materials: [])
        let notice = ProgrammeNotice(programme, revision: 3, cause: .materialAdded)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(MessageCoding.encode(notice))) as? [String: Any])
        #expect(json["revision"] as? Int == 3 && json["cause"] as? String == "material_added")
        #expect(json["eventId"] as? String == event.id.description && (json["sessions"] as? [Any])?.count == 1)
        #expect(try MessageCoding.decode(ProgrammeNotice.self, from: MessageCoding.encode(notice)) == notice)
    }
}
