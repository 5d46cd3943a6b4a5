import Foundation
import Identifiers
import Messaging
import Testing

@testable import Speakers

@Suite struct InviteTests {
    let settings = SpeakersSettings()
    let speaker = aSpeaker()
    let session = aSession()

    func invite(
        role: String = "primary_speaker", deadline: Date? = nil, speaker: Speaker?? = nil, session: SessionCopy?? = nil,
        existing: Assignment? = nil, others: [SessionCopy] = [], now: Date = t0
    ) throws -> InviteOutcome {
        let target = session ?? self.session
        let command = InviteSpeaker(
            speakerId: self.speaker.id, sessionId: target?.id ?? Identifier(), role: role, responseDeadline: deadline
        )
        return try Invitations.invite(
            command, newId: Identifier(), now: now, settings: settings, speaker: speaker ?? self.speaker, session: target,
            existing: existing, otherConfirmed: others
        )
    }

    @Test func defaultDeadlineIsThirtyDaysWithRemindersAt14_7_3DaysBefore() throws {
        guard case .invite(let assignment, let reminders) = try invite() else {
            Issue.record("expected an invitation")
            return
        }
        #expect(assignment.status == .invited && assignment.invitedAt == t0 && assignment.version == 1)
        #expect(assignment.responseDeadline == t0 + 30 * day)
        #expect(assignment.eventId == session.eventId && assignment.role == .primarySpeaker)
        #expect(
            reminders == [
                Reminder(at: t0 + 16 * day, daysLeft: 14),
                Reminder(at: t0 + 23 * day, daysLeft: 7),
                Reminder(at: t0 + 27 * day, daysLeft: 3),
            ])
    }

    @Test func remindersAlreadyPastAreSkippedAndOffsetsCanBeSeconds() {
        #expect(
            Invitations.reminders(now: t0, deadline: t0 + 5 * day, offsets: [14 * day, 7 * day, 3 * day])
                == [Reminder(at: t0 + 2 * day, daysLeft: 3)])
        #expect(
            Invitations.reminders(now: t0, deadline: t0 + 10, offsets: [3, 6, 3, 0, 12])
                == [Reminder(at: t0 + 4, daysLeft: 1), Reminder(at: t0 + 7, daysLeft: 1)])
    }

    @Test func settingsComeFromTheEnvironment() throws {
        let settings = try SpeakersSettings(environment: [
            "BATBERN_SPEAKERS_RESPONSE_WINDOW_SECONDS": "20",
            "BATBERN_SPEAKERS_REMINDER_OFFSETS_SECONDS": "12, 6,3",
        ])
        #expect(settings.responseWindow == 20 && settings.reminderOffsets == [12, 6, 3])
        #expect(settings.companyGracePeriod == 3600)
        #expect(try SpeakersSettings(environment: [:]) == SpeakersSettings())
        #expect(throws: InvalidSettings.self) { try SpeakersSettings(environment: ["BATBERN_SPEAKERS_RESPONSE_WINDOW_SECONDS": "soon"]) }
    }

    @Test func aGivenDeadlineMustBeAhead() throws {
        guard case .invite(let assignment, _) = try invite(deadline: t0 + day) else {
            Issue.record("expected an invitation")
            return
        }
        #expect(assignment.responseDeadline == t0 + day)
        #expect(rejection { try invite(deadline: t0) } == "invalid_response_deadline")
    }

    @Test func rejectsBrokenRules() {
        #expect(rejection { try invite(role: "host") } == "invalid_role")
        #expect(rejection { try invite(speaker: .some(nil)) } == "unknown_speaker")
        #expect(rejection { try invite(session: .some(nil)) } == "unknown_session")
        #expect(rejection { try invite(session: aSession(status: .cancelled)) } == "session_cancelled")
        #expect(rejection { try invite(now: session.startTime) } == "session_started")
        #expect(
            rejection {
                try Invitations.invite(
                    InviteSpeaker(
                        speakerId: speaker.id, sessionId: session.id, role: "moderator", presentationTitle: String(repeating: "p", count: 256)),
                    newId: Identifier(), now: t0, settings: settings, speaker: speaker, session: session, existing: nil, otherConfirmed: []
                )
            } == "presentation_title_too_long")
    }

    @Test func anOpenInvitationForThePairIsTheAnswer() throws {
        for status in [InvitationStatus.invited, .tentative] {
            let existing = anAssignment(speaker: speaker, session: session, status: status)
            #expect(try invite(existing: existing) == .existing(existing))
        }
        #expect(rejection { try invite(existing: anAssignment(speaker: speaker, session: session, status: .confirmed)) } == "already_confirmed")
    }

    @Test func aClosedInvitationIsReopenedOnTheSameRow() throws {
        for status in [InvitationStatus.declined, .expired, .withdrawn, .released] {
            var existing = anAssignment(speaker: speaker, session: session, status: status, invitedAt: t0 - day)
            existing.declineReason = "no"
            existing.version = 4
            guard case .invite(let again, _) = try invite(existing: existing) else {
                Issue.record("expected a re-invitation")
                return
            }
            #expect(again.id == existing.id && again.version == 5)
            #expect(again.status == .invited && again.invitedAt == t0 && again.declineReason == nil)
        }
    }

    @Test func anOverlappingConfirmedSessionBlocksTheInvitation() {
        let overlapping = aSession(start: session.startTime + 30 * 60)
        let adjacent = aSession(start: session.endTime)
        let cancelled = aSession(start: session.startTime, status: .cancelled)
        #expect(rejection { try invite(others: [overlapping]) } == "schedule_conflict")
        #expect(rejection { try invite(others: [adjacent, cancelled]) } == nil)
    }

    @Test func overlapIsHalfOpen() {
        let a = aSession(start: t0, minutes: 60)
        #expect(a.overlaps(aSession(start: t0 + 59 * 60)))
        #expect(a.overlaps(aSession(start: t0 - 59 * 60)))
        #expect(!a.overlaps(aSession(start: t0 + 60 * 60)))
        #expect(!a.overlaps(aSession(start: t0 - 60 * 60)))
        #expect(a.overlaps(aSession(start: t0 - 60, minutes: 600)))
    }
}

