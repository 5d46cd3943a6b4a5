import Foundation
import Identifiers
import Messaging
import Testing

@testable import Speakers

/// EraseSpeaker's decision.
@Suite struct ErasureRulesTests {
    let speaker = aSpeaker()

    func decide(_ invitations: [(Assignment, SessionCopy?)], now: Date = t0, speaker: Speaker? = nil) throws -> SpeakerErasure.Decision {
        try SpeakerErasure.decide(speaker ?? self.speaker, id: self.speaker.id, invitations: invitations, now: now)
    }

    @Test func aConfirmedSessionThatHasNotEndedBlocksErasure() throws {
        let session = aSession(start: t0 + day)
        let confirmed = anAssignment(speaker: speaker, session: session, status: .confirmed)
        #expect(rejection { try decide([(confirmed, session)]) } == "has_upcoming_sessions")
        // Under way counts as upcoming; ended does not.
        #expect(rejection { try decide([(confirmed, session)], now: session.startTime + 1) } == "has_upcoming_sessions")
        #expect(rejection { try decide([(confirmed, session)], now: session.endTime) } == nil)
        // A cancelled session holds nobody.
        var cancelled = session
        cancelled.status = .cancelled
        #expect(rejection { try decide([(confirmed, cancelled)]) } == nil)
        #expect(rejection { try SpeakerErasure.decide(nil, id: Identifier(), invitations: [], now: t0) } == "unknown_speaker")
    }

    @Test func personalDataGoesOpenInvitationsAreWithdrawnAndReasonsDropped() throws {
        let past = aSession(start: t0 - day)
        let future = aSession(start: t0 + day)
        var tentative = anAssignment(speaker: speaker, session: future, status: .tentative)
        tentative.statusReason = "asking my boss, Bob Smith"
        var declined = anAssignment(speaker: speaker, session: future, status: .declined)
        declined.declineReason = "my daughter's wedding"
        var expired = anAssignment(speaker: speaker, session: future, status: .expired)
        expired.declineReason = "expired"
        let done = anAssignment(speaker: speaker, session: past, status: .confirmed)
        let decision = try decide([(tentative, future), (declined, future), (expired, future), (done, past)])

        let anonymous = try #require(decision.speaker)
        #expect(anonymous.personal == nil && anonymous.isErased && anonymous.erasedAt == t0)
        #expect(anonymous.id == speaker.id && anonymous.companyId == speaker.companyId && anonymous.baseAvailability == .unavailable)
        #expect(decision.withdrawn.map(\.id) == [tentative.id])
        #expect(decision.withdrawn[0].status == .withdrawn && decision.withdrawn[0].statusReason == "speaker_erased")
        let changed = Dictionary(uniqueKeysWithValues: decision.invitations.map { ($0.id, $0) })
        #expect(Set(changed.keys) == [tentative.id, declined.id])
        #expect(changed[declined.id]?.declineReason == nil && changed[declined.id]?.status == .declined)
        #expect(changed[declined.id]?.version == declined.version + 1)
        #expect(decision.erased == SpeakerErased(speakerId: speaker.id, erasedAt: t0))
    }

    @Test func erasingAgainChangesNothingAndAnswersTheSame() throws {
        var erased = speaker
        erased.personal = nil
        erased.erasedAt = t0 - day
        let decision = try decide([], now: t0, speaker: erased)
        #expect(decision.speaker == nil && decision.invitations.isEmpty && decision.withdrawn.isEmpty)
        #expect(decision.erased == SpeakerErased(speakerId: speaker.id, erasedAt: t0 - day))
    }

    @Test func anErasedSpeakerCannotBeInvitedRegisteredAgainOrSetAvailable() {
        var erased = speaker
        erased.personal = nil
        let session = aSession()
        #expect(
            rejection {
                try Invitations.invite(
                    InviteSpeaker(speakerId: erased.id, sessionId: session.id, role: "primary_speaker"), newId: Identifier(), now: t0,
                    settings: SpeakersSettings(), speaker: erased, session: session, existing: nil, otherConfirmed: []
                )
            } == "speaker_erased")
        #expect(
            rejection {
                try SpeakerRules.register(
                    RegisterSpeaker(speakerId: erased.id, email: "ada@example.ch", firstName: "A", lastName: "L", companyId: Identifier()),
                    newId: Identifier(), existingWithId: erased, emailOwner: nil, companyKnown: true
                )
            } == "speaker_erased")
        #expect(
            rejection { try SpeakerRules.setAvailability(SetSpeakerAvailability(speakerId: erased.id, availability: "busy"), speaker: erased) }
                == "speaker_erased")
    }
}

