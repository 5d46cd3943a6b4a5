import Foundation
import Identifiers
import Messaging
import Postgres

/// The speaker aggregate: registration, availability, and the speaker's
/// company (copied from the companies context, checked after a grace period).
enum SpeakerHandlers {
    static func companyTimerKey(_ speakerId: Identifier) -> String { "speakers.company.\(speakerId)" }

    /// Registration needs the grace period a speaker's unknown company gets.
    static func registerSpeaker(_ settings: SpeakersSettings) -> HandlerFunction<RegisterSpeaker> {
        { envelope, context, db in
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
                if let registered = speaker.registered { try context.publish(registered) }
            case .register(let speaker):
                guard try SpeakerStore.insert(speaker, now: context.now, db) else {
                    throw LostInsertRace(description: "speaker \(speaker.id) or its email inserted concurrently")
                }
                if let registered = speaker.registered { try context.publish(registered) }
                // The company may simply not have arrived yet: accept, and report
                // it only if it is still unknown after the grace period.
                if !speaker.companyVerified {
                    try context.schedule(
                        CheckSpeakerCompany(speakerId: speaker.id, companyId: speaker.companyId),
                        at: context.now.addingTimeInterval(settings.companyGracePeriod), timerKey: companyTimerKey(speaker.id)
                    )
                }
            }
        }
    }

    static func setSpeakerAvailability(
        _ envelope: Envelope<SetSpeakerAvailability>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let command = envelope.data
        let speaker = try SpeakerStore.speaker(command.speakerId, lock: true, db)
        let base = try SpeakerRules.setAvailability(command, speaker: speaker)
        let availability = Availability.derive(
            base: base, commitments: try SpeakerStore.commitments(of: command.speakerId, db), now: context.now
        )
        try SpeakerStore.setAvailability(command.speakerId, availability, base: base, now: context.now, db)
        try context.publish(
            SpeakerAvailabilityChanged(
                speakerId: command.speakerId, availability: availability.rawValue, baseAvailability: base.rawValue
            ))
    }

    /// Timer: the grace period of a speaker registered with an unknown company is over.
    static func checkSpeakerCompany(
        _ envelope: Envelope<CheckSpeakerCompany>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let data = envelope.data
        try SpeakerStore.lockCompany(data.companyId, db)
        guard let speaker = try SpeakerStore.speaker(data.speakerId, db), !speaker.companyVerified, !speaker.isErased,
            speaker.companyId == data.companyId
        else { return }
        // Known by now (a CompanyCreated that missed this speaker): verify, do not report.
        if try SpeakerStore.companyKnown(data.companyId, db) {
            _ = try SpeakerStore.verifySpeakers(of: data.companyId, now: context.now, db)
            return
        }
        try context.publish(SpeakerCompanyUnresolved(speakerId: speaker.id, companyId: speaker.companyId))
    }

    /// Timer: a confirmed session has ended.
    static func refreshSpeakerAvailability(
        _ envelope: Envelope<RefreshSpeakerAvailability>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        guard try SpeakerStore.speaker(envelope.data.speakerId, lock: true, db) != nil else { return }
        try Self.refreshAvailability(envelope.data.speakerId, &context, db)
    }

    /// Recomputes the (locked) speaker's availability; announces a change.
    static func refreshAvailability(
        _ speakerId: Identifier, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        guard let speaker = try SpeakerStore.speaker(speakerId, db) else { return }
        let availability = Availability.derive(
            base: speaker.baseAvailability, commitments: try SpeakerStore.commitments(of: speakerId, db), now: context.now
        )
        guard availability != speaker.availability else { return }
        try SpeakerStore.setAvailability(speakerId, availability, base: speaker.baseAvailability, now: context.now, db)
        try context.publish(
            SpeakerAvailabilityChanged(
                speakerId: speakerId, availability: availability.rawValue, baseAvailability: speaker.baseAvailability.rawValue
            ))
    }

    /// A confirmed speaker stops being `confirmed` when the session ends;
    /// nothing else would run then, so a timer does.
    static func scheduleAvailabilityRefresh(_ assignment: Assignment, at end: Date, _ context: inout HandlerContext) throws {
        try context.schedule(
            RefreshSpeakerAvailability(speakerId: assignment.speakerId), at: end, timerKey: assignment.availabilityTimerKey
        )
    }
}
