import Messaging
import Postgres

/// The key a handler about one speaker holds while it runs (see
/// `LockKeysFunction`): a slot change and a name change of the same
/// speaker run one after the other, so neither builds a programme without
/// the other's effect (a confirmation that does not see a name arriving at
/// the same time, a name change that does not see the new slot).
enum SpeakerLocks {
    static func slot<M: SpeakerSlotMessage>(_ envelope: Envelope<M>, _ db: isolated PostgresConnection) throws -> [String] {
        ["speaker:\(envelope.data.fields.speakerId)"]
    }

    static func named<M: SpeakerNameMessage>(_ envelope: Envelope<M>, _ db: isolated PostgresConnection) throws -> [String] {
        ["speaker:\(envelope.data.fields.speakerId)"]
    }

    static func erased(_ envelope: Envelope<SpeakerErased>, _ db: isolated PostgresConnection) throws -> [String] {
        ["speaker:\(envelope.data.speakerId)"]
    }
}
