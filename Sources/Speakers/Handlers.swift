import Foundation
import Identifiers
public import Messaging
import Postgres

/// The speakers worker: speaker registration, the invitation saga with its
/// reminder and expiry timers, and compensation when events moves or
/// cancels a session.
public enum SpeakersWorker {
    public static let name = "speakers"

    public static func definition(_ settings: SpeakersSettings = SpeakersSettings()) -> WorkerDefinition {
        let handlers = SpeakersHandlers(settings: settings)
        return WorkerDefinition(name: name, publishes: .events(["SpeakerRegistered", "SpeakerInvited", "SpeakerConfirmed", "SpeakerDeclined", "SpeakerTentative", "SpeakerWithdrew", "SpeakerInvitationReminderDue", "SpeakerInvitationExpired", "SpeakerReleased", "SpeakerAvailabilityChanged", "SpeakerCompanyUnresolved"], from: name) + .commands(["SendInvitationReminder", "ExpireInvitation", "CheckSpeakerCompany", "RefreshSpeakerAvailability"], to: name), handlers: handlers.commands + handlers.timers + handlers.events)
    }
}

/// A row another transaction created between our check and our insert. The
/// kernel retries; the retry finds the row and answers accordingly.
struct LostInsertRace: Error, CustomStringConvertible {
    let description: String
}

/// An event about a session speakers has not heard of yet (delivered before
/// SessionScheduled). The kernel retries it until the session arrives.
struct SessionNotYetKnown: Error, CustomStringConvertible {
    let description: String
}

struct SpeakersHandlers: Sendable {
    let settings: SpeakersSettings

    static let speakerAggregate = "Speaker"
    static let invitationAggregate = "SessionSpeaker"

    static func companyTimerKey(_ speakerId: Identifier) -> String { "speakers.company.\(speakerId)" }

    private static func command<P: Codable & Sendable>(
        _ name: String, _ payload: P.Type,
        _ handle: @escaping @Sendable (Envelope<P>, inout HandlerContext, isolated PostgresConnection) throws -> Void
    ) -> RegisteredHandler {
        RegisteredHandler(.command(name, to: SpeakersWorker.name), payload: payload, handle: handle)
    }

    // MARK: commands

