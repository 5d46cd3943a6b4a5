import Foundation
import Identifiers
import Messaging
import Postgres

/// SQL of the events context. Every function runs on the handler's
/// connection, inside its transaction.
enum EventStore {
    // MARK: events

    private static let eventColumns = """
        id, event_number, title, description, event_date, registration_deadline, venue_name, venue_address,
        venue_capacity, status, organizer_id, current_attendee_count, published_at, metadata
        """

    /// The event, optionally locked until the transaction ends: every change
    /// to an event, its sessions, slots or seats happens under this lock, so
    /// decisions about one event are taken one at a time.
    static func event(_ id: Identifier, lock: Bool = false, _ db: isolated PostgresConnection) throws -> Event? {
        let sql = "SELECT \(eventColumns) FROM events WHERE id = $1" + (lock ? " FOR UPDATE" : "")
        return try db.query(sql, [id]).first.map(decodeEvent)
    }

    static func eventNumberTaken(_ number: Int, _ db: isolated PostgresConnection) throws -> Bool {
        try !db.query("SELECT 1 FROM events WHERE event_number = $1", [number]).isEmpty
    }

    /// False when a concurrent transaction inserted the same id or number first.
    static func insert(_ event: Event, now: Date, _ db: isolated PostgresConnection) throws -> Bool {
        try db.execute(
            """
            INSERT INTO events (\(eventColumns), created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)
            ON CONFLICT DO NOTHING
            """,
            [
                event.id, event.eventNumber, event.title, event.description, event.eventDate,
                event.registrationDeadline, event.venueName, event.venueAddress, event.venueCapacity,
                event.status.rawValue, event.organizerId, event.currentAttendeeCount, event.publishedAt,
                try PostgresJSON(encoding: event.metadata), now,
            ]) == 1
    }

    static func update(_ eventId: Identifier, _ change: StatusChange, now: Date, _ db: isolated PostgresConnection) throws {
        try db.execute(
            "UPDATE events SET status = $2, published_at = $3, updated_at = $4 WHERE id = $1",
            [eventId, change.to.rawValue, change.publishedAt, now]
        )
    }

