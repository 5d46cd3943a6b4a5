import Foundation
import Identifiers
import Messaging
import Postgres

/// The invitation saga, speakers' side: invite, answer, withdraw, and the
/// reminder and expiry timers of an open invitation. Every handler locks the
/// session, then the speaker, before it reads the assignment.
enum InvitationHandlers {
    /// Inviting needs the response window and the reminder offsets.
    static func inviteSpeaker(_ settings: SpeakersSettings) -> HandlerFunction<InviteSpeaker> {
        { envelope, context, db in
            let command = envelope.data
            let session = try SpeakerStore.session(command.sessionId, lock: true, db)
            let speaker = try SpeakerStore.speaker(command.speakerId, lock: true, db)
            let existing = try SpeakerStore.assignment(session: command.sessionId, speaker: command.speakerId, db)
            let others = try SpeakerStore.otherConfirmedSessions(of: command.speakerId, excluding: command.sessionId, db)
            switch try Invitations.invite(
                command, newId: envelope.id, now: context.now, settings: settings, speaker: speaker, session: session,
                existing: existing, otherConfirmed: others
            ) {
            case .existing(let assignment):
                try publishInvited(assignment, &context)
            case .invite(let assignment, let reminders):
                try SpeakerStore.save(assignment, now: context.now, db)
                context.cancelTimers(key: assignment.timerKey)
                for reminder in reminders {
                    try context.schedule(
                        SendInvitationReminder(
                            speakerId: assignment.speakerId, sessionId: assignment.sessionId, invitedAt: assignment.invitedAt,
                            daysLeft: reminder.daysLeft
                        ),
                        at: reminder.at, timerKey: assignment.timerKey, aggregateId: assignment.id
                    )
                }
                try context.schedule(
                    ExpireInvitation(speakerId: assignment.speakerId, sessionId: assignment.sessionId, invitedAt: assignment.invitedAt),
                    at: assignment.responseDeadline, timerKey: assignment.timerKey, aggregateId: assignment.id
                )
                try publishInvited(assignment, &context)
                try SpeakerHandlers.refreshAvailability(assignment.speakerId, &context, db)
            }
        }
    }

    static func respondToInvitation(
        _ envelope: Envelope<RespondToInvitation>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let command = envelope.data
        let session = try SpeakerStore.session(command.sessionId, lock: true, db)
        let speaker = try SpeakerStore.speaker(command.speakerId, lock: true, db)
        let assignment = try SpeakerStore.assignment(session: command.sessionId, speaker: command.speakerId, db)
        let others = try SpeakerStore.otherConfirmedSessions(of: command.speakerId, excluding: command.sessionId, db)
        let (answered, response) = try Invitations.respond(
            command, now: context.now, speaker: speaker, assignment: assignment, otherConfirmed: others, session: session
        )
        try SpeakerStore.save(answered, now: context.now, db)
        let speakerId = answered.speakerId
        let sessionId = answered.sessionId
        switch response {
        case .accept:
            context.cancelTimers(key: answered.timerKey)
            try context.publish(
                SpeakerConfirmed(
                    speakerId: speakerId, sessionId: sessionId, eventId: answered.eventId, role: answered.role.rawValue,
                    confirmedAt: context.now, presentationTitle: answered.presentationTitle
                ),
                aggregateId: answered.id
            )
            if let session { try SpeakerHandlers.scheduleAvailabilityRefresh(answered, at: session.endTime, &context) }
        case .decline:
            context.cancelTimers(key: answered.timerKey)
            try context.publish(
                SpeakerDeclined(
                    speakerId: speakerId, sessionId: sessionId, eventId: answered.eventId, role: answered.role.rawValue,
                    reason: answered.declineReason ?? "", declinedAt: context.now
                ),
                aggregateId: answered.id
            )
        case .tentative:
            // Still open: reminders and expiry keep running.
            try context.publish(
                SpeakerTentative(
                    speakerId: speakerId, sessionId: sessionId, eventId: answered.eventId, role: answered.role.rawValue,
                    reason: answered.statusReason ?? ""
                ),
                aggregateId: answered.id
            )
        }
        try SpeakerHandlers.refreshAvailability(speakerId, &context, db)
    }

