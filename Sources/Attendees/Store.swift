import Foundation
import Identifiers
import Postgres

/// A row changed under us between read and write (a concurrent insert of the
/// same email or the same event and attendee). The kernel retries the
/// message, and the retry finds the other row.
struct ConcurrentChange: Error, CustomStringConvertible {
    let description: String
}

/// The SQL of this context. Functions run on the handler's connection, inside
/// the kernel's transaction.
///
/// Locking order, to keep competing consumers from deadlocking: an event's
/// waitlist lock first, then attendee rows, then registration rows.
enum Store {
    // MARK: attendees

    private static let attendeeColumns = """
        id, email, first_name, last_name, company_id, position, newsletter_subscription, gdpr_consent_given,
        gdpr_consent_date, created_at, updated_at, last_login_at, erased_at, bio, interests, experience_level,
        preferred_topics, preferred_session_types, preferred_language, newsletter_changed_at, newsletter_source,
        consent_withdrawn_at
        """

    /// The live attendee with this email, any case, locked.
    static func attendee(email: String, _ db: isolated PostgresConnection) throws -> Attendee? {
        try db.query(
            "SELECT \(attendeeColumns) FROM attendees WHERE lower(email) = lower($1) FOR UPDATE", [email]
        ).first.map(attendee)
    }

    static func attendee(id: Identifier, lock: Bool, _ db: isolated PostgresConnection) throws -> Attendee? {
        try db.query(
            "SELECT \(attendeeColumns) FROM attendees WHERE id = $1" + (lock ? " FOR UPDATE" : ""), [id]
        ).first.map(attendee)
    }

    static func insert(_ attendee: Attendee, _ db: isolated PostgresConnection) throws {
        let inserted = try db.execute(
            """
            INSERT INTO attendees (\(attendeeColumns))
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
            ON CONFLICT DO NOTHING
            """,
            attendeeBinds(attendee)
        )
        guard inserted == 1 else { throw ConcurrentChange(description: "attendee with this email registered concurrently") }
    }

