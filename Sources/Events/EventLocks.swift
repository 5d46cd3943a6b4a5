import Identifiers
import Messaging
import Postgres

/// The key of an event, held by every handler that locks the event's row
/// (see `LockKeysFunction`): the kernel takes a batch's keys sorted before
/// any handler runs, so two lanes or replicas with batches about the same
/// events in different orders wait for each other instead of deadlocking on
/// the rows (which the handlers lock in message order). The row lock stays
/// what keeps decisions about one event one at a time; the key only orders.
enum EventLocks {
    static func event(_ id: Identifier) -> String { "event:\(id)" }

    /// The event the message names: no read, asked once.
    static func named<M: Message & EventScoped>(_ envelope: Envelope<M>, _ db: isolated PostgresConnection) throws -> [String] {
        [event(envelope.data.lockedEventId)]
    }

    /// The event of the session the command names (a session never moves to
    /// another event); none for a session events does not know.
    static func ofSession<M: Message & SessionScoped>(_ envelope: Envelope<M>, _ db: isolated PostgresConnection) throws -> [String] {
        try EventStore.session(envelope.data.sessionId, db).map { [event($0.eventId)] } ?? []
    }
}