    static func withdrawSpeaker(
        _ envelope: Envelope<WithdrawSpeaker>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let command = envelope.data
        _ = try SpeakerStore.session(command.sessionId, lock: true, db)
        let speaker = try SpeakerStore.speaker(command.speakerId, lock: true, db)
        let assignment = try SpeakerStore.assignment(session: command.sessionId, speaker: command.speakerId, db)
        let withdrawn = try Invitations.withdraw(command, now: context.now, speaker: speaker, assignment: assignment)
        try SpeakerStore.save(withdrawn, now: context.now, db)
        context.cancelTimers(key: withdrawn.timerKey)
        context.cancelTimers(key: withdrawn.availabilityTimerKey)
        try context.publish(
            SpeakerWithdrew(
                speakerId: withdrawn.speakerId, sessionId: withdrawn.sessionId, eventId: withdrawn.eventId,
                role: withdrawn.role.rawValue, reason: withdrawn.statusReason ?? ""
            ),
            aggregateId: withdrawn.id
        )
        try SpeakerHandlers.refreshAvailability(withdrawn.speakerId, &context, db)
    }

    /// Timer: a reminder of an open invitation is due.
    static func sendInvitationReminder(
        _ envelope: Envelope<SendInvitationReminder>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let data = envelope.data
        _ = try SpeakerStore.session(data.sessionId, lock: true, db)
        let speaker = try SpeakerStore.speaker(data.speakerId, lock: true, db)
        let assignment = try SpeakerStore.assignment(session: data.sessionId, speaker: data.speakerId, db)
        // A timer of an answered or earlier invitation does nothing; nor
        // does one for a speaker who opted out of reminders.
        let optedOut = speaker?.personal?.preferences.reminderOptOut ?? false
        guard let reminded = Invitations.remind(assignment, invitedAt: data.invitedAt, optedOut: optedOut) else { return }
        try SpeakerStore.save(reminded, now: context.now, db)
        try context.publish(
            SpeakerInvitationReminderDue(
                speakerId: reminded.speakerId, sessionId: reminded.sessionId, daysLeft: data.daysLeft,
                responseDeadline: reminded.responseDeadline
            ),
            aggregateId: reminded.id
        )
    }

    /// Timer: the response deadline has passed; treated as a decline.
    static func expireInvitation(
        _ envelope: Envelope<ExpireInvitation>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let data = envelope.data
        _ = try SpeakerStore.session(data.sessionId, lock: true, db)
        _ = try SpeakerStore.speaker(data.speakerId, lock: true, db)
        let assignment = try SpeakerStore.assignment(session: data.sessionId, speaker: data.speakerId, db)
        guard let expired = Invitations.expire(assignment, invitedAt: data.invitedAt, now: context.now) else { return }
        try SpeakerStore.save(expired, now: context.now, db)
        context.cancelTimers(key: expired.timerKey)
        try context.publish(
            SpeakerInvitationExpired(
                speakerId: expired.speakerId, sessionId: expired.sessionId, eventId: expired.eventId,
                role: expired.role.rawValue, responseDeadline: expired.responseDeadline
            ),
            aggregateId: expired.id
        )
        try SpeakerHandlers.refreshAvailability(expired.speakerId, &context, db)
    }

    private static func publishInvited(_ assignment: Assignment, _ context: inout HandlerContext) throws {
        try context.publish(
            SpeakerInvited(
                speakerId: assignment.speakerId, sessionId: assignment.sessionId, eventId: assignment.eventId,
                invitedAt: assignment.invitedAt, role: assignment.role.rawValue,
                responseDeadline: assignment.responseDeadline, presentationTitle: assignment.presentationTitle
            ),
            aggregateId: assignment.id
        )
    }
}
