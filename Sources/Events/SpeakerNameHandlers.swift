import Messaging
import Postgres

/// The copy of speakers' public names, for the programme: kept from
/// speakers' events, dropped on erasure.
enum SpeakerNameHandlers {
    /// SpeakerRegistered and SpeakerProfileUpdated: they differ only in name.
    static func speakerNamed<M: SpeakerNameMessage>() -> HandlerFunction<M> {
        { envelope, context, db in
            let fields = envelope.data.fields
            let existing = try EventStore.speakerName(fields.speakerId, db)
            guard let name = SpeakerName.named(existing, fields, occurredAt: envelope.occurredAt) else { return }
            try EventStore.save(name, now: context.now, db)
            try ProgrammeHandlers.refresh(confirming: fields.speakerId, .speakerNamed, &context, db)
        }
    }

    /// The name goes from the copy and from every programme the speaker is
    /// in (their slots stay, without a name); the programmes announced with
    /// it leave the outbox, and speakers' messages naming the speaker leave
    /// this worker's retry and parking queues.
    static func speakerErased(
        _ envelope: Envelope<SpeakerErased>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let id = envelope.data.speakerId
        let existing = try EventStore.speakerName(id, db)
        guard let erased = SpeakerName.erased(existing, speakerId: id, at: envelope.data.erasedAt, occurredAt: envelope.occurredAt)
        else { return }
        try EventStore.save(erased, now: context.now, db)
        try EventStore.forgetProgrammes(naming: id, db)
        try context.forgetMessages(
            mentioning: [id.description], ofTypes: [SpeakerRegistered.self, SpeakerProfileUpdated.self], reason: "speaker_erased"
        )
        try ProgrammeHandlers.refresh(confirming: id, .speakerErased, &context, db)
    }
}
