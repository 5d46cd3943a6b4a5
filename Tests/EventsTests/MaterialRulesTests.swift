import Foundation
import Identifiers
import Messaging
import Testing

@testable import Events

/// Session materials' decide functions: who may hand them in and take
/// them off, and what a file or a link must say.
@Suite struct MaterialRulesTests {
    let event = anEvent(status: .published)
    let speaker = Identifier()

    func slides(_ session: Session, actor: Identifier, role: String = "speaker") -> AddSessionMaterial {
        AddSessionMaterial(
            sessionId: session.id, kind: "slides", fileName: "talk.pdf", mimeType: "application/pdf", fileSizeBytes: 2_048_000,
            storageKey: "materials/talk.pdf", actorId: actor, actorRole: role)
    }

    func add(
        _ command: AddSessionMaterial, _ session: Session?, event: Event? = nil, existing: SessionMaterial? = nil, count: Int = 0
    ) throws -> MaterialDecision {
        try MaterialRules.add(
            command, newId: Identifier(), session: session, event: event ?? self.event, existingWithId: existing,
            confirmedSpeakers: [speaker], count: count, now: t0)
    }

    func added(_ decision: MaterialDecision) -> SessionMaterial? {
        if case .add(let material) = decision { return material }
        return nil
    }

    @Test func aConfirmedSpeakerOrAnOrganiserMayAddAndNobodyElse() throws {
        let session = aSession(event)
        let material = try #require(added(try add(slides(session, actor: speaker), session)))
        #expect(material.addedBy == speaker && material.addedByRole == .speaker && material.kind == .slides && material.addedAt == t0)
        #expect(material.fileName == "talk.pdf" && material.fileSizeBytes == 2_048_000 && material.url == nil)
        #expect(material.added.addedByRole == "speaker" && material.added.materialId == material.id)
        let organiser = Identifier()
        let byOrganiser = added(try add(slides(session, actor: organiser, role: "organiser"), session))
        #expect(byOrganiser?.addedByRole == .organiser)
        // Another speaker (one only invited, say) may not.
        #expect(rejection { try add(slides(session, actor: Identifier()), session) } == "not_a_confirmed_speaker")
        #expect(rejection { try add(slides(session, actor: speaker, role: "attendee"), session) } == "invalid_actor_role")
    }

    @Test func aLinkHasAURLAndAFileItsFourFields() throws {
        let session = aSession(event)
        let link = AddSessionMaterial(
            sessionId: session.id, kind: "link", url: "https://github.com/batbern/demo", actorId: speaker, actorRole: "speaker")
        let material = try #require(added(try add(link, session)))
        #expect(material.url == "https://github.com/batbern/demo" && material.fileName == nil && material.storageKey == nil)
        var bad = link
        bad.mimeType = "text/html"
        #expect(rejection { try add(bad, session) } == "file_not_allowed")
        var file = slides(session, actor: speaker)
        file.url = "https://example.ch"
        #expect(rejection { try add(file, session) } == "url_not_allowed")
    }

    @Test func eachFieldRuleHasItsReason() {
        let session = aSession(event)
        func with(_ change: (inout AddSessionMaterial) -> Void) -> AddSessionMaterial {
            var command = slides(session, actor: speaker)
            change(&command)
            return command
        }
        let link = { (url: String?) in
            AddSessionMaterial(sessionId: session.id, kind: "link", url: url, actorId: self.speaker, actorRole: "speaker")
        }
        let cases: [(AddSessionMaterial, String)] = [
            (with { $0.kind = "poster" }, "invalid_material_kind"),
            (with { $0.fileName = nil }, "file_name_required"),
            (with { $0.fileName = String(repeating: "f", count: 256) }, "file_name_too_long"),
            (with { $0.fileName = "a\u{0}.pdf" }, "file_name_invalid"),
            (with { $0.mimeType = nil }, "mime_type_required"),
            (with { $0.mimeType = "pdf" }, "invalid_mime_type"),
            (with { $0.mimeType = "application/pdf; charset=x" }, "invalid_mime_type"),
            (with { $0.fileSizeBytes = nil }, "file_size_required"),
            (with { $0.fileSizeBytes = 0 }, "invalid_file_size"),
            (with { $0.fileSizeBytes = MaterialRules.maxFileSize + 1 }, "invalid_file_size"),
            (with { $0.storageKey = " " }, "storage_key_required"),
            (with { $0.storageKey = String(repeating: "k", count: 501) }, "storage_key_too_long"),
            (link(nil), "url_required"),
            (link("ftp://example.ch/x"), "invalid_url"),
            (link("https://exa mple.ch"), "invalid_url"),
            (link("/relative"), "invalid_url"),
            (link("https://example.ch/" + String(repeating: "x", count: 2000)), "url_too_long"),
        ]
        for (command, reason) in cases {
            #expect(rejection { try add(command, session) } == reason, "\(reason)")
        }
        #expect((try? add(with { $0.fileSizeBytes = MaterialRules.maxFileSize }, session)).flatMap(added) != nil)
    }