@Suite struct RespondTests {
    let speaker = aSpeaker()
    let session = aSession()

    func respond(
        _ response: String, reason: String? = nil, assignment: Assignment?? = nil, others: [SessionCopy] = [],
        now: Date = t0 + day, speaker: Speaker?? = nil
    ) throws -> (Assignment, InvitationResponse) {
        try Invitations.respond(
            RespondToInvitation(speakerId: self.speaker.id, sessionId: session.id, response: response, reason: reason),
            now: now, speaker: speaker ?? self.speaker,
            assignment: assignment ?? anAssignment(speaker: self.speaker, session: session),
            otherConfirmed: others, session: session
        )
    }

    @Test func acceptConfirms() throws {
        let (answered, response) = try respond("accept")
        #expect(response == .accept)
        #expect(answered.status == .confirmed && answered.confirmedAt == t0 + day && answered.respondedAt == t0 + day)
        #expect(answered.version == 2)
    }

    @Test func declineAndTentativeNeedAReason() throws {
        #expect(rejection { try respond("decline") } == "reason_required")
        #expect(rejection { try respond("tentative", reason: "  ") } == "reason_required")
        #expect(rejection { try respond("decline", reason: String(repeating: "r", count: 1001)) } == "reason_too_long")
        let (declined, _) = try respond("decline", reason: "on holiday")
        #expect(declined.status == .declined && declined.declineReason == "on holiday" && declined.declinedAt == t0 + day)
        let (tentative, _) = try respond("tentative", reason: "checking my calendar")
        #expect(tentative.status == .tentative && tentative.statusReason == "checking my calendar")
        #expect(tentative.status.isOpen)
    }

    @Test func aTentativeInvitationCanStillBeAnswered() throws {
        let tentative = anAssignment(speaker: speaker, session: session, status: .tentative)
        #expect(try respond("accept", assignment: tentative).0.status == .confirmed)
        #expect(try respond("decline", reason: "no", assignment: tentative).0.status == .declined)
    }

    @Test func aClosedInvitationIsAlreadyAnswered() {
        for status in [InvitationStatus.confirmed, .declined, .expired, .withdrawn, .released] {
            let closed = anAssignment(speaker: speaker, session: session, status: status)
            #expect(rejection { try respond("accept", assignment: closed) } == "already_answered")
        }
    }

