import Foundation
import Identifiers
import Postgres

/// SQL of the handlers: the local copies and the notification rows. Every
/// function runs on the handler's connection, inside its transaction.
enum NotificationStore {
    // MARK: recipients

    /// Inserts or updates the copy, unless the stored one is newer or the
    /// person was erased after the message (see `erase`).
    static func save(_ recipient: Recipient, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            INSERT INTO recipients (id, role, email, first_name, last_name, language, reminder_opt_out, newsletter_subscription, as_of)
            SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9
            WHERE NOT EXISTS (SELECT 1 FROM erased_recipients WHERE id_digest = \(erasedDigest(1)) AND erased_at >= $9)
            ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, first_name = EXCLUDED.first_name,
                last_name = EXCLUDED.last_name, language = EXCLUDED.language, reminder_opt_out = EXCLUDED.reminder_opt_out,
                newsletter_subscription = COALESCE(EXCLUDED.newsletter_subscription, recipients.newsletter_subscription),
                as_of = EXCLUDED.as_of, updated_at = NOW()
            WHERE recipients.as_of <= EXCLUDED.as_of
            """,
            [
                recipient.id, recipient.role.rawValue, recipient.email, recipient.firstName, recipient.lastName, recipient.language,
                recipient.reminderOptOut, recipient.newsletter, recipient.asOf,
            ])
    }

    static func recipient(_ id: Identifier, _ db: isolated PostgresConnection) throws -> Recipient? {
        guard
            let row = try db.query(
                """
                SELECT id, role, email, first_name, last_name, language, reminder_opt_out, newsletter_subscription, as_of
                FROM recipients WHERE id = $1
                """, [id]
            ).first
        else { return nil }
        return Recipient(
            id: try row.decode(at: 0), role: Recipient.Role(rawValue: try row.decode(at: 1)) ?? .attendee,
            email: try row.decode(at: 2), firstName: try row.decode(String?.self, at: 3), lastName: try row.decode(String?.self, at: 4),
            language: try row.decode(String?.self, at: 5), reminderOptOut: try row.decode(at: 6),
            newsletter: try row.decode(Bool?.self, at: 7), asOf: try row.decode(at: 8)
        )
    }

    /// The key of `erased_recipients` for the id bound at `$parameter`: its
    /// SHA-256, so the erased id itself is not kept.
    private static func erasedDigest(_ parameter: Int) -> String {
        "sha256(convert_to($\(parameter)::uuid::text, 'UTF8'))"
    }

    /// Deletes every row about a person and remembers when, so an older
    /// message taken later copies nothing back.
    static func erase(_ id: Identifier, at time: Date, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            INSERT INTO erased_recipients (id_digest, erased_at) VALUES (\(erasedDigest(1)), $2)
            ON CONFLICT (id_digest) DO UPDATE SET erased_at = GREATEST(erased_recipients.erased_at, EXCLUDED.erased_at)
            """,
            [id, time])
        try db.execute("DELETE FROM recipients WHERE id = $1", [id])
        try db.execute("DELETE FROM notifications WHERE person_id = $1", [id])
        try db.execute("DELETE FROM invitation_copies WHERE speaker_id = $1", [id])
        try db.execute("DELETE FROM invitation_progress WHERE speaker_id = $1", [id])
        try db.execute("DELETE FROM waitlisted_registrations WHERE attendee_id = $1", [id])
        try db.execute("DELETE FROM confirmed_registrations WHERE attendee_id = $1", [id])
        try db.execute("DELETE FROM registration_progress WHERE attendee_id = $1", [id])
    }

    // MARK: who holds a seat (for the programme mails)

    static func markConfirmed(_ registration: Identifier, event: Identifier, attendee: Identifier, _ db: isolated PostgresConnection) throws {
        try db.execute(
            "INSERT INTO confirmed_registrations (registration_id, event_id, attendee_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            [registration, event, attendee])
    }

    static func forgetConfirmed(_ registration: Identifier, _ db: isolated PostgresConnection) throws {
        try db.execute("DELETE FROM confirmed_registrations WHERE registration_id = $1", [registration])
    }

    /// The attendees holding a seat at the event, each once.
    static func confirmedAttendees(of event: Identifier, _ db: isolated PostgresConnection) throws -> [Identifier] {
        try db.query("SELECT DISTINCT attendee_id FROM confirmed_registrations WHERE event_id = $1 ORDER BY 1", [event])
            .map { try $0.decode(Identifier.self, at: 0) }
    }

    // MARK: events and invitations

    /// Inserts or replaces the copy, unless the stored one is newer.
    static func save(_ event: EventCopy, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            INSERT INTO event_copies (event_id, title, event_date, venue_name, organiser_email, as_of) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (event_id) DO UPDATE SET title = EXCLUDED.title, event_date = EXCLUDED.event_date,
                venue_name = EXCLUDED.venue_name, organiser_email = EXCLUDED.organiser_email, as_of = EXCLUDED.as_of
            WHERE event_copies.as_of <= EXCLUDED.as_of
            """, [event.id, event.title, event.date, event.venue, event.organiserEmail, event.asOf])
    }

    /// Marks the copy cancelled (the first time counts); false when there is no copy.
    static func cancel(event id: Identifier, at: Date, _ db: isolated PostgresConnection) throws -> Bool {
        try db.execute("UPDATE event_copies SET cancelled_at = COALESCE(cancelled_at, $2) WHERE event_id = $1", [id, at]) == 1
    }

    static func event(_ id: Identifier, _ db: isolated PostgresConnection) throws -> EventCopy? {
        guard
            let row = try db.query(
                "SELECT title, event_date, venue_name, organiser_email, as_of, cancelled_at FROM event_copies WHERE event_id = $1", [id]
            ).first
        else { return nil }
        return EventCopy(
            id: id, title: try row.decode(at: 0), date: try row.decode(at: 1), venue: try row.decode(at: 2),
            organiserEmail: try row.decode(String?.self, at: 3), asOf: try row.decode(Date.self, at: 4),
            cancelledAt: try row.decode(Date?.self, at: 5)
        )
    }

    /// A new invitation replaces an earlier one of the same pair (a re-invitation).
    static func save(_ invitation: InvitationCopy, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            INSERT INTO invitation_copies (speaker_id, session_id, event_id, role, presentation_title, response_deadline)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (speaker_id, session_id) DO UPDATE SET event_id = EXCLUDED.event_id, role = EXCLUDED.role,
                presentation_title = EXCLUDED.presentation_title, response_deadline = EXCLUDED.response_deadline
            """,
            [
                invitation.speakerId, invitation.sessionId, invitation.eventId, invitation.role, invitation.presentationTitle,
                invitation.responseDeadline,
            ])
    }

    static func invitation(speaker: Identifier, session: Identifier, _ db: isolated PostgresConnection) throws -> InvitationCopy? {
        guard
            let row = try db.query(
                """
                SELECT event_id, role, presentation_title, response_deadline FROM invitation_copies
                WHERE speaker_id = $1 AND session_id = $2
                """, [speaker, session]
            ).first
        else { return nil }
        return InvitationCopy(
            speakerId: speaker, sessionId: session, eventId: try row.decode(at: 0), role: try row.decode(at: 1),
            presentationTitle: try row.decode(String?.self, at: 2), responseDeadline: try row.decode(at: 3)
        )
    }

    /// Records a message of the invitation as the newest taken; false,
    /// recording nothing, when a newer one was taken before it.
    static func advance(speaker: Identifier, session: Identifier, to asOf: Date, _ db: isolated PostgresConnection) throws -> Bool {
        try db.execute(
            """
            INSERT INTO invitation_progress (speaker_id, session_id, as_of) VALUES ($1, $2, $3)
            ON CONFLICT (speaker_id, session_id) DO UPDATE SET as_of = EXCLUDED.as_of WHERE invitation_progress.as_of <= EXCLUDED.as_of
            """,
            [speaker, session, asOf]) == 1
    }

    /// Records the event's programme revision as the newest taken; false,
    /// recording nothing, when this or a newer revision was taken before.
    static func advance(programme eventId: Identifier, to revision: Int, _ db: isolated PostgresConnection) throws -> Bool {
        try db.execute(
            """
            INSERT INTO programme_revisions (event_id, revision) VALUES ($1, $2)
            ON CONFLICT (event_id) DO UPDATE SET revision = EXCLUDED.revision WHERE programme_revisions.revision < EXCLUDED.revision
            """,
            [eventId, revision]) == 1
    }

    // MARK: registrations

    /// Records a message of the registration as the newest taken; false,
    /// recording nothing, when a newer one was taken before it.
    static func advance(
        registration: Identifier, attendee: Identifier, to asOf: Date, _ db: isolated PostgresConnection
    ) throws -> Bool {
        try db.execute(
            """
            INSERT INTO registration_progress (registration_id, attendee_id, as_of) VALUES ($1, $2, $3)
            ON CONFLICT (registration_id) DO UPDATE SET as_of = EXCLUDED.as_of WHERE registration_progress.as_of <= EXCLUDED.as_of
            """,
            [registration, attendee, asOf]) == 1
    }

    static func markWaitlisted(_ registration: Identifier, attendee: Identifier, _ db: isolated PostgresConnection) throws {
        try db.execute(
            "INSERT INTO waitlisted_registrations (registration_id, attendee_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            [registration, attendee])
    }

    /// True when the registration had been waitlisted (it is a promotion); forgets it.
    static func takeWaitlisted(_ registration: Identifier, _ db: isolated PostgresConnection) throws -> Bool {
        try db.execute("DELETE FROM waitlisted_registrations WHERE registration_id = $1", [registration]) > 0
    }

    // MARK: notifications

    /// The mail's row, due now; nothing when this message already gave this
    /// recipient this kind of mail.
    static func insert(
        _ mail: PlannedMail, rendered: RenderedMail, id: Identifier, messageId: Identifier, now: Date, _ db: isolated PostgresConnection
    ) throws {
        try db.execute(
            """
            INSERT INTO notifications (id, message_id, recipient_key, kind, person_id, to_address, language, subject,
                text_body, html_body, next_attempt_at, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
            ON CONFLICT (message_id, recipient_key, kind) DO NOTHING
            """,
            [
                id, messageId, mail.recipientKey, mail.kind.rawValue, mail.personId, mail.to, mail.language.rawValue,
                rendered.subject, rendered.text, rendered.html, now,
            ])
    }
}
