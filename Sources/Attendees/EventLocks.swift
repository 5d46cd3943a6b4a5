import Identifiers
import Messaging
import Postgres

/// The key of an event, held by every handler that takes the event's
/// waitlist lock (`Store.lockWaitlist`) or locks its copy (see
/// `LockKeysFunction`): the kernel takes a batch's keys sorted before any
/// handler runs, so two lanes or replicas with batches about the same events
/// in different orders wait for each other instead of deadlocking on the
/// waitlist rows (which the handlers lock in message order). The waitlist
/// lock stays what keeps one event's queue consistent; the key only orders.
enum EventLocks {
    static func event(_ id: Identifier) -> String { "event:\(id)" }

    /// The event the message names: no read, asked once. A seat answer
    /// names the event its request named, the registration's own.
    static func named<M: Message & EventScoped>(_ envelope: Envelope<M>, _ db: isolated PostgresConnection) throws -> [String] {
        [event(envelope.data.eventId)]
    }

    /// The event of the registration cancelled (a registration never moves
    /// to another event); none for one attendees does not know.
    static func cancelRegistration(_ envelope: Envelope<CancelRegistration>, _ db: isolated PostgresConnection) throws -> [String] {
        try Store.registration(id: envelope.data.registrationId, lock: false, db).map { [event($0.eventId)] } ?? []
    }

    static func eraseAttendee(_ envelope: Envelope<EraseAttendee>, _ db: isolated PostgresConnection) throws -> [String] {
        try registeredFor(envelope.data.attendeeId, db)
    }

    static func withdrawConsent(_ envelope: Envelope<WithdrawConsent>, _ db: isolated PostgresConnection) throws -> [String] {
        try registeredFor(envelope.data.attendeeId, db)
    }

    /// Every event the attendee is registered for: what erasure and consent
    /// withdrawal lock (`RegistrationHandlers.lockedAttendee`).
    private static func registeredFor(_ attendeeId: Identifier, _ db: isolated PostgresConnection) throws -> [String] {
        Set(try Store.registrations(attendeeId: attendeeId, lock: false, db).map(\.eventId)).map(event)
    }
}
