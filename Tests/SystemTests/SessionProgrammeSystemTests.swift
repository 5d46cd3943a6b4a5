import Events
import Foundation
import Identifiers
import Messaging
import Speakers
import TestSupport
import Testing
import WorkerHost

/// Sessions and the programme end to end (issue 11, items 5 and 6): the real
/// companies, events and speakers workers in a vhost of their own.
@Suite struct SessionProgrammeSystemTests {
    static let updateSession = MessageKey.command("UpdateSession", to: "events")
    static let addMaterial = MessageKey.command("AddSessionMaterial", to: "events")

    /// Registers a speaker under a name of the test's.
    func register(_ saga: Saga, _ company: Identifier, _ first: String, _ last: String) async throws -> Identifier {
        let registered = try await saga.expect(
            .command("RegisterSpeaker", to: "speakers"),
            Speakers.RegisterSpeaker(email: "\(Saga.tag())@speakers.example", firstName: first, lastName: last, companyId: company),
            "speakers.SpeakerRegistered")
        return try #require(registered.uuid("speakerId"))
    }

    func invite(_ saga: Saga, _ speaker: Identifier, _ session: Identifier, role: String = "primary_speaker", title: String? = nil) async throws {
        try await saga.expect(
            .command("InviteSpeaker", to: "speakers"),
            InviteSpeaker(speakerId: speaker, sessionId: session, role: role, presentationTitle: title, responseDeadline: Saga.inOneHour()),
            "speakers.SpeakerInvited")
    }

    /// speakers' copy takes the title and description from SessionScheduled
    /// and follows SessionUpdated; a confirmed speaker's material is taken,
    /// another speaker's refused.
    @Test func anUpdatedSessionReachesSpeakersAndMaterialsNeedAConfirmedSpeaker() async throws {
        let system = try await SystemFixture.start([.companies, .events, .speakers])
        let saga = Saga(system)
        let company = try await saga.createCompany()
        let eventId = try await saga.createEvent()
        let keynote = try await saga.schedule(eventId, "keynote", at: 9)
        let copy = "SELECT count(*) FROM sessions WHERE id = $1 AND title = $2 AND description IS NOT DISTINCT FROM $3"
        #expect(try await system.count(.speakers, copy, [keynote, "keynote at 9.0", String?.none]) == 1)

        let updated = try await saga.expect(
            Self.updateSession,
            UpdateSession(
                sessionId: keynote, title: "Paved roads", description: "Platform teams at scale", tags: .set(["platform"]),
                targetAudience: .set(["advanced"])),
            "events.SessionUpdated")
        #expect(try updated.decode(Events.SessionUpdated.self).changed == ["title", "description", "tags", "targetAudience"])
        try await eventually("speakers' copy follows SessionUpdated") {
            try await system.count(.speakers, copy, [keynote, "Paved roads", "Platform teams at scale"]) == 1
        }

        let ada = try await register(saga, company, "Ada", "Lovelace")
        let bob = try await register(saga, company, "Bob", "Kahn")
        try await invite(saga, ada, keynote)
        try await invite(saga, bob, keynote, role: "co_speaker")
        try await saga.respond(ada, keynote, "accept", expecting: "speakers.SpeakerConfirmed")
        try await eventually("events holds Ada's slot confirmed") {
            try await system.count(
                .events, "SELECT count(*) FROM session_speaker_slots WHERE speaker_id = $1 AND status = 'confirmed'", [ada]) == 1
        }
        func slides(_ actor: Identifier) -> AddSessionMaterial {
            AddSessionMaterial(
                sessionId: keynote, kind: "slides", fileName: "paved-roads.pdf", mimeType: "application/pdf", fileSizeBytes: 3_500_000,
                storageKey: "materials/\(keynote)/paved-roads.pdf", actorId: actor, actorRole: "speaker")
        }
        let added = try await saga.expect(Self.addMaterial, slides(ada), "events.SessionMaterialAdded")
        #expect(added.uuid("addedBy") == ada && added.string("kind") == "slides")
        // Bob is only invited.
        #expect(try await saga.rejection(Self.addMaterial, slides(bob)).reason == "not_a_confirmed_speaker")
        #expect(try await system.count(.events, "SELECT count(*) FROM session_materials WHERE session_id = $1", [keynote]) == 1)
        #expect(system.contractProblems() == [])
        try await system.tearDown()
    }