    static func update(_ attendee: Attendee, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            UPDATE attendees SET email = $2, first_name = $3, last_name = $4, company_id = $5, position = $6,
                newsletter_subscription = $7, gdpr_consent_given = $8, gdpr_consent_date = $9, created_at = $10,
                updated_at = $11, last_login_at = $12, erased_at = $13, bio = $14, interests = $15, experience_level = $16,
                preferred_topics = $17, preferred_session_types = $18, preferred_language = $19, newsletter_changed_at = $20,
                newsletter_source = $21, consent_withdrawn_at = $22
            WHERE id = $1
            """,
            attendeeBinds(attendee)
        )
    }

    private static func attendeeBinds(_ a: Attendee) -> [any PostgresEncodable] {
        [
            a.id, a.personal?.email, a.personal?.firstName, a.personal?.lastName, a.personal?.companyId,
            a.personal?.position, a.newsletterSubscription, a.gdprConsentGiven, a.gdprConsentDate, a.createdAt,
            a.updatedAt, a.lastLoginAt, a.erasedAt, a.profile.bio, a.profile.interests, a.profile.experienceLevel?.rawValue,
            a.preferences.topics, a.preferences.sessionTypes.map(\.rawValue), a.preferences.language?.rawValue,
            a.newsletterChange?.at, a.newsletterChange?.source.rawValue, a.consentWithdrawnAt,
        ]
    }

    private static func attendee(_ row: PostgresRow) throws -> Attendee {
        let email = try row.decode(String?.self, column: "email")
        let firstName = try row.decode(String?.self, column: "first_name")
        let lastName = try row.decode(String?.self, column: "last_name")
        var personal: PersonalData?
        if let email, let firstName, let lastName {
            personal = PersonalData(
                email: email, firstName: firstName, lastName: lastName,
                companyId: try row.decode(Identifier?.self, column: "company_id"),
                position: try row.decode(String?.self, column: "position")
            )
        }
        return Attendee(
            id: try row.decode(Identifier.self, column: "id"),
            personal: personal,
            profile: AttendeeProfile(
                bio: try row.decode(String?.self, column: "bio"), interests: try row.decode([String].self, column: "interests"),
                experienceLevel: try decodeEnum(ExperienceLevel.self, row, "experience_level")
            ),
            preferences: ContentPreferences(
                topics: try row.decode([String].self, column: "preferred_topics"),
                sessionTypes: try row.decode([String].self, column: "preferred_session_types").map { text in
                    guard let type = SessionType(rawValue: text) else { throw PostgresError(.decoding, "unknown session type \(text)") }
                    return type
                },
                language: try decodeEnum(ContentLanguage.self, row, "preferred_language")
            ),
            newsletterSubscription: try row.decode(Bool.self, column: "newsletter_subscription"),
            newsletterChange: try newsletterChange(row),
            gdprConsentGiven: try row.decode(Bool.self, column: "gdpr_consent_given"),
            gdprConsentDate: try row.decode(Date?.self, column: "gdpr_consent_date"),
            consentWithdrawnAt: try row.decode(Date?.self, column: "consent_withdrawn_at"),
            createdAt: try row.decode(Date.self, column: "created_at"),
            updatedAt: try row.decode(Date.self, column: "updated_at"),
            lastLoginAt: try row.decode(Date?.self, column: "last_login_at"),
            erasedAt: try row.decode(Date?.self, column: "erased_at")
        )
    }

    private static func newsletterChange(_ row: PostgresRow) throws -> NewsletterChange? {
        guard let at = try row.decode(Date?.self, column: "newsletter_changed_at"),
            let source = try decodeEnum(NewsletterSource.self, row, "newsletter_source")
        else { return nil }
        return NewsletterChange(at: at, source: source)
    }

    /// A nullable column holding one of `T`'s raw values.
    static func decodeEnum<T: RawRepresentable>(_ type: T.Type, _ row: PostgresRow, _ column: String) throws -> T?
    where T.RawValue == String {
        guard let text = try row.decode(String?.self, column: column) else { return nil }
        guard let value = T(rawValue: text) else { throw PostgresError(.decoding, "unknown \(column) \(text)") }
        return value
    }

    // MARK: registrations

    static let registrationColumns = """
        id, event_id, attendee_id, registration_date, status, special_requests, attendance_confirmed,
        actual_attendance, waitlist_position, seat_requested_at, rejection_reason, status_changed_at, attendance_confirmed_at
        """

    static func registration(id: Identifier, lock: Bool, _ db: isolated PostgresConnection) throws -> Registration? {
        try db.query(
            "SELECT \(registrationColumns) FROM event_registrations WHERE id = $1" + (lock ? " FOR UPDATE" : ""), [id]
        ).first.map(registration)
    }

    static func registration(eventId: Identifier, attendeeId: Identifier, _ db: isolated PostgresConnection) throws -> Registration? {
        try db.query(
            "SELECT \(registrationColumns) FROM event_registrations WHERE event_id = $1 AND attendee_id = $2 FOR UPDATE",
            [eventId, attendeeId]
        ).first.map(registration)
    }

    static func registrations(attendeeId: Identifier, lock: Bool, _ db: isolated PostgresConnection) throws -> [Registration] {
        try db.query(
            "SELECT \(registrationColumns) FROM event_registrations WHERE attendee_id = $1 ORDER BY id"
                + (lock ? " FOR UPDATE" : ""),
            [attendeeId]
        ).map(registration)
    }

    /// The event's queue, front first. Call with the event's waitlist lock held.
    static func waitlisted(eventId: Identifier, _ db: isolated PostgresConnection) throws -> [Registration] {
        try db.query(
            """
            SELECT \(registrationColumns) FROM event_registrations
            WHERE event_id = $1 AND status = 'waitlisted' ORDER BY waitlist_position FOR UPDATE
            """,
            [eventId]
        ).map(registration)
    }

    /// Call with the event's waitlist lock held. Positions run 1..k without
    /// gaps, so the last one is the length: one probe of the waitlist index.
    static func waitlistLength(eventId: Identifier, _ db: isolated PostgresConnection) throws -> Int {
        try db.query(
            "SELECT coalesce(max(waitlist_position), 0) FROM event_registrations WHERE event_id = $1 AND status = 'waitlisted'",
            [eventId]
        )[0].decode(Int.self, at: 0)
    }

    /// Takes the per-event lock every change of waitlist positions goes
    /// through; held until the transaction ends. The upsert locks the row
    /// whether it was there or not.
    static func lockWaitlist(eventId: Identifier, now: Date, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            INSERT INTO event_waitlists (event_id, touched_at) VALUES ($1, $2)
            ON CONFLICT (event_id) DO UPDATE SET touched_at = EXCLUDED.touched_at
            """,
            [eventId, now]
        )
    }

    /// Freed seats nobody has asked for yet. Call with the waitlist lock held.
    static func unclaimedSeats(eventId: Identifier, _ db: isolated PostgresConnection) throws -> Int {
        try db.query("SELECT unclaimed_seats FROM event_waitlists WHERE event_id = $1", [eventId])
            .first?.decode(Int.self, column: "unclaimed_seats") ?? 0
    }

    static func setUnclaimedSeats(eventId: Identifier, _ seats: Int, _ db: isolated PostgresConnection) throws {
        try db.execute("UPDATE event_waitlists SET unclaimed_seats = $2 WHERE event_id = $1", [eventId, seats])
    }

    /// Writes a decision: the row, then the queue behind a leaving registration
    /// moves up. Call with the event's waitlist lock held when `waitlist` is set.
    static func apply(_ decision: RegistrationDecision, _ db: isolated PostgresConnection) throws {
        guard decision.changesState else { return }
        let r = decision.registration
        let binds: [any PostgresEncodable] = [
            r.id, r.eventId, r.attendeeId, r.registrationDate, r.status.rawValue, r.specialRequests,
            r.attendanceConfirmed, r.actualAttendance, r.waitlistPosition, r.seatRequestedAt,
            r.rejectionReason?.rawValue, r.statusChangedAt, r.attendanceConfirmedAt,
        ]
        if decision.before == nil {
            let inserted = try db.execute(
                """
                INSERT INTO event_registrations (\(registrationColumns))
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (event_id, attendee_id) DO NOTHING
                """,
                binds
            )
            guard inserted == 1 else { throw ConcurrentChange(description: "registration for this event created concurrently") }
        } else {
            try db.execute(
                """
                UPDATE event_registrations SET event_id = $2, attendee_id = $3, registration_date = $4, status = $5,
                    special_requests = $6, attendance_confirmed = $7, actual_attendance = $8, waitlist_position = $9,
                    seat_requested_at = $10, rejection_reason = $11, status_changed_at = $12, attendance_confirmed_at = $13
                WHERE id = $1
                """,
                binds
            )
        }
        // A cancelled registration holds no session seat: events frees them
        // on its RegistrationCancelled.
        if r.status == .cancelled, decision.before?.status != .cancelled {
            try releaseChoices(registrationId: r.id, now: r.statusChangedAt, db)
        }
        if case .leave(let position) = decision.waitlist {
            try db.execute(
                """
                UPDATE event_registrations SET waitlist_position = waitlist_position - 1
                WHERE event_id = $1 AND status = 'waitlisted' AND waitlist_position > $2
                """,
                [r.eventId, position]
            )
        }
    }

    static func registration(_ row: PostgresRow) throws -> Registration {
        let status = try row.decode(String.self, column: "status")
        let reason = try row.decode(String?.self, column: "rejection_reason")
        guard let parsed = RegistrationStatus(rawValue: status) else {
            throw PostgresError(.decoding, "unknown registration status \(status)")
        }
        return Registration(
            id: try row.decode(Identifier.self, column: "id"),
            eventId: try row.decode(Identifier.self, column: "event_id"),
            attendeeId: try row.decode(Identifier.self, column: "attendee_id"),
            registrationDate: try row.decode(Date.self, column: "registration_date"),
            status: parsed,
            specialRequests: try row.decode(String?.self, column: "special_requests"),
            attendanceConfirmed: try row.decode(Bool.self, column: "attendance_confirmed"),
            attendanceConfirmedAt: try row.decode(Date?.self, column: "attendance_confirmed_at"),
            actualAttendance: try row.decode(Bool.self, column: "actual_attendance"),
            waitlistPosition: try row.decode(Int?.self, column: "waitlist_position"),
            seatRequestedAt: try row.decode(Date?.self, column: "seat_requested_at"),
            rejectionReason: reason.flatMap(RegistrationRejectionReason.init(rawValue:)),
            statusChangedAt: try row.decode(Date.self, column: "status_changed_at")
        )
    }

    // MARK: content engagement

    static func insert(_ e: ContentEngagement, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            INSERT INTO content_engagement (id, attendee_id, content_type, content_id, engagement_type, engagement_value, engaged_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """,
            [e.id, e.attendeeId, e.contentType, e.contentId, e.engagementType, e.engagementValue, e.engagedAt]
        )
    }

    // MARK: erasure

    /// The messages of this context whose bodies hold personal data (the rest carry ids only).
    static let personalMessageTypes = [AttendeeRegistered.name, AttendeeProfileUpdated.name, AttendeeProfileReported.name]

    /// Drops this attendee's outbox rows, sent or not, of the `types` given
    /// (erasure: every personal message; consent withdrawal: those with her profile).
    static func forgetPublished(_ types: [String], attendeeId: Identifier, _ db: isolated PostgresConnection) throws {
        try db.execute(
            "DELETE FROM outbox WHERE aggregate_id = $1 AND message_type = ANY($2)", [attendeeId.description, types]
        )
    }

    // MARK: event copies

    static func eventCopy(id: Identifier, _ db: isolated PostgresConnection) throws -> EventCopy? {
        try db.query(
            """
            SELECT event_id, event_number, title, event_date, registration_deadline, venue_capacity, status, status_changed_at,
                details_changed_at
            FROM event_copies WHERE event_id = $1 FOR UPDATE
            """,
            [id]
        ).first.map { row in
            let status = try row.decode(String.self, column: "status")
            guard let parsed = EventStatus(rawValue: status) else {
                throw PostgresError(.decoding, "unknown event status \(status)")
            }
            return EventCopy(
                eventId: try row.decode(Identifier.self, column: "event_id"),
                eventNumber: try row.decode(Int.self, column: "event_number"),
                title: try row.decode(String.self, column: "title"),
                eventDate: try row.decode(Date.self, column: "event_date"),
                registrationDeadline: try row.decode(Date.self, column: "registration_deadline"),
                venueCapacity: try row.decode(Int.self, column: "venue_capacity"),
                status: parsed,
                statusChangedAt: try row.decode(Date.self, column: "status_changed_at"),
                detailsChangedAt: try row.decode(Date?.self, column: "details_changed_at")
            )
        }
    }

    static func save(_ copy: EventCopy, now: Date, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            INSERT INTO event_copies (event_id, event_number, title, event_date, registration_deadline, venue_capacity,
                status, status_changed_at, copied_at, details_changed_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (event_id) DO UPDATE SET event_number = EXCLUDED.event_number, title = EXCLUDED.title,
                event_date = EXCLUDED.event_date, registration_deadline = EXCLUDED.registration_deadline,
                venue_capacity = EXCLUDED.venue_capacity, status = EXCLUDED.status,
                status_changed_at = EXCLUDED.status_changed_at, copied_at = EXCLUDED.copied_at,
                details_changed_at = EXCLUDED.details_changed_at
            """,
            [
                copy.eventId, copy.eventNumber, copy.title, copy.eventDate, copy.registrationDeadline, copy.venueCapacity,
                copy.status.rawValue, copy.statusChangedAt, now, copy.detailsChangedAt,
            ]
        )
    }
}
