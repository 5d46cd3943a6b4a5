import Identifiers
import Messaging
import Postgres

/// The keys a handler about one speaker holds while it runs (see
/// `LockKeysFunction`): a slot change and a name change of the same
/// speaker run one after the other, so neither builds a programme without
/// the other's effect (a confirmation that does not see a name arriving at
/// the same time, a name change that does not see the new slot). Each also
/// holds the key of every event whose row it locks (`EventLocks`).
enum SpeakerLocks {
    /// The speaker and the event the slot's invitation names.
    static func slot<M: SpeakerSlotMessage>(_ envelope: Envelope<M>, _ db: isolated PostgresConnection) throws -> [String] {
        ["speaker:\(envelope.data.fields.speakerId)", EventLocks.event(envelope.data.fields.eventId)]
    }

    /// The speaker and the events whose programmes name them.
    static func named<M: SpeakerNameMessage>(_ envelope: Envelope<M>, _ db: isolated PostgresConnection) throws -> [String] {
        try confirming(envelope.data.fields.speakerId, db)
    }

    static func erased(_ envelope: Envelope<SpeakerErased>, _ db: isolated PostgresConnection) throws -> [String] {
        try confirming(envelope.data.speakerId, db)
    }

    private static func confirming(_ speakerId: Identifier, _ db: isolated PostgresConnection) throws -> [String] {
        ["speaker:\(speakerId)"] + (try EventStore.events(confirming: speakerId, db).map(EventLocks.event))
    }
}