    /// Writes UpdateEvent's fields (the status and the count are not among them).
    static func updateDetails(_ event: Event, now: Date, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            UPDATE events SET title = $2, description = $3, event_date = $4, registration_deadline = $5, venue_name = $6,
                venue_address = $7, venue_capacity = $8, metadata = $9, updated_at = $10
            WHERE id = $1
            """,
            [
                event.id, event.title, event.description, event.eventDate, event.registrationDeadline, event.venueName,
                event.venueAddress, event.venueCapacity, try PostgresJSON(encoding: event.metadata), now,
            ])
    }

    /// Cancels the event and frees every seat it holds, in one go; returns
    /// how many seats were freed. Call with the event locked.
    static func cancelEvent(_ eventId: Identifier, reason: String, now: Date, _ db: isolated PostgresConnection) throws -> Int {
        let freed = try db.execute(
            "UPDATE event_seats SET released_at = $2 WHERE event_id = $1 AND released_at IS NULL", [eventId, now]
        )
        try db.execute(
            """
            UPDATE events SET status = 'cancelled', cancelled_at = $2, cancellation_reason = $3, current_attendee_count = 0,
                updated_at = $2
            WHERE id = $1
            """, [eventId, now, reason])
        return freed
    }

    private static func decodeEvent(_ row: PostgresRow) throws -> Event {
        let statusText = try row.decode(String.self, column: "status")
        guard let status = EventStatus(rawValue: statusText) else {
            throw PostgresError(.decoding, "unknown event status \(statusText)")
        }
        let metadata = try row.decode(PostgresJSON?.self, column: "metadata")?.decode(JSONValue.self)
        return Event(
            id: try row.decode(Identifier.self, column: "id"),
            eventNumber: try row.decode(Int.self, column: "event_number"),
            title: try row.decode(String.self, column: "title"),
            description: try row.decode(String?.self, column: "description"),
            eventDate: try row.decode(Date.self, column: "event_date"),
            registrationDeadline: try row.decode(Date.self, column: "registration_deadline"),
            venueName: try row.decode(String.self, column: "venue_name"),
            venueAddress: try row.decode(String.self, column: "venue_address"),
            venueCapacity: try row.decode(Int.self, column: "venue_capacity"),
            status: status,
            organizerId: try row.decode(Identifier.self, column: "organizer_id"),
            currentAttendeeCount: try row.decode(Int?.self, column: "current_attendee_count") ?? 0,
            publishedAt: try row.decode(Date?.self, column: "published_at"),
            metadata: metadata ?? .object([:])
        )
    }

    // MARK: sessions

    private static let sessionColumns = """
        id, event_id, title, description, session_type, start_time, end_time, room, capacity, language, status, tags,
        prerequisites, target_audience
        """

    static func session(_ id: Identifier, _ db: isolated PostgresConnection) throws -> Session? {
        try db.query("SELECT \(sessionColumns) FROM sessions WHERE id = $1", [id]).first.map(decodeSession)
    }

    /// False when a concurrent transaction inserted the same id first.
    static func insert(_ session: Session, now: Date, _ db: isolated PostgresConnection) throws -> Bool {
        try db.execute(
            """
            INSERT INTO sessions (\(sessionColumns), created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)
            ON CONFLICT DO NOTHING
            """,
            [
                session.id, session.eventId, session.title, session.description, session.sessionType.rawValue,
                session.startTime, session.endTime, session.room, session.capacity, session.language,
                session.status.rawValue, session.tags, session.prerequisites, session.targetAudience.map(\.rawValue), now,
            ]) == 1
    }

    /// Writes UpdateSession's fields (time, room and status are not among them).
    static func updateDetails(_ session: Session, now: Date, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            UPDATE sessions SET title = $2, description = $3, session_type = $4, capacity = $5, language = $6, tags = $7,
                prerequisites = $8, target_audience = $9, updated_at = $10
            WHERE id = $1
            """,
            [
                session.id, session.title, session.description, session.sessionType.rawValue, session.capacity, session.language,
                session.tags, session.prerequisites, session.targetAudience.map(\.rawValue), now,
            ])
    }

    static func reschedule(_ session: Session, now: Date, _ db: isolated PostgresConnection) throws {
        try db.execute(
            "UPDATE sessions SET start_time = $2, end_time = $3, room = $4, updated_at = $5 WHERE id = $1",
            [session.id, session.startTime, session.endTime, session.room, now]
        )
    }

    static func cancel(_ sessionId: Identifier, reason: String, now: Date, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            UPDATE sessions SET status = 'cancelled', cancelled_at = $2, cancellation_reason = $3, updated_at = $2
            WHERE id = $1
            """, [sessionId, now, reason])
    }

    /// The event's sessions that are not cancelled.
    static func scheduledSessions(of eventId: Identifier, _ db: isolated PostgresConnection) throws -> [Session] {
        try db.query(
            "SELECT \(sessionColumns) FROM sessions WHERE event_id = $1 AND status = 'scheduled' ORDER BY start_time, id",
            [eventId]
        ).map(decodeSession)
    }

    static func agendaSessions(of eventId: Identifier, _ db: isolated PostgresConnection) throws -> [AgendaSession] {
        try db.query("SELECT id, session_type, status FROM sessions WHERE event_id = $1", [eventId]).map { row in
            let typeText = try row.decode(String.self, column: "session_type")
            let statusText = try row.decode(String.self, column: "status")
            guard let type = SessionType(rawValue: typeText), let status = SessionStatus(rawValue: statusText) else {
                throw PostgresError(.decoding, "unknown session type \(typeText) or status \(statusText)")
            }
            return AgendaSession(id: try row.decode(Identifier.self, column: "id"), type: type, status: status)
        }
    }

    private static func decodeSession(_ row: PostgresRow) throws -> Session {
        let typeText = try row.decode(String.self, column: "session_type")
        let statusText = try row.decode(String.self, column: "status")
        guard let type = SessionType(rawValue: typeText), let status = SessionStatus(rawValue: statusText) else {
            throw PostgresError(.decoding, "unknown session type \(typeText) or status \(statusText)")
        }
        let levels = try row.decode([String].self, column: "target_audience")
        let audience = levels.compactMap(ExperienceLevel.init(rawValue:))
        guard audience.count == levels.count else { throw PostgresError(.decoding, "unknown experience level in target_audience") }
        return Session(
            id: try row.decode(Identifier.self, column: "id"),
            eventId: try row.decode(Identifier.self, column: "event_id"),
            title: try row.decode(String.self, column: "title"),
            description: try row.decode(String?.self, column: "description"),
            sessionType: type,
            startTime: try row.decode(Date.self, column: "start_time"),
            endTime: try row.decode(Date.self, column: "end_time"),
            room: try row.decode(String?.self, column: "room"),
            capacity: try row.decode(Int?.self, column: "capacity"),
            language: try row.decode(String?.self, column: "language") ?? SessionRules.defaultLanguage,
            status: status,
            tags: try row.decode([String].self, column: "tags"),
            prerequisites: try row.decode([String].self, column: "prerequisites"),
            targetAudience: audience
        )
    }

    // MARK: topics

    private static let topicColumns = "id, event_id, title, description, tags"

    static func topic(_ id: Identifier, _ db: isolated PostgresConnection) throws -> Topic? {
        try db.query("SELECT \(topicColumns) FROM event_topics WHERE id = $1", [id]).first.map { row in
            Topic(
                id: try row.decode(Identifier.self, column: "id"),
                eventId: try row.decode(Identifier.self, column: "event_id"),
                title: try row.decode(String.self, column: "title"),
                description: try row.decode(String?.self, column: "description"),
                tags: try row.decode([String].self, column: "tags")
            )
        }
    }

    static func topicTitleTaken(_ eventId: Identifier, _ title: String, _ db: isolated PostgresConnection) throws -> Bool {
        try !db.query("SELECT 1 FROM event_topics WHERE event_id = $1 AND lower(title) = lower($2)", [eventId, title]).isEmpty
    }

    /// False when a concurrent transaction inserted the same id or title first.
    static func insert(_ topic: Topic, now: Date, _ db: isolated PostgresConnection) throws -> Bool {
        try db.execute(
            """
            INSERT INTO event_topics (\(topicColumns), created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING
            """, [topic.id, topic.eventId, topic.title, topic.description, topic.tags, now]) == 1
    }

    // MARK: speaker slots (local copy)

    private static let slotColumns = "session_id, speaker_id, role, status, as_of, presentation_title"

    static func slots(of eventId: Identifier, _ db: isolated PostgresConnection) throws -> [SpeakerSlot] {
        try db.query("SELECT \(slotColumns) FROM session_speaker_slots WHERE event_id = $1", [eventId]).map(decodeSlot)
    }

    static func slot(session: Identifier, speaker: Identifier, _ db: isolated PostgresConnection) throws -> SpeakerSlot? {
        try db.query(
            "SELECT \(slotColumns) FROM session_speaker_slots WHERE session_id = $1 AND speaker_id = $2",
            [session, speaker]
        ).first.map(decodeSlot)
    }

    static func save(_ slot: SpeakerSlot, eventId: Identifier, now: Date, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            INSERT INTO session_speaker_slots (session_id, speaker_id, event_id, role, status, as_of, updated_at, presentation_title)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (session_id, speaker_id) DO UPDATE
            SET role = EXCLUDED.role, status = EXCLUDED.status, as_of = EXCLUDED.as_of, updated_at = EXCLUDED.updated_at,
                presentation_title = EXCLUDED.presentation_title
            """,
            [
                slot.sessionId, slot.speakerId, eventId, slot.role.rawValue, slot.status.rawValue, slot.asOf, now,
                slot.presentationTitle,
            ])
    }

    private static func decodeSlot(_ row: PostgresRow) throws -> SpeakerSlot {
        let roleText = try row.decode(String.self, column: "role")
        let statusText = try row.decode(String.self, column: "status")
        guard let role = SpeakerRole(rawValue: roleText), let status = SlotStatus(rawValue: statusText) else {
            throw PostgresError(.decoding, "unknown slot role \(roleText) or status \(statusText)")
        }
        return SpeakerSlot(
            sessionId: try row.decode(Identifier.self, column: "session_id"),
            speakerId: try row.decode(Identifier.self, column: "speaker_id"),
            role: role, status: status,
            asOf: try row.decode(Date.self, column: "as_of"),
            presentationTitle: try row.decode(String?.self, column: "presentation_title")
        )
    }

    // MARK: seats

    static func holding(_ registrationId: Identifier, _ db: isolated PostgresConnection) throws -> SeatHolding? {
        guard
            let row = try db.query(
                "SELECT released_at FROM event_seats WHERE registration_id = $1", [registrationId]
            ).first
        else { return nil }
        return try row.decode(Date?.self, column: "released_at") == nil ? .held : .released
    }

    /// Takes a seat and returns the event's new count, recounted from the
    /// seats held so the two can never drift apart. The count's CHECK stops
    /// it exceeding capacity even if a rule were wrong.
    static func reserveSeat(
        registration: Identifier, event: Identifier, attendee: Identifier, now: Date, _ db: isolated PostgresConnection
    ) throws -> Int {
        try db.execute(
            "INSERT INTO event_seats (registration_id, event_id, attendee_id, reserved_at) VALUES ($1, $2, $3, $4)",
            [registration, event, attendee, now]
        )
        return try recount(event, now: now, db)
    }

    static func releaseSeat(registration: Identifier, event: Identifier, now: Date, _ db: isolated PostgresConnection) throws -> Int {
        try db.execute("UPDATE event_seats SET released_at = $2 WHERE registration_id = $1", [registration, now])
        return try recount(event, now: now, db)
    }

    /// A cancellation that came before its request: no seat, but the request
    /// must not take one later.
    static func rememberCancellation(
        registration: Identifier, event: Identifier, now: Date, _ db: isolated PostgresConnection
    ) throws {
        try db.execute(
            "INSERT INTO event_seats (registration_id, event_id, released_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            [registration, event, now]
        )
    }

    private static func recount(_ event: Identifier, now: Date, _ db: isolated PostgresConnection) throws -> Int {
        let rows = try db.query(
            """
            UPDATE events SET updated_at = $2, current_attendee_count =
                (SELECT count(*) FROM event_seats WHERE event_id = $1 AND released_at IS NULL)
            WHERE id = $1
            RETURNING current_attendee_count
            """, [event, now])
        guard let row = rows.first else { throw PostgresError(.decoding, "event \(event) vanished while locked") }
        return try row.decode(Int.self, column: "current_attendee_count")
    }
}
