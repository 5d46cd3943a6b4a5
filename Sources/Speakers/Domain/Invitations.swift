public import Foundation
public import Identifiers
public import Messaging

/// One invitation of a speaker to a session: a `session_speakers` row.
/// There is one row per pair; a re-invitation reuses it.
public struct Assignment: Sendable, Equatable {
    public var id: Identifier
    public var sessionId: Identifier
    public var speakerId: Identifier
    public var eventId: Identifier
    public var role: SpeakerRole
    public var presentationTitle: String?
    public var status: InvitationStatus
    public var invitedAt: Date
    public var responseDeadline: Date
    public var confirmedAt: Date?
    public var declinedAt: Date?
    public var declineReason: String?
    /// The reason given with tentative, withdrawal or release.
    public var statusReason: String?
    public var respondedAt: Date?
    public var remindersSent: Int
    /// Bumped by every change; the store checks the old value.
    public var version: Int

    /// The key of this invitation's reminder and expiry timers.
    public var timerKey: String { "speakers.invitation.\(id)" }
    /// The key of the timer that refreshes availability when the session ends.
    public var availabilityTimerKey: String { "speakers.availability.\(id)" }
}

/// A reminder timer to set: when, and how many days it announces.
public struct Reminder: Sendable, Equatable {
    public var at: Date
    public var daysLeft: Int
}

public enum InviteOutcome: Sendable, Equatable {
    /// A new invitation (possibly reusing the pair's closed row), with its reminders.
    case invite(Assignment, reminders: [Reminder])
    /// The pair already has an open invitation: answer with it.
    case existing(Assignment)
}

