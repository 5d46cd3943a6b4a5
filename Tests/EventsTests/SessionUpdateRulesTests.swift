import Foundation
import Identifiers
import Messaging
import Testing

@testable import Events

/// UpdateSession's decide function: patches, their rules, what changed.
@Suite struct SessionUpdateRulesTests {
    let event = anEvent(status: .speakersInvited)

    func update(_ command: UpdateSession, _ session: Session, event: Event? = nil, hasSpeakers: Bool = false) throws -> SessionUpdate {
        try SessionRules.update(command, session: session, event: event ?? self.event, hasSpeakers: hasSpeakers)
    }

    @Test func givenFieldsChangeAndTheRestStays() throws {
        var session = aSession(event)
        session.description = "Old"
        session.capacity = 80
        let result = try update(
            UpdateSession(
                sessionId: session.id, title: "Paved roads", description: .clear, sessionType: "workshop", capacity: 40, language: "en",
                tags: .set(["platform", "devex", "platform"]), prerequisites: .set(["Docker"]),
                targetAudience: .set(["advanced", "beginner", "advanced"])),
            session)
        #expect(result.changed == ["title", "description", "sessionType", "capacity", "language", "tags", "prerequisites", "targetAudience"])
        #expect(result.session.title == "Paved roads" && result.session.description == nil && result.session.sessionType == .workshop)
        #expect(result.session.capacity == 40 && result.session.language == "en")
        // Repeats dropped; levels in rising order, so the same set is the same value.
        #expect(result.session.tags == ["platform", "devex"] && result.session.prerequisites == ["Docker"])
        #expect(result.session.targetAudience == [.beginner, .advanced])
        #expect(result.session.startTime == session.startTime && result.session.room == session.room && result.session.id == session.id)
        let updated = result.updated
        #expect(updated.changed == result.changed && updated.targetAudience == ["beginner", "advanced"] && updated.title == "Paved roads")
    }

    @Test func nothingGivenOrTheSameValuesChangeNothing() throws {
        var session = aSession(event)
        session.tags = ["a"]
        session.targetAudience = [.beginner, .expert]
        #expect(try update(UpdateSession(sessionId: session.id), session).changed.isEmpty)
        let same = try update(
            UpdateSession(
                sessionId: session.id, title: .set(session.title), tags: .set(["a", "a"]), targetAudience: .set(["expert", "beginner"])),
            session)
        #expect(same.changed.isEmpty && same.session == session)
    }

    @Test func clearingEmptiesListsAndOptionalFieldsButNotRequiredOnes() throws {
        var session = aSession(event)
        session.capacity = 10
        session.tags = ["a"]
        session.prerequisites = ["b"]
        session.targetAudience = [.expert]
        let cleared = try update(
            UpdateSession(sessionId: session.id, capacity: .clear, tags: .clear, prerequisites: .clear, targetAudience: .clear), session)
        #expect(cleared.session.capacity == nil && cleared.session.tags.isEmpty && cleared.session.prerequisites.isEmpty)
        #expect(cleared.session.targetAudience.isEmpty && cleared.changed == ["capacity", "tags", "prerequisites", "targetAudience"])
        for (command, reason) in [
            (UpdateSession(sessionId: session.id, title: .clear), "title_required"),
            (UpdateSession(sessionId: session.id, sessionType: .clear), "session_type_required"),
            (UpdateSession(sessionId: session.id, language: .clear), "language_required"),
        ] {
            #expect(rejection { try update(command, session) } == reason)
        }
    }

    @Test func eachRuleHasItsReason() {
        let session = aSession(event)
        let id = session.id
        let cases: [(UpdateSession, String)] = [
            (UpdateSession(sessionId: id, title: "  "), "title_required"),
            (UpdateSession(sessionId: id, title: .set(String(repeating: "x", count: 256))), "title_too_long"),
            (UpdateSession(sessionId: id, description: "a\u{0}b"), "description_invalid"),
            (UpdateSession(sessionId: id, sessionType: "lecture"), "invalid_session_type"),
            (UpdateSession(sessionId: id, capacity: 0), "invalid_capacity"),
            (UpdateSession(sessionId: id, capacity: .set(Int(Int32.max) + 1)), "invalid_capacity"),
            (UpdateSession(sessionId: id, language: ""), "language_required"),
            (UpdateSession(sessionId: id, language: "de-CH-zurich"), "language_too_long"),
            (UpdateSession(sessionId: id, tags: .set([" "])), "tag_required"),
            (UpdateSession(sessionId: id, tags: .set([String(repeating: "t", count: 51)])), "tag_too_long"),
            (UpdateSession(sessionId: id, tags: .set((0...20).map { "t\($0)" })), "too_many_tags"),
            (UpdateSession(sessionId: id, prerequisites: .set([""])), "prerequisite_required"),
            (UpdateSession(sessionId: id, prerequisites: .set([String(repeating: "p", count: 256)])), "prerequisite_too_long"),
            (UpdateSession(sessionId: id, prerequisites: .set((0...20).map { "p\($0)" })), "too_many_prerequisites"),
            (UpdateSession(sessionId: id, targetAudience: .set(["guru"])), "invalid_target_audience"),
        ]
        for (command, reason) in cases {
            #expect(rejection { try update(command, session) } == reason, "\(reason)")
        }
        #expect(
            rejection { try SessionRules.update(UpdateSession(sessionId: id), session: nil, event: nil, hasSpeakers: false) } == "unknown_session")
        #expect(rejection { try update(UpdateSession(sessionId: id), aSession(event, status: .cancelled)) } == "session_cancelled")
        #expect(rejection { try update(UpdateSession(sessionId: id), session, event: anEvent(status: .cancelled)) } == "event_cancelled")
        #expect(rejection { try update(UpdateSession(sessionId: id), session, event: anEvent(status: .completed)) } == "event_finished")
    }

    @Test func aSessionWithSpeakersKeepsATypeWithSpeakers() throws {
        let session = aSession(event, type: .presentation)
        #expect(
            rejection { try update(UpdateSession(sessionId: session.id, sessionType: "break"), session, hasSpeakers: true) } == "session_has_speakers"
        )
        #expect(
            try update(UpdateSession(sessionId: session.id, sessionType: "panel_discussion"), session, hasSpeakers: true).changed == ["sessionType"])
        #expect(try update(UpdateSession(sessionId: session.id, sessionType: "lunch"), session).session.sessionType == .lunch)
    }

    /// Like UpdateEvent's `capacity_below_confirmed`: the session seats
    /// attendees hold stay held.
    @Test func aCapacityBelowTheSessionSeatsHeldIsRefused() throws {
        let session = aSession(event, type: .workshop)
        func change(to capacity: Int, held: Int) throws -> SessionUpdate {
            try SessionRules.update(
                UpdateSession(sessionId: session.id, capacity: .set(capacity)), session: session, event: event, hasSpeakers: false, seatsTaken: held)
        }
        #expect(rejection { try change(to: 2, held: 3) } == "capacity_below_reserved")
        #expect(try change(to: 3, held: 3).session.capacity == 3)
        #expect(try change(to: 10, held: 3).session.capacity == 10)
    }

    @Test func theCommandReadsAbsentNullAndValuesApart() throws {
        let id = Identifier()
        let json = #"{"sessionId":"\#(id)","description":null,"capacity":12,"tags":["x"]}"#
        let command = try MessageCoding.decode(UpdateSession.self, from: Array(json.utf8))
        #expect(command == UpdateSession(sessionId: id, description: .clear, capacity: 12, tags: .set(["x"])))
    }
}