    @Test func rejectsBrokenRules() {
        #expect(rejection { try respond("maybe") } == "invalid_response")
        #expect(rejection { try respond("accept", speaker: .some(nil)) } == "unknown_speaker")
        #expect(rejection { try respond("accept", assignment: .some(nil)) } == "unknown_invitation")
        #expect(rejection { try respond("accept", now: t0 + 30 * day) } == "response_deadline_passed")
    }

    @Test func acceptingWhileConfirmedForAnOverlappingSessionIsDoubleBooking() {
        let overlapping = aSession(start: session.startTime - 30 * 60)
        #expect(rejection { try respond("accept", others: [overlapping]) } == "double_booked")
        // Declining is always possible.
        #expect(rejection { try respond("decline", reason: "clash", others: [overlapping]) } == nil)
    }

    @Test func withdrawNeedsAReasonAndAnActiveInvitation() throws {
        func withdraw(_ reason: String, _ status: InvitationStatus) throws -> Assignment {
            try Invitations.withdraw(
                WithdrawSpeaker(speakerId: speaker.id, sessionId: session.id, reason: reason), now: t0, speaker: speaker,
                assignment: anAssignment(speaker: speaker, session: session, status: status)
            )
        }
        #expect(try withdraw("ill", .confirmed).status == .withdrawn)
        #expect(try withdraw("ill", .invited).statusReason == "ill")
        #expect(rejection { try withdraw("", .confirmed) } == "reason_required")
        #expect(rejection { try withdraw("ill", .declined) } == "invitation_closed")
        #expect(
            rejection {
                try Invitations.withdraw(
                    WithdrawSpeaker(speakerId: speaker.id, sessionId: session.id, reason: "x"), now: t0, speaker: speaker, assignment: nil)
            } == "unknown_invitation")
    }
}

@Suite struct TimersAndCompensationTests {
    let speaker = aSpeaker()
    let session = aSession()

    @Test func remindersAndExpiryActOnlyOnTheOpenInvitationTheyWereSetFor() {
        let open = anAssignment(speaker: speaker, session: session, invitedAt: t0)
        #expect(Invitations.remind(open, invitedAt: t0, optedOut: false)?.remindersSent == 1)
        #expect(Invitations.remind(open, invitedAt: t0 - day, optedOut: false) == nil)
        #expect(Invitations.remind(nil, invitedAt: t0, optedOut: false) == nil)
        // Milliseconds on the wire, microseconds in the database.
        #expect(Invitations.remind(open, invitedAt: t0 + 0.0004, optedOut: false) != nil)
        let expired = Invitations.expire(open, invitedAt: t0, now: t0 + 30 * day)
        #expect(expired?.status == .expired && expired?.declineReason == "expired" && expired?.declinedAt == t0 + 30 * day)
        for status in [InvitationStatus.confirmed, .declined, .expired, .withdrawn, .released] {
            let closed = anAssignment(speaker: speaker, session: session, status: status)
            #expect(Invitations.remind(closed, invitedAt: t0, optedOut: false) == nil)
            #expect(Invitations.expire(closed, invitedAt: t0, now: t0) == nil)
        }
        let tentative = anAssignment(speaker: speaker, session: session, status: .tentative)
        #expect(Invitations.expire(tentative, invitedAt: t0, now: t0)?.status == .expired)
    }

    @Test func releaseTakesOnlyActiveInvitations() {
        for status in [InvitationStatus.invited, .tentative, .confirmed] {
            let released = Invitations.release(anAssignment(speaker: speaker, session: session, status: status), reason: "conflict", now: t0)
            #expect(released?.status == .released && released?.statusReason == "conflict" && released?.version == 2)
        }
        for status in [InvitationStatus.declined, .expired, .withdrawn, .released] {
            #expect(Invitations.release(anAssignment(speaker: speaker, session: session, status: status), reason: "x", now: t0) == nil)
        }
    }

    @Test func aRescheduledSessionConflictsOnlyWithOtherScheduledOverlappingSessions() {
        var moved = session
        let other = aSession(start: session.startTime + 2 * 3600)
        #expect(!Invitations.conflicts(moved, otherConfirmed: [other]))
        moved.startTime = other.startTime + 600
        moved.endTime = other.endTime + 600
        #expect(Invitations.conflicts(moved, otherConfirmed: [other]))
        var cancelled = other
        cancelled.status = .cancelled
        #expect(!Invitations.conflicts(moved, otherConfirmed: [cancelled]))
        #expect(!Invitations.conflicts(moved, otherConfirmed: [moved]))
    }
}