/// The speaking history an event's completion records.
@Suite struct SpeakingHistoryTests {
    @Test func confirmedSpeakersOfTheEventsHeldSessionsOnly() {
        let event = Identifier()
        let speaker = aSpeaker()
        var keynote = aSession(start: t0)
        keynote.eventId = event
        keynote.title = "Opening"
        var cancelled = aSession(start: t0 + 3600, status: .cancelled)
        cancelled.eventId = event
        let elsewhere = aSession(start: t0)
        var titled = anAssignment(speaker: speaker, session: keynote, status: .confirmed)
        titled.role = .moderator
        let untitled = anAssignment(speaker: aSpeaker(), session: keynote, status: .confirmed)
        var withTitle = titled
        withTitle.presentationTitle = "Swift on Linux"
        let entries = SpeakingHistory.completed(
            eventId: event, sessions: [keynote, cancelled, elsewhere],
            invitations: [
                withTitle, untitled, anAssignment(speaker: speaker, session: keynote, status: .declined),
                anAssignment(speaker: speaker, session: cancelled, status: .confirmed),
                anAssignment(speaker: speaker, session: elsewhere, status: .confirmed),
            ]
        )
        #expect(entries.map(\.speakerId) == [speaker.id, untitled.speakerId])
        #expect(
            entries[0].engagement
                == SpeakingEngagement(
                    eventId: event, sessionId: keynote.id, role: "moderator", sessionType: "keynote", title: "Swift on Linux", date: t0))
        // Without a presentation title, the session's.
        #expect(entries[1].engagement.title == "Opening" && entries[1].engagement.role == "primary_speaker")
    }
}

/// Reminders and the speaker's opt-out.
@Suite struct ReminderOptOutTests {
    @Test func anOptedOutSpeakerGetsNoReminderButStillExpires() {
        let speaker = aSpeaker()
        let session = aSession()
        for status in [InvitationStatus.invited, .tentative] {
            let open = anAssignment(speaker: speaker, session: session, status: status)
            #expect(Invitations.remind(open, invitedAt: t0, optedOut: true) == nil)
            #expect(Invitations.remind(open, invitedAt: t0, optedOut: false)?.remindersSent == 1, "tentative keeps its reminders")
            #expect(Invitations.expire(open, invitedAt: t0, now: t0 + 30 * day)?.status == .expired)
        }
    }
}

/// The company copy follows CompanyCreated and CompanyUpdated in any order.
@Suite struct CompanyCopyTests {
    let id = Identifier()

    var created: CompanyCopy {
        CompanyCopy.created(
            CompanyCreated(companyId: id, name: "Acme AG", isPartner: false, displayName: "Acme", industry: "IT", employeeCount: 40),
            at: t0, known: nil
        )
    }

    @Test func anUpdateChangesOnlyTheFieldsItGives() {
        let renamed = created.updated(CompanyUpdated(companyId: id, displayName: "ACME"), at: t0 + 1)
        #expect(renamed.name == "Acme AG" && renamed.displayName == "ACME" && renamed.namesAsOf == t0 + 1)
        #expect(!renamed.isPartner && renamed.partnerAsOf == t0 && renamed.industry == "IT" && renamed.employeeCount == 40)
        let partner = renamed.updated(CompanyUpdated(companyId: id, isPartner: true, employeeCount: 41), at: t0 + 2)
        #expect(partner.isPartner && partner.employeeCount == 41 && partner.industry == "IT" && partner.displayName == "ACME")
    }

    @Test func anOlderEventNeverUndoesANewerOne() {
        let partner = created.updated(CompanyUpdated(companyId: id, isPartner: true), at: t0 + 2)
        // A late update of the flag is ignored; one of the names is not (its group is older).
        let late = partner.updated(CompanyUpdated(companyId: id, name: "Old AG", isPartner: false), at: t0 + 1)
        #expect(late.isPartner && late.name == "Old AG")
        // CompanyCreated delivered again later changes only what nothing newer set.
        let again = CompanyCopy.created(
            CompanyCreated(companyId: id, name: "Acme AG", isPartner: false, displayName: "Acme", industry: "IT", employeeCount: 40),
            at: t0 + 1.5, known: late
        )
        #expect(again.isPartner && again.name == "Acme AG" && again.displayName == "Acme")
    }
}