public enum Invitations {
    /// `otherConfirmed`: the sessions of the speaker's other confirmed invitations.
    public static func invite(
        _ command: InviteSpeaker, newId: Identifier, now: Date, settings: SpeakersSettings, speaker: Speaker?,
        session: SessionCopy?, existing: Assignment?, otherConfirmed: [SessionCopy]
    ) throws(CommandRejection) -> InviteOutcome {
        guard let role = SpeakerRole(rawValue: command.role) else {
            throw CommandRejection(
                "invalid_role", "role must be one of \(SpeakerRole.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        let title = try Validate.optional(command.presentationTitle, "presentation_title", max: 255)
        try SpeakerRules.requireActive(speaker, command.speakerId)
        guard let session else { throw CommandRejection("unknown_session", "no session \(command.sessionId)") }
        guard session.status == .scheduled else {
            throw CommandRejection("session_cancelled", "session \(session.id) is cancelled")
        }
        guard session.startTime > now else {
            throw CommandRejection("session_started", "session \(session.id) has already started")
        }
        if let existing {
            if existing.status.isOpen { return .existing(existing) }
            if existing.status == .confirmed {
                throw CommandRejection("already_confirmed", "the speaker is already confirmed for this session")
            }
        }
        if let clash = otherConfirmed.first(where: { $0.status == .scheduled && $0.overlaps(session) }) {
            throw CommandRejection(
                "schedule_conflict", "the speaker is confirmed for session \(clash.id), which overlaps this one"
            )
        }
        let deadline = command.responseDeadline ?? now.addingTimeInterval(settings.responseWindow)
        guard deadline > now else {
            throw CommandRejection("invalid_response_deadline", "responseDeadline must be in the future")
        }
        let assignment = Assignment(
            id: existing?.id ?? newId, sessionId: session.id, speakerId: command.speakerId, eventId: session.eventId,
            role: role, presentationTitle: title, status: .invited, invitedAt: now, responseDeadline: deadline,
            confirmedAt: nil, declinedAt: nil, declineReason: nil, statusReason: nil, respondedAt: nil,
            remindersSent: 0, version: (existing?.version ?? 0) + 1
        )
        return .invite(assignment, reminders: reminders(now: now, deadline: deadline, offsets: settings.reminderOffsets))
    }

    /// A reminder `offset` before the deadline for each offset that is still
    /// ahead, earliest first. `daysLeft` is the offset in whole days, rounded
    /// up (so second-scale test offsets announce 1).
    public static func reminders(now: Date, deadline: Date, offsets: [TimeInterval]) -> [Reminder] {
        Set(offsets.filter { $0 > 0 }).sorted(by: >).compactMap { offset in
            let at = deadline.addingTimeInterval(-offset)
            guard at > now else { return nil }
            return Reminder(at: at, daysLeft: Int((offset / 86_400).rounded(.up)))
        }
    }

    /// The invitation after the speaker's answer.
    public static func respond(
        _ command: RespondToInvitation, now: Date, speaker: Speaker?, assignment: Assignment?,
        otherConfirmed: [SessionCopy], session: SessionCopy?
    ) throws(CommandRejection) -> (Assignment, InvitationResponse) {
        guard let response = InvitationResponse(rawValue: command.response) else {
            throw CommandRejection("invalid_response", "response must be accept, decline or tentative")
        }
        var reason = try Validate.optional(command.reason, "reason", max: Validate.reasonLimit)
        if reason?.allSatisfy(\.isWhitespace) == true { reason = nil }
        if response != .accept && reason == nil {
            throw CommandRejection("reason_required", "a \(response.rawValue) needs a reason")
        }
        try SpeakerRules.requireActive(speaker, command.speakerId)
        guard var assignment else {
            throw CommandRejection("unknown_invitation", "speaker \(command.speakerId) is not invited to session \(command.sessionId)")
        }
        guard assignment.status.isOpen else {
            throw CommandRejection("already_answered", "the invitation is already \(assignment.status.rawValue)")
        }
        guard now < assignment.responseDeadline else {
            throw CommandRejection("response_deadline_passed", "the invitation's response deadline has passed")
        }
        assignment.version += 1
        assignment.respondedAt = now
        switch response {
        case .accept:
            if let session, let clash = otherConfirmed.first(where: { $0.status == .scheduled && $0.overlaps(session) }) {
                throw CommandRejection("double_booked", "the speaker is confirmed for session \(clash.id), which overlaps this one")
            }
            assignment.status = .confirmed
            assignment.confirmedAt = now
            assignment.statusReason = nil
        case .decline:
            assignment.status = .declined
            assignment.declinedAt = now
            assignment.declineReason = reason
        case .tentative:
            assignment.status = .tentative
            assignment.statusReason = reason
        }
        return (assignment, response)
    }

    public static func withdraw(
        _ command: WithdrawSpeaker, now: Date, speaker: Speaker?, assignment: Assignment?
    ) throws(CommandRejection) -> Assignment {
        let reason = try Validate.required(command.reason, "reason", max: Validate.reasonLimit)
        try SpeakerRules.requireActive(speaker, command.speakerId)
        guard let assignment else {
            throw CommandRejection("unknown_invitation", "speaker \(command.speakerId) is not invited to session \(command.sessionId)")
        }
        guard assignment.status.isActive else {
            throw CommandRejection("invitation_closed", "the invitation is already \(assignment.status.rawValue)")
        }
        return withdrawn(assignment, reason: reason, now: now)
    }

    /// The invitation withdrawn: by WithdrawSpeaker, or by the speaker's erasure.
    static func withdrawn(_ assignment: Assignment, reason: String, now: Date) -> Assignment {
        var withdrawn = assignment
        withdrawn.status = .withdrawn
        withdrawn.statusReason = reason
        withdrawn.respondedAt = now
        withdrawn.version += 1
        return withdrawn
    }

    /// Timers carry the invitedAt of the invitation they were set for: a
    /// timer of an earlier invitation of the same pair never acts. The wire
    /// keeps milliseconds, the database microseconds.
    static func isSameInvitation(_ assignment: Assignment, invitedAt: Date) -> Bool {
        abs(assignment.invitedAt.timeIntervalSince(invitedAt)) < 0.001
    }

    /// A reminder is due for an invitation still open (tentative too) of a
    /// speaker who did not opt out of reminders; nil for a stale timer or an
    /// opted-out speaker. The opt-out is read when the timer fires, so
    /// opting back in brings the remaining reminders back.
    public static func remind(_ assignment: Assignment?, invitedAt: Date, optedOut: Bool) -> Assignment? {
        guard !optedOut, var assignment, assignment.status.isOpen, isSameInvitation(assignment, invitedAt: invitedAt) else { return nil }
        assignment.remindersSent += 1
        assignment.version += 1
        return assignment
    }

    /// No answer by the deadline: the invitation expires, which counts as a
    /// decline. Nil for a stale timer.
    public static func expire(_ assignment: Assignment?, invitedAt: Date, now: Date) -> Assignment? {
        guard var assignment, assignment.status.isOpen, isSameInvitation(assignment, invitedAt: invitedAt) else { return nil }
        assignment.status = .expired
        assignment.declinedAt = now
        assignment.declineReason = "expired"
        assignment.version += 1
        return assignment
    }

    /// Compensation: the invitation or confirmation no longer stands because
    /// of what happened to its session. Nil when there is nothing to release.
    public static func release(_ assignment: Assignment, reason: String, now: Date) -> Assignment? {
        guard assignment.status.isActive else { return nil }
        var released = assignment
        released.status = .released
        released.statusReason = reason
        released.version += 1
        return released
    }

    /// After `session` moved: is a speaker confirmed for it now double-booked
    /// with one of their other confirmed sessions?
    public static func conflicts(_ session: SessionCopy, otherConfirmed: [SessionCopy]) -> Bool {
        otherConfirmed.contains { $0.id != session.id && $0.status == .scheduled && $0.overlaps(session) }
    }
}

/// Release reasons speakers uses on its own.
public enum ReleaseReason {
    public static let sessionCancelled = "session_cancelled"
    public static let conflict = "conflict"
}
