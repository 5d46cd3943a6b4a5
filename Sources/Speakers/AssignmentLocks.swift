import Identifiers
import Messaging
import Postgres

/// The keys of the session and speaker rows a handler locks (see
/// `LockKeysFunction`). Handlers lock sessions, then speakers, but a batch
/// runs its messages in delivery order, so two lanes or replicas with
/// batches about the same sessions or speakers in different orders would
/// deadlock on the rows; the kernel takes a batch's keys sorted before any
/// handler runs, so such batches wait for each other instead. The row locks
/// stay what keeps an invitation's decisions one at a time; the keys only order.
/// A company's key orders the company's own advisory lock
/// (`SpeakerStore.lockCompany`), which handlers also take in message order.
enum AssignmentLocks {
    static func session(_ id: Identifier) -> String { "session:\(id)" }
    static func speaker(_ id: Identifier) -> String { "speaker:\(id)" }
    static func company(_ id: Identifier) -> String { "company:\(id)" }
    /// Orders an event's cancellation against the first copy of one of its
    /// sessions, which reads whether the event was cancelled.
    static func event(_ id: Identifier) -> String { "event:\(id)" }

    /// The invitation's session and speaker, from the message: asked once.
    static func invitation<M: Message & InvitationScoped>(_ envelope: Envelope<M>, _ db: isolated PostgresConnection) throws -> [String] {
        [session(envelope.data.sessionId), speaker(envelope.data.speakerId)]
    }

    static func ofSpeaker<M: Message & SpeakerScoped>(_ envelope: Envelope<M>, _ db: isolated PostgresConnection) throws -> [String] {
        [speaker(envelope.data.speakerId)]
    }

    static func companyCreated(_ envelope: Envelope<CompanyCreated>, _ db: isolated PostgresConnection) throws -> [String] {
        [company(envelope.data.companyId)]
    }

    static func companyUpdated(_ envelope: Envelope<CompanyUpdated>, _ db: isolated PostgresConnection) throws -> [String] {
        [company(envelope.data.companyId)]
    }

    static func companyDeactivated(_ envelope: Envelope<CompanyDeactivated>, _ db: isolated PostgresConnection) throws -> [String] {
        [company(envelope.data.companyId)]
    }

    /// The company named (a new speaker has no row to lock yet).
    static func registerSpeaker(_ envelope: Envelope<RegisterSpeaker>, _ db: isolated PostgresConnection) throws -> [String] {
        [company(envelope.data.companyId)]
    }

    static func checkSpeakerCompany(_ envelope: Envelope<CheckSpeakerCompany>, _ db: isolated PostgresConnection) throws -> [String] {
        [speaker(envelope.data.speakerId), company(envelope.data.companyId)]
    }

    /// The speaker, and the company a move names.
    static func updateSpeakerProfile(_ envelope: Envelope<UpdateSpeakerProfile>, _ db: isolated PostgresConnection) throws -> [String] {
        guard case .set(let moved) = envelope.data.companyId else { return [speaker(envelope.data.speakerId)] }
        return [speaker(envelope.data.speakerId), company(moved)]
    }

    static func sessionScheduled(_ envelope: Envelope<SessionScheduled>, _ db: isolated PostgresConnection) throws -> [String] {
        [session(envelope.data.fields.sessionId), event(envelope.data.fields.eventId)]
    }

    /// A move may release or recheck every speaker of the session.
    static func sessionRescheduled(_ envelope: Envelope<SessionRescheduled>, _ db: isolated PostgresConnection) throws -> [String] {
        try sessionAndSpeakers(envelope.data.fields.sessionId, db) + [event(envelope.data.fields.eventId)]
    }

    static func sessionUpdated(_ envelope: Envelope<SessionUpdated>, _ db: isolated PostgresConnection) throws -> [String] {
        try sessionAndSpeakers(envelope.data.fields.sessionId, db) + [event(envelope.data.fields.eventId)]
    }

    static func sessionCancelled(_ envelope: Envelope<SessionCancelled>, _ db: isolated PostgresConnection) throws -> [String] {
        try sessionAndSpeakers(envelope.data.sessionId, db)
    }

    static func eventCancelled(_ envelope: Envelope<EventCancelled>, _ db: isolated PostgresConnection) throws -> [String] {
        try ofEvent(envelope.data.eventId, db) + [event(envelope.data.eventId)]
    }

    /// Only a completed event is handled (its speaking history).
    static func eventStatusChanged(_ envelope: Envelope<EventStatusChanged>, _ db: isolated PostgresConnection) throws -> [String] {
        envelope.data.to == "completed" ? try ofEvent(envelope.data.eventId, db) : []
    }

    /// The speaker and the sessions of every invitation they had.
    static func eraseSpeaker(_ envelope: Envelope<EraseSpeaker>, _ db: isolated PostgresConnection) throws -> [String] {
        let id = envelope.data.speakerId
        return [speaker(id)] + Set(try SpeakerStore.assignments(ofSpeaker: id, db).map(\.sessionId)).map(session)
    }

    private static func sessionAndSpeakers(_ sessionId: Identifier, _ db: isolated PostgresConnection) throws -> [String] {
        [session(sessionId)] + (try SpeakerStore.invitedSpeakers(of: sessionId, db).map(speaker))
    }

    private static func ofEvent(_ eventId: Identifier, _ db: isolated PostgresConnection) throws -> [String] {
        let scope = try SpeakerStore.sessionsAndSpeakers(ofEvent: eventId, db)
        return scope.sessions.map(session) + scope.speakers.map(speaker)
    }
}
