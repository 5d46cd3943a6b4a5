import Foundation
import Identifiers
import Testing

@testable import Events

/// The speaker name copy and the slot's presentation title: older events
/// never win, erasure is final.
@Suite struct SpeakerNameTests {
    let id = Identifier()

    func fields(_ first: String) -> SpeakerNameFields { SpeakerNameFields(speakerId: id, firstName: first, lastName: "Lovelace") }

    @Test func aNewerNameReplacesAnOlderOneNeverTheOtherWayRound() throws {
        let first = try #require(SpeakerName.named(nil, fields("Ada"), occurredAt: t0))
        #expect(first.firstName == "Ada" && first.asOf == t0 && first.erasedAt == nil)
        let renamed = try #require(SpeakerName.named(first, fields("Augusta"), occurredAt: t0 + 2))
        #expect(renamed.firstName == "Augusta")
        #expect(SpeakerName.named(renamed, fields("Ada"), occurredAt: t0 + 1) == nil)
        // The same name again moves the copy's time on, so an older name in between cannot come back.
        #expect(SpeakerName.named(renamed, fields("Augusta"), occurredAt: t0 + 3)?.asOf == t0 + 3)
    }

    @Test func erasureIsFinal() throws {
        let named = try #require(SpeakerName.named(nil, fields("Ada"), occurredAt: t0 + 5))
        let erased = try #require(SpeakerName.erased(named, speakerId: id, at: t0 + 1, occurredAt: t0 + 1))
        #expect(erased.firstName == nil && erased.lastName == nil && erased.erasedAt == t0 + 1 && erased.asOf == t0 + 5)
        #expect(SpeakerName.named(erased, fields("Ada"), occurredAt: t0 + 9) == nil)
        #expect(SpeakerName.erased(erased, speakerId: id, at: t0 + 9, occurredAt: t0 + 9) == nil)
        // Erased before events ever heard the name: nothing comes later either.
        let unknown = try #require(SpeakerName.erased(nil, speakerId: id, at: t0, occurredAt: t0))
        #expect(SpeakerName.named(unknown, fields("Ada"), occurredAt: t0 + 1) == nil)
    }

    @Test func anInvitationOrAConfirmationSetsThePresentationTitleTheRestKeepIt() throws {
        let (session, speaker) = (Identifier(), Identifier())
        func apply(_ change: SlotChange, _ existing: SpeakerSlot?, at time: Date, title: String?) -> SpeakerSlot? {
            guard
                case .write(let slot, _) = Agenda.apply(
                    change, to: existing, sessionId: session, speakerId: speaker, role: .primarySpeaker, occurredAt: time,
                    presentationTitle: title)
            else { return nil }
            return slot
        }
        let invited = try #require(apply(.invited, nil, at: t0, title: "Swift on servers"))
        #expect(invited.presentationTitle == "Swift on servers")
        let declined = try #require(apply(.declined, invited, at: t0 + 1, title: nil))
        #expect(declined.presentationTitle == "Swift on servers")
        // A new invitation of the pair brings its own title, or none.
        #expect(try #require(apply(.invited, declined, at: t0 + 2, title: nil)).presentationTitle == nil)
        #expect(try #require(apply(.confirmed, nil, at: t0 + 3, title: "Late title")).presentationTitle == "Late title")
    }
}
