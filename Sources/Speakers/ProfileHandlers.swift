import Foundation
import Identifiers
import Messaging
import Postgres

/// The speaker's profile: updating it, asking for it, the speaking history
/// recorded when an event completes, and GDPR erasure.
enum ProfileHandlers {
    /// A move to another company restarts its check, so it needs the grace period.
    static func updateSpeakerProfile(_ settings: SpeakersSettings) -> HandlerFunction<UpdateSpeakerProfile> {
        { envelope, context, db in
            let command = envelope.data
            var known = true
            if case .set(let company) = command.companyId {
                try SpeakerStore.lockCompany(company, db)
                known = try SpeakerStore.companyKnown(company, db)
            }
            let speaker = try SpeakerStore.speaker(command.speakerId, lock: true, db)
            let change = try ProfileRules.update(command, speaker: speaker, companyKnown: known)
            let updated = change.speaker
            try SpeakerStore.update(updated, now: context.now, db)
            if change.companyChanged {
                context.cancelTimers(key: SpeakerHandlers.companyTimerKey(updated.id))
                if !updated.companyVerified {
                    try context.schedule(
                        CheckSpeakerCompany(speakerId: updated.id, companyId: updated.companyId),
                        at: context.now.addingTimeInterval(settings.companyGracePeriod), timerKey: SpeakerHandlers.companyTimerKey(updated.id)
                    )
                }
            }
            try publishProfile(updated, &context, db)
        }
    }

    static func getSpeakerProfile(
        _ envelope: Envelope<GetSpeakerProfile>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let speaker = try SpeakerRules.requireActive(try SpeakerStore.speaker(envelope.data.speakerId, db), envelope.data.speakerId)
        guard let view = try view(of: speaker, db) else { return }
        try context.publish(SpeakerProfileReported(view))
    }

    /// events says an event completed: its confirmed speakers' sessions go
    /// into their speaking history, and each speaker whose history grew
    /// gets a SpeakerProfileUpdated.
    static func eventStatusChanged(
        _ envelope: Envelope<EventStatusChanged>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let data = envelope.data
        guard data.to == "completed" else { return }
        let sessions = try SpeakerStore.sessions(ofEvent: data.eventId, db)
        var invitations: [Assignment] = []
        for session in sessions { invitations += try SpeakerStore.assignments(of: session.id, db) }
        let entries = SpeakingHistory.completed(eventId: data.eventId, sessions: sessions, invitations: invitations)
        try SpeakerStore.lockSpeakers(entries.map(\.speakerId), db)
        var grown = Set<Identifier>()
        for entry in entries where try SpeakerStore.record(entry.engagement, of: entry.speakerId, now: context.now, db) {
            grown.insert(entry.speakerId)
        }
        for speakerId in grown.sorted() {
            guard let speaker = try SpeakerStore.speaker(speakerId, db) else { continue }
            try publishProfile(speaker, &context, db)
        }
    }

    static func eraseSpeaker(
        _ envelope: Envelope<EraseSpeaker>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let id = envelope.data.speakerId
        // Sessions before the speaker (the lock order): those of every invitation seen now.
        var sessions: [Identifier: SessionCopy] = [:]
        for sessionId in Set(try SpeakerStore.assignments(ofSpeaker: id, db).map(\.sessionId)).sorted() {
            sessions[sessionId] = try SpeakerStore.session(sessionId, lock: true, db)
        }
        let speaker = try SpeakerStore.speaker(id, lock: true, db)
        let invitations = try SpeakerStore.assignments(ofSpeaker: id, db)
        for assignment in invitations where sessions[assignment.sessionId] == nil {
            sessions[assignment.sessionId] = try SpeakerStore.session(assignment.sessionId, db)
        }
        let decision = try SpeakerErasure.decide(
            speaker, id: id, invitations: invitations.map { ($0, sessions[$0.sessionId]) }, now: context.now
        )
        if let anonymous = decision.speaker {
            try SpeakerStore.update(anonymous, now: context.now, db)
            for invitation in decision.invitations { try SpeakerStore.save(invitation, now: context.now, db) }
            for invitation in invitations {
                context.cancelTimers(key: invitation.timerKey)
                context.cancelTimers(key: invitation.availabilityTimerKey)
            }
            context.cancelTimers(key: SpeakerHandlers.companyTimerKey(id))
            for withdrawn in decision.withdrawn {
                try context.publish(
                    SpeakerWithdrew(
                        speakerId: id, sessionId: withdrawn.sessionId, eventId: withdrawn.eventId, role: withdrawn.role.rawValue,
                        reason: SpeakerErasure.withdrawalReason
                    ),
                    aggregateId: withdrawn.id
                )
            }
            try SpeakerStore.forgetMessages(of: id, invitations: invitations.map(\.id), db)
            // Its commands and events may still wait in retry or parking queues.
            let email = speaker?.personal.map { [$0.email] } ?? []
            let needles = ([id.description] + email).filter { $0.count >= ErasureRequest.minimumNeedleLength }
            try context.forgetMessages(mentioning: needles, reason: "speaker_erased")
            try SpeakerHandlers.refreshAvailability(id, &context, db)
        }
        try context.publish(decision.erased)
    }

    /// Publishes the speaker's whole profile, nothing for an erased speaker.
    private static func publishProfile(_ speaker: Speaker, _ context: inout HandlerContext, _ db: isolated PostgresConnection) throws {
        guard let view = try view(of: speaker, db) else { return }
        try context.publish(SpeakerProfileUpdated(view))
    }

    private static func view(of speaker: Speaker, _ db: isolated PostgresConnection) throws -> SpeakerProfileView? {
        guard let personal = speaker.personal else { return nil }
        return SpeakerProfileView(speaker, personal: personal, history: try SpeakerStore.history(of: speaker.id, db))
    }
}