    var commands: [RegisteredHandler] {
        let settings = settings
        return [
            Self.command("RegisterSpeaker", RegisterSpeaker.self) { envelope, context, db in
                let command = envelope.data
                try SpeakerStore.lockCompany(command.companyId, db)
                var existing: Speaker?
                if let id = command.speakerId { existing = try SpeakerStore.speaker(id, db) }
                let owner = existing == nil ? try SpeakerStore.speakerId(email: command.email, db) : nil
                let known = try SpeakerStore.companyKnown(command.companyId, db)
                switch try SpeakerRules.register(
                    command, newId: envelope.id, existingWithId: existing, emailOwner: owner, companyKnown: known
                ) {
                case .existing(let speaker):
                    try Self.publishRegistered(speaker, &context)
                case .register(let speaker):
                    guard try SpeakerStore.insert(speaker, now: context.now, db) else {
                        throw LostInsertRace(description: "speaker \(speaker.id) or its email inserted concurrently")
                    }
                    try Self.publishRegistered(speaker, &context)
                    // The company may simply not have arrived yet: accept,
                    // and report it only if it is still unknown after the grace period.
                    if !speaker.companyVerified {
                        try context.schedule(
                            "CheckSpeakerCompany", at: context.now.addingTimeInterval(settings.companyGracePeriod),
                            timerKey: Self.companyTimerKey(speaker.id), aggregateId: speaker.id,
                            aggregateType: Self.speakerAggregate,
                            data: CheckSpeakerCompany(speakerId: speaker.id, companyId: speaker.companyId)
                        )
                    }
                }
            },

            Self.command("InviteSpeaker", InviteSpeaker.self) { envelope, context, db in
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
                    try Self.publishInvited(assignment, &context)
                case .invite(let assignment, let reminders):
                    try SpeakerStore.save(assignment, now: context.now, db)
                    context.cancelTimers(key: assignment.timerKey)
                    for reminder in reminders {
                        try context.schedule(
                            "SendInvitationReminder", at: reminder.at, timerKey: assignment.timerKey,
                            aggregateId: assignment.id, aggregateType: Self.invitationAggregate,
                            data: SendInvitationReminder(
                                speakerId: assignment.speakerId, sessionId: assignment.sessionId,
                                invitedAt: assignment.invitedAt, daysLeft: reminder.daysLeft
                            )
                        )
                    }
                    try context.schedule(
                        "ExpireInvitation", at: assignment.responseDeadline, timerKey: assignment.timerKey,
                        aggregateId: assignment.id, aggregateType: Self.invitationAggregate,
                        data: ExpireInvitation(
                            speakerId: assignment.speakerId, sessionId: assignment.sessionId, invitedAt: assignment.invitedAt
                        )
                    )
                    try Self.publishInvited(assignment, &context)
                    try Self.refreshAvailability(assignment.speakerId, &context, db)
                }
            },

            Self.command("RespondToInvitation", RespondToInvitation.self) { envelope, context, db in
                let command = envelope.data
                let session = try SpeakerStore.session(command.sessionId, lock: true, db)
                let speaker = try SpeakerStore.speaker(command.speakerId, lock: true, db)
                let assignment = try SpeakerStore.assignment(session: command.sessionId, speaker: command.speakerId, db)
                let others = try SpeakerStore.otherConfirmedSessions(of: command.speakerId, excluding: command.sessionId, db)
                let (answered, response) = try Invitations.respond(
                    command, now: context.now, speaker: speaker, assignment: assignment, otherConfirmed: others, session: session
                )
                try SpeakerStore.save(answered, now: context.now, db)
                let speakerId = answered.speakerId, sessionId = answered.sessionId
                let aggregateId = answered.id
                switch response {
                case .accept:
                    context.cancelTimers(key: answered.timerKey)
                    try context.publish("SpeakerConfirmed", aggregateId: aggregateId, aggregateType: Self.invitationAggregate, data: SpeakerConfirmed(
                        speakerId: speakerId, sessionId: sessionId, eventId: answered.eventId, role: answered.role.rawValue,
                        confirmedAt: context.now
                    ))
                    if let session { try Self.scheduleAvailabilityRefresh(answered, at: session.endTime, &context) }
                case .decline:
                    context.cancelTimers(key: answered.timerKey)
                    try context.publish("SpeakerDeclined", aggregateId: aggregateId, aggregateType: Self.invitationAggregate, data: SpeakerDeclined(
                        speakerId: speakerId, sessionId: sessionId, eventId: answered.eventId, role: answered.role.rawValue,
                        reason: answered.declineReason ?? "", declinedAt: context.now
                    ))
                case .tentative:
                    // Still open: reminders and expiry keep running.
                    try context.publish("SpeakerTentative", aggregateId: aggregateId, aggregateType: Self.invitationAggregate, data: SpeakerTentative(
                        speakerId: speakerId, sessionId: sessionId, eventId: answered.eventId, role: answered.role.rawValue,
                        reason: answered.statusReason ?? ""
                    ))
                }
                try Self.refreshAvailability(speakerId, &context, db)
            },

            Self.command("WithdrawSpeaker", WithdrawSpeaker.self) { envelope, context, db in
                let command = envelope.data
                _ = try SpeakerStore.session(command.sessionId, lock: true, db)
                let speaker = try SpeakerStore.speaker(command.speakerId, lock: true, db)
                let assignment = try SpeakerStore.assignment(session: command.sessionId, speaker: command.speakerId, db)
                let withdrawn = try Invitations.withdraw(command, now: context.now, speaker: speaker, assignment: assignment)
                try SpeakerStore.save(withdrawn, now: context.now, db)
                context.cancelTimers(key: withdrawn.timerKey)
                context.cancelTimers(key: withdrawn.availabilityTimerKey)
                try context.publish(
                    "SpeakerWithdrew", aggregateId: withdrawn.id, aggregateType: Self.invitationAggregate,
                    data: SpeakerWithdrew(
                        speakerId: withdrawn.speakerId, sessionId: withdrawn.sessionId, eventId: withdrawn.eventId,
                        role: withdrawn.role.rawValue, reason: withdrawn.statusReason ?? ""
                    )
                )
                try Self.refreshAvailability(withdrawn.speakerId, &context, db)
            },

            Self.command("SetSpeakerAvailability", SetSpeakerAvailability.self) { envelope, context, db in
                let command = envelope.data
                let speaker = try SpeakerStore.speaker(command.speakerId, lock: true, db)
                let base = try SpeakerRules.setAvailability(command, speaker: speaker)
                let availability = Availability.derive(
                    base: base, commitments: try SpeakerStore.commitments(of: command.speakerId, db), now: context.now
                )
                try SpeakerStore.setAvailability(command.speakerId, availability, base: base, now: context.now, db)
                try context.publish(
                    "SpeakerAvailabilityChanged", aggregateId: command.speakerId, aggregateType: Self.speakerAggregate,
                    data: SpeakerAvailabilityChanged(
                        speakerId: command.speakerId, availability: availability.rawValue, baseAvailability: base.rawValue
                    )
                )
            },
        ]
    }

    // MARK: timers (commands speakers sends itself)

    var timers: [RegisteredHandler] {
        [
            Self.command("SendInvitationReminder", SendInvitationReminder.self) { envelope, context, db in
                let data = envelope.data
                _ = try SpeakerStore.session(data.sessionId, lock: true, db)
                _ = try SpeakerStore.speaker(data.speakerId, lock: true, db)
                let assignment = try SpeakerStore.assignment(session: data.sessionId, speaker: data.speakerId, db)
                // A timer of an answered or earlier invitation does nothing.
                guard let reminded = Invitations.remind(assignment, invitedAt: data.invitedAt) else { return }
                try SpeakerStore.save(reminded, now: context.now, db)
                try context.publish(
                    "SpeakerInvitationReminderDue", aggregateId: reminded.id, aggregateType: Self.invitationAggregate,
                    data: SpeakerInvitationReminderDue(
                        speakerId: reminded.speakerId, sessionId: reminded.sessionId, daysLeft: data.daysLeft,
                        responseDeadline: reminded.responseDeadline
                    )
                )
            },

            Self.command("ExpireInvitation", ExpireInvitation.self) { envelope, context, db in
                let data = envelope.data
                _ = try SpeakerStore.session(data.sessionId, lock: true, db)
                _ = try SpeakerStore.speaker(data.speakerId, lock: true, db)
                let assignment = try SpeakerStore.assignment(session: data.sessionId, speaker: data.speakerId, db)
                guard let expired = Invitations.expire(assignment, invitedAt: data.invitedAt, now: context.now) else { return }
                try SpeakerStore.save(expired, now: context.now, db)
                context.cancelTimers(key: expired.timerKey)
                try context.publish(
                    "SpeakerInvitationExpired", aggregateId: expired.id, aggregateType: Self.invitationAggregate,
                    data: SpeakerInvitationExpired(
                        speakerId: expired.speakerId, sessionId: expired.sessionId, eventId: expired.eventId,
                        role: expired.role.rawValue, responseDeadline: expired.responseDeadline
                    )
                )
                try Self.refreshAvailability(expired.speakerId, &context, db)
            },

            Self.command("CheckSpeakerCompany", CheckSpeakerCompany.self) { envelope, context, db in
                let data = envelope.data
                try SpeakerStore.lockCompany(data.companyId, db)
                guard let speaker = try SpeakerStore.speaker(data.speakerId, db), !speaker.companyVerified,
                      speaker.companyId == data.companyId else { return }
                // Known by now (a CompanyCreated that missed this speaker): verify, do not report.
                if try SpeakerStore.companyKnown(data.companyId, db) {
                    _ = try SpeakerStore.verifySpeakers(of: data.companyId, now: context.now, db)
                    return
                }
                try context.publish(
                    "SpeakerCompanyUnresolved", aggregateId: speaker.id, aggregateType: Self.speakerAggregate,
                    data: SpeakerCompanyUnresolved(speakerId: speaker.id, companyId: speaker.companyId)
                )
            },

            Self.command("RefreshSpeakerAvailability", RefreshSpeakerAvailability.self) { envelope, context, db in
                guard try SpeakerStore.speaker(envelope.data.speakerId, lock: true, db) != nil else { return }
                try Self.refreshAvailability(envelope.data.speakerId, &context, db)
            },
        ]
    }

    // MARK: events from other contexts

    var events: [RegisteredHandler] {
        [
            RegisteredHandler(.event("CompanyCreated", from: "companies"), payload: CompanyCreated.self) { envelope, context, db in
                try SpeakerStore.lockCompany(envelope.data.companyId, db)
                try SpeakerStore.save(envelope.data, now: context.now, db)
                for speakerId in try SpeakerStore.verifySpeakers(of: envelope.data.companyId, now: context.now, db) {
                    context.cancelTimers(key: Self.companyTimerKey(speakerId))
                }
            },

            RegisteredHandler(.event("SessionScheduled", from: "events"), payload: SessionTimetabled.self) { envelope, context, db in
                let copy = Self.copy(envelope.data)
                _ = try SpeakerStore.saveTimetable(copy, asOf: envelope.occurredAt, now: context.now, db)
            },

            RegisteredHandler(.event("SessionRescheduled", from: "events"), payload: SessionTimetabled.self) { envelope, context, db in
                let copy = Self.copy(envelope.data)
                // The upsert locks the session row: first in the lock order.
                guard try SpeakerStore.saveTimetable(copy, asOf: envelope.occurredAt, now: context.now, db),
                      let session = try SpeakerStore.session(copy.id, lock: true, db), session.status == .scheduled
                else { return }
                try Self.recheckConfirmed(session, &context, db)
            },

            RegisteredHandler(.event("SessionCancelled", from: "events"), payload: SessionCancelled.self) { envelope, context, db in
                let data = envelope.data
                guard try SpeakerStore.session(data.sessionId, lock: true, db) != nil else {
                    throw SessionNotYetKnown(description: "SessionCancelled for \(data.sessionId) before SessionScheduled")
                }
                try SpeakerStore.cancelSession(data.sessionId, asOf: envelope.occurredAt, now: context.now, db)
                let active = try SpeakerStore.assignments(of: data.sessionId, db).filter { $0.status.isActive }
                try SpeakerStore.lockSpeakers(active.map(\.speakerId), db)
                for assignment in try SpeakerStore.assignments(of: data.sessionId, db) {
                    try Self.release(assignment, reason: ReleaseReason.sessionCancelled, &context, db)
                }
            },
        ]
    }

    // MARK: shared steps

    private static func copy(_ data: SessionTimetabled) -> SessionCopy {
        SessionCopy(
            id: data.sessionId, eventId: data.eventId, sessionType: data.sessionType, startTime: data.startTime,
            endTime: data.endTime, room: data.room, status: .scheduled
        )
    }

    /// Compensation after a reschedule: a speaker confirmed for the session
    /// who is now confirmed for an overlapping one too is released with
    /// reason `conflict`; the others keep it, with their availability timer moved.
    private static func recheckConfirmed(
        _ session: SessionCopy, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let confirmed = try SpeakerStore.assignments(of: session.id, db).filter { $0.status == .confirmed }
        try SpeakerStore.lockSpeakers(confirmed.map(\.speakerId), db)
        for assignment in try SpeakerStore.assignments(of: session.id, db) where assignment.status == .confirmed {
            let others = try SpeakerStore.otherConfirmedSessions(of: assignment.speakerId, excluding: session.id, db)
            if Invitations.conflicts(session, otherConfirmed: others) {
                try release(assignment, reason: ReleaseReason.conflict, &context, db)
            } else {
                context.cancelTimers(key: assignment.availabilityTimerKey)
                try scheduleAvailabilityRefresh(assignment, at: session.endTime, &context)
                try refreshAvailability(assignment.speakerId, &context, db)
            }
        }
    }

    /// Releases an active invitation (its speaker already locked) and says so.
    private static func release(
        _ assignment: Assignment, reason: String, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        guard let released = Invitations.release(assignment, reason: reason, now: context.now) else { return }
        try SpeakerStore.save(released, now: context.now, db)
        context.cancelTimers(key: released.timerKey)
        context.cancelTimers(key: released.availabilityTimerKey)
        try context.publish(
            "SpeakerReleased", aggregateId: released.id, aggregateType: invitationAggregate,
            data: SpeakerReleased(
                speakerId: released.speakerId, sessionId: released.sessionId, eventId: released.eventId,
                role: released.role.rawValue, reason: reason
            )
        )
        try refreshAvailability(released.speakerId, &context, db)
    }

    /// Recomputes the (locked) speaker's availability; announces a change.
    private static func refreshAvailability(
        _ speakerId: Identifier, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        guard let speaker = try SpeakerStore.speaker(speakerId, db) else { return }
        let availability = Availability.derive(
            base: speaker.baseAvailability, commitments: try SpeakerStore.commitments(of: speakerId, db), now: context.now
        )
        guard availability != speaker.availability else { return }
        try SpeakerStore.setAvailability(speakerId, availability, base: speaker.baseAvailability, now: context.now, db)
        try context.publish(
            "SpeakerAvailabilityChanged", aggregateId: speakerId, aggregateType: speakerAggregate,
            data: SpeakerAvailabilityChanged(
                speakerId: speakerId, availability: availability.rawValue, baseAvailability: speaker.baseAvailability.rawValue
            )
        )
    }

    /// A confirmed speaker stops being `confirmed` when the session ends;
    /// nothing else would run then, so a timer does.
    private static func scheduleAvailabilityRefresh(
        _ assignment: Assignment, at end: Date, _ context: inout HandlerContext
    ) throws {
        try context.schedule(
            "RefreshSpeakerAvailability", at: end, timerKey: assignment.availabilityTimerKey,
            aggregateId: assignment.speakerId, aggregateType: speakerAggregate,
            data: RefreshSpeakerAvailability(speakerId: assignment.speakerId)
        )
    }

    private static func publishRegistered(_ speaker: Speaker, _ context: inout HandlerContext) throws {
        try context.publish(
            "SpeakerRegistered", aggregateId: speaker.id, aggregateType: speakerAggregate, data: speaker.registered
        )
    }

    private static func publishInvited(_ assignment: Assignment, _ context: inout HandlerContext) throws {
        try context.publish(
            "SpeakerInvited", aggregateId: assignment.id, aggregateType: invitationAggregate,
            data: SpeakerInvited(
                speakerId: assignment.speakerId, sessionId: assignment.sessionId, eventId: assignment.eventId,
                invitedAt: assignment.invitedAt, role: assignment.role.rawValue,
                responseDeadline: assignment.responseDeadline, presentationTitle: assignment.presentationTitle
            )
        )
    }
}