    @Test func theSessionAndEventMustTakeMaterials() {
        let session = aSession(event)
        let command = slides(session, actor: speaker)
        #expect(rejection { try add(command, nil) } == "unknown_session")
        #expect(rejection { try add(command, aSession(event, status: .cancelled)) } == "session_cancelled")
        #expect(rejection { try add(command, session, event: anEvent(status: .cancelled)) } == "event_cancelled")
        #expect(rejection { try add(command, session, event: anEvent(status: .archived)) } == "event_archived")
        #expect(rejection { try add(command, session, count: MaterialRules.maxPerSession) } == "too_many_materials")
        // Slides arrive after the talk: a completed event still takes them.
        #expect((try? add(command, session, event: anEvent(status: .completed))) != nil)
    }

    @Test func aRepeatedMaterialIdIsAnsweredWithTheMaterial() throws {
        let session = aSession(event)
        let existing = try #require(added(try add(slides(session, actor: speaker), session)))
        var again = slides(session, actor: Identifier())
        again.materialId = existing.id
        // Answered as it is, whoever asks again and whatever the count.
        #expect(try add(again, session, existing: existing, count: MaterialRules.maxPerSession) == .existing(existing))
        again.sessionId = Identifier()
        #expect(rejection { try add(again, aSession(event), existing: existing) } == "material_exists")
    }

    @Test func removalByAConfirmedSpeakerOrAnOrganiserAndARepeatKeepsTheFirst() throws {
        let session = aSession(event)
        var material = try #require(added(try add(slides(session, actor: speaker), session)))
        let organiser = Identifier()
        let command = RemoveSessionMaterial(sessionId: session.id, materialId: material.id, actorId: organiser, actorRole: "organiser")
        let first = try MaterialRules.remove(command, material: material, confirmedSpeakers: [speaker], now: t0 + 10)
        #expect(first.first && first.removal == MaterialRemoval(by: organiser, role: .organiser, at: t0 + 10))
        #expect(material.removed(first.removal).removedByRole == "organiser")
        material.removal = first.removal
        let byTheSpeaker = RemoveSessionMaterial(sessionId: session.id, materialId: material.id, actorId: speaker, actorRole: "speaker")
        let repeated = try MaterialRules.remove(byTheSpeaker, material: material, confirmedSpeakers: [speaker], now: t0 + 20)
        #expect(!repeated.first && repeated.removal == first.removal)
        let stranger = RemoveSessionMaterial(sessionId: session.id, materialId: material.id, actorId: Identifier(), actorRole: "speaker")
        #expect(
            rejection { try MaterialRules.remove(stranger, material: material, confirmedSpeakers: [speaker], now: t0) } == "not_a_confirmed_speaker")
        let elsewhere = RemoveSessionMaterial(sessionId: Identifier(), materialId: material.id, actorId: organiser, actorRole: "organiser")
        #expect(rejection { try MaterialRules.remove(elsewhere, material: material, confirmedSpeakers: [], now: t0) } == "unknown_material")
        #expect(rejection { try MaterialRules.remove(command, material: nil, confirmedSpeakers: [], now: t0) } == "unknown_material")
    }
}