    /// Publishing the event publishes its programme (sessions in time order,
    /// confirmed speakers' names and titles); a reschedule changes it; the
    /// erasure of a speaker whose session is over takes the name out.
    @Test func theProgrammeIsPublishedThenFollowsAMoveAndAnErasure() async throws {
        let system = try await SystemFixture.start([.companies, .events, .speakers])
        let saga = Saga(system)
        let company = try await saga.createCompany()
        let eventId = try await saga.createEvent()
        // A session a few seconds ahead, so the test can see it end and erase its speaker.
        let (soon, end) = try await saga.scheduleSoon(eventId, title: "Warm-up", lasting: 2)
        let eveLast = "Erasable\(Saga.tag())"
        let eve = try await register(saga, company, "Eve", eveLast)
        try await invite(saga, eve, soon)
        let workshop = try await saga.schedule(eventId, "workshop", at: 11)
        let keynote = try await saga.schedule(eventId, "keynote", at: 9)
        let ada = try await register(saga, company, "Ada", "Lovelace")
        let bob = try await register(saga, company, "Bob", "Kahn")
        try await invite(saga, ada, keynote, title: "Swift on servers")
        try await invite(saga, bob, workshop)
        for (speaker, session) in [(eve, soon), (ada, keynote), (bob, workshop)] {
            try await saga.respond(speaker, session, "accept", expecting: "speakers.SpeakerConfirmed")
        }
        try await system.wait(for: "events.EventStatusChanged") { $0.uuid("eventId") == eventId && $0.string("to") == "agenda_draft" }
        try await eventually("events knows the three names") {
            try await system.count(
                .events, "SELECT count(*) FROM speaker_names WHERE speaker_id::text = ANY($1)", [[eve, ada, bob].map(\.description)]) == 3
        }

        try await saga.expect(
            .command("ChangeEventStatus", to: "events"), ChangeEventStatus(eventId: eventId, status: "published"), "events.EventStatusChanged")
        let published = try await system.wait(for: "events.EventProgrammePublished") { $0.uuid("eventId") == eventId }
        let programme = try published[0].decode(ProgrammeNotice.self)
        #expect(programme.revision == 1 && programme.cause == .published)
        #expect(programme.programme.sessions.map(\.sessionId) == [soon, keynote, workshop])
        #expect(
            programme.programme.sessions.map { $0.speakers.map { "\($0.firstName ?? "") \($0.lastName ?? "")" } } == [
                ["Eve \(eveLast)"], ["Ada Lovelace"], ["Bob Kahn"],
            ])
        #expect(programme.programme.sessions[1].speakers.first?.presentationTitle == "Swift on servers")
        #expect(programme.programme.sessions.allSatisfy { $0.speakers.allSatisfy { $0.role == "primary_speaker" } })

        let noon = Saga.day.addingTimeInterval(14 * 3600)
        try await saga.expect(
            .command("RescheduleSession", to: "events"),
            RescheduleSession(sessionId: keynote, startTime: noon, endTime: noon.addingTimeInterval(3600)),
            "events.SessionRescheduled")
        let moved = try await system.wait(for: "events.EventProgrammeChanged") { $0.uuid("eventId") == eventId }
        let afterMove = try moved[0].decode(ProgrammeNotice.self)
        #expect(afterMove.revision == 2 && afterMove.cause == .sessionRescheduled)
        #expect(afterMove.programme.sessions.map(\.sessionId) == [soon, workshop, keynote])

        try await eventually("the warm-up is over", timeout: .seconds(30)) { Date() > end }
        try await saga.expect(.command("EraseSpeaker", to: "speakers"), EraseSpeaker(speakerId: eve), "speakers.SpeakerErased")
        let erased = try await system.wait(for: "events.EventProgrammeChanged", count: 2) { $0.uuid("eventId") == eventId }
        let afterErasure = try erased[1].decode(ProgrammeNotice.self)
        #expect(afterErasure.revision == 3 && afterErasure.cause == .speakerErased)
        let slot = try #require(afterErasure.programme.sessions.first?.speakers.first)
        #expect(slot.speakerId == eve && slot.firstName == nil && slot.lastName == nil)
        #expect(!String(decoding: erased[1].body, as: UTF8.self).contains(eveLast))
        #expect(try await system.count(.events, "SELECT count(*) FROM outbox WHERE strpos(body, $1) > 0", [eveLast]) == 0)
        #expect(system.contractProblems() == [])
        try await system.tearDown()
    }
}
