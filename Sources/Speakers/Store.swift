import Foundation
import Identifiers
import Postgres

/// SQL of the speakers context. Every function runs on the handler's
/// connection, inside its transaction.
///
/// Locking order, the same in every handler so two never wait on each other
/// in a circle: the session copy row first, then speaker rows in id order.
/// A speaker row is locked before any of that speaker's invitations or
/// availability change, so decisions about one speaker (accept, double
/// booking, availability) are taken one at a time.
enum SpeakerStore {
    // MARK: speakers

    private static let speakerColumns = """
        id, email, first_name, last_name, company_id, position, short_bio, detailed_bio, expertise_areas,
        availability, base_availability, company_verified, profile_photo_url, linkedin_url, twitter_handle,
        certifications, languages, speaking_topics, preferred_channel, preferred_language, reminder_opt_out, erased_at
        """

    static func speaker(_ id: Identifier, lock: Bool = false, _ db: isolated PostgresConnection) throws -> Speaker? {
        try db.query(
            "SELECT \(speakerColumns) FROM speakers WHERE id = $1" + (lock ? " FOR UPDATE" : ""), [id]
        ).first.map(decodeSpeaker)
    }

    /// Locks several speakers in id order.
    static func lockSpeakers(_ ids: [Identifier], _ db: isolated PostgresConnection) throws {
        for id in Set(ids).sorted() {
            try db.query("SELECT 1 FROM speakers WHERE id = $1 FOR UPDATE", [id])
        }
    }

    static func speakerId(email: String, _ db: isolated PostgresConnection) throws -> Identifier? {
        try db.query("SELECT id FROM speakers WHERE lower(email) = lower($1)", [email]).first?.decode(Identifier.self, column: "id")
    }

    /// False when a concurrent transaction inserted the same id or email first.
    static func insert(_ speaker: Speaker, now: Date, _ db: isolated PostgresConnection) throws -> Bool {
        try db.execute(
            """
            INSERT INTO speakers (\(speakerColumns), created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $23)
            ON CONFLICT DO NOTHING
            """, binds(speaker) + [now]) == 1
    }

    /// Writes every column of the (locked) speaker: a profile update, an erasure.
    static func update(_ speaker: Speaker, now: Date, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            UPDATE speakers SET email = $2, first_name = $3, last_name = $4, company_id = $5, position = $6, short_bio = $7,
                detailed_bio = $8, expertise_areas = $9, availability = $10, base_availability = $11, company_verified = $12,
                profile_photo_url = $13, linkedin_url = $14, twitter_handle = $15, certifications = $16, languages = $17,
                speaking_topics = $18, preferred_channel = $19, preferred_language = $20, reminder_opt_out = $21,
                erased_at = $22, updated_at = $23
            WHERE id = $1
            """, binds(speaker) + [now])
    }

    /// The speaker's columns in `speakerColumns` order; NULL and defaults
    /// for the personal ones once erased.
    private static func binds(_ speaker: Speaker) -> [any PostgresEncodable] {
        let personal = speaker.personal
        let profile = personal?.profile ?? SpeakerProfile()
        let preferences = personal?.preferences ?? CommunicationPreferences()
        return [
            speaker.id, personal?.email, personal?.firstName, personal?.lastName, speaker.companyId, personal?.position,
            profile.shortBio, profile.detailedBio, profile.expertiseAreas, speaker.availability.rawValue,
            speaker.baseAvailability.rawValue, speaker.companyVerified, profile.profilePhotoUrl, profile.linkedInUrl,
            profile.twitterHandle, profile.certifications, profile.languages, profile.speakingTopics, preferences.channel,
            preferences.language, preferences.reminderOptOut, speaker.erasedAt,
        ]
    }

    static func setAvailability(
        _ id: Identifier, _ availability: SpeakerAvailability, base: BaseAvailability, now: Date, _ db: isolated PostgresConnection
    ) throws {
        try db.execute(
            "UPDATE speakers SET availability = $2, base_availability = $3, updated_at = $4 WHERE id = $1",
            [id, availability.rawValue, base.rawValue, now]
        )
    }

    /// What availability is derived from: each invitation's status and the
    /// end of its session.
    static func commitments(of speakerId: Identifier, _ db: isolated PostgresConnection) throws -> [Commitment] {
        try db.query(
            """
            SELECT ss.status, s.end_time FROM session_speakers ss JOIN sessions s ON s.id = ss.session_id
            WHERE ss.speaker_id = $1 AND ss.status IN ('invited', 'tentative', 'confirmed')
            """, [speakerId]
        ).map { row in
            let text = try row.decode(String.self, column: "status")
            guard let status = InvitationStatus(rawValue: text) else {
                throw PostgresError(.decoding, "unknown invitation status \(text)")
            }
            return Commitment(status: status, sessionEnd: try row.decode(Date.self, column: "end_time"))
        }
    }

    private static func decodeSpeaker(_ row: PostgresRow) throws -> Speaker {
        let availabilityText = try row.decode(String.self, column: "availability")
        let baseText = try row.decode(String.self, column: "base_availability")
        guard let availability = SpeakerAvailability(rawValue: availabilityText), let base = BaseAvailability(rawValue: baseText) else {
            throw PostgresError(.decoding, "unknown availability \(availabilityText) / \(baseText)")
        }
        return Speaker(
            id: try row.decode(Identifier.self, column: "id"),
            companyId: try row.decode(Identifier.self, column: "company_id"),
            personal: try decodePersonal(row),
            availability: availability,
            baseAvailability: base,
            companyVerified: try row.decode(Bool.self, column: "company_verified"),
            erasedAt: try row.decode(Date?.self, column: "erased_at")
        )
    }

    /// nil for an erased speaker (a CHECK keeps the three NULL together).
    private static func decodePersonal(_ row: PostgresRow) throws -> SpeakerPersonal? {
        guard let email = try row.decode(String?.self, column: "email"),
            let firstName = try row.decode(String?.self, column: "first_name"),
            let lastName = try row.decode(String?.self, column: "last_name")
        else { return nil }
        let profile = SpeakerProfile(
            shortBio: try row.decode(String?.self, column: "short_bio"),
            detailedBio: try row.decode(String?.self, column: "detailed_bio"),
            expertiseAreas: try row.decode([String]?.self, column: "expertise_areas") ?? [],
            profilePhotoUrl: try row.decode(String?.self, column: "profile_photo_url"),
            linkedInUrl: try row.decode(String?.self, column: "linkedin_url"),
            twitterHandle: try row.decode(String?.self, column: "twitter_handle"),
            certifications: try row.decode([String].self, column: "certifications"),
            languages: try row.decode([String].self, column: "languages"),
            speakingTopics: try row.decode([String].self, column: "speaking_topics")
        )
        let preferences = CommunicationPreferences(
            channel: try row.decode(String.self, column: "preferred_channel"),
            language: try row.decode(String?.self, column: "preferred_language"),
            reminderOptOut: try row.decode(Bool.self, column: "reminder_opt_out")
        )
        return SpeakerPersonal(
            email: email, firstName: firstName, lastName: lastName, position: try row.decode(String?.self, column: "position"),
            profile: profile, preferences: preferences
        )
    }

    // MARK: companies (local copy)

    /// Serialises RegisterSpeaker and CompanyCreated for one company until
    /// commit. Without it, under READ COMMITTED, the registration may find no
    /// company while CompanyCreated's UPDATE finds no speaker (neither sees
    /// the other's uncommitted row), and the speaker stays unverified.
    /// Taken before anything else either handler locks.
    static func lockCompany(_ id: Identifier, _ db: isolated PostgresConnection) throws {
        try db.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", ["speakers.company.\(id)"])
    }

    static func companyKnown(_ id: Identifier, _ db: isolated PostgresConnection) throws -> Bool {
        try !db.query("SELECT 1 FROM companies WHERE id = $1", [id]).isEmpty
    }

    /// The company's copy, locked (the company's advisory lock is held).
    static func company(_ id: Identifier, _ db: isolated PostgresConnection) throws -> CompanyCopy? {
        try db.query(
            """
            SELECT id, name, display_name, is_partner, industry, employee_count, names_as_of, partner_as_of, details_as_of
            FROM companies WHERE id = $1 FOR UPDATE
            """, [id]
        ).first.map { row in
            CompanyCopy(
                id: try row.decode(Identifier.self, column: "id"), name: try row.decode(String.self, column: "name"),
                displayName: try row.decode(String.self, column: "display_name"), isPartner: try row.decode(Bool.self, column: "is_partner"),
                industry: try row.decode(String?.self, column: "industry"), employeeCount: try row.decode(Int?.self, column: "employee_count"),
                namesAsOf: try row.decode(Date.self, column: "names_as_of"), partnerAsOf: try row.decode(Date.self, column: "partner_as_of"),
                detailsAsOf: try row.decode(Date.self, column: "details_as_of")
            )
        }
    }

    static func save(_ company: CompanyCopy, now: Date, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            INSERT INTO companies (id, name, display_name, is_partner, industry, employee_count, names_as_of, partner_as_of,
                details_as_of, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, display_name = EXCLUDED.display_name,
                is_partner = EXCLUDED.is_partner, industry = EXCLUDED.industry, employee_count = EXCLUDED.employee_count,
                names_as_of = EXCLUDED.names_as_of, partner_as_of = EXCLUDED.partner_as_of,
                details_as_of = EXCLUDED.details_as_of, updated_at = EXCLUDED.updated_at
            """,
            [
                company.id, company.name, company.displayName, company.isPartner, company.industry, company.employeeCount,
                company.namesAsOf, company.partnerAsOf, company.detailsAsOf, now,
            ])
    }

    /// Marks the company's unverified speakers verified; returns them.
    static func verifySpeakers(of companyId: Identifier, now: Date, _ db: isolated PostgresConnection) throws -> [Identifier] {
        try db.query(
            """
            UPDATE speakers SET company_verified = TRUE, updated_at = $2
            WHERE company_id = $1 AND NOT company_verified RETURNING id
            """, [companyId, now]
        ).map { try $0.decode(Identifier.self, column: "id") }
    }

    // MARK: sessions (local copy)

    static let sessionColumns = "id, event_id, session_type, start_time, end_time, room, status, title, description"

    static func session(_ id: Identifier, lock: Bool = false, _ db: isolated PostgresConnection) throws -> SessionCopy? {
        try db.query(
            "SELECT \(sessionColumns) FROM sessions WHERE id = $1" + (lock ? " FOR UPDATE" : ""), [id]
        ).first.map(decodeSession)
    }

    /// Writes the session's timetable unless a newer event already did.
    /// Returns false when the write was skipped as stale. A first copy of a
    /// session whose event was cancelled is cancelled (see `cancelSessions`).
    static func saveTimetable(_ session: SessionCopy, asOf: Date, now: Date, _ db: isolated PostgresConnection) throws -> Bool {
        try db.execute(
            """
            INSERT INTO sessions (\(sessionColumns), as_of, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6,
                CASE WHEN EXISTS (SELECT 1 FROM cancelled_events WHERE event_id = $2) THEN 'cancelled' ELSE 'scheduled' END,
                $9, $10, $7, $8)
            ON CONFLICT (id) DO UPDATE SET event_id = EXCLUDED.event_id, session_type = EXCLUDED.session_type,
                start_time = EXCLUDED.start_time, end_time = EXCLUDED.end_time, room = EXCLUDED.room,
                title = COALESCE(EXCLUDED.title, sessions.title), description = EXCLUDED.description, as_of = EXCLUDED.as_of,
                updated_at = EXCLUDED.updated_at
            WHERE sessions.as_of <= EXCLUDED.as_of
            """,
            [
                session.id, session.eventId, session.sessionType.rawValue, session.startTime, session.endTime,
                session.room, asOf, now, session.title, session.description,
            ]) == 1
    }

    /// Cancellation is final, whatever the order of events.
    static func cancelSession(_ id: Identifier, asOf: Date, now: Date, _ db: isolated PostgresConnection) throws {
        try db.execute(
            "UPDATE sessions SET status = 'cancelled', as_of = GREATEST(as_of, $2), updated_at = $3 WHERE id = $1",
            [id, asOf, now]
        )
    }

    static func decodeSession(_ row: PostgresRow) throws -> SessionCopy {
        let typeText = try row.decode(String.self, column: "session_type")
        let statusText = try row.decode(String.self, column: "status")
        guard let type = SessionType(rawValue: typeText), let status = SessionStatus(rawValue: statusText) else {
            throw PostgresError(.decoding, "unknown session type \(typeText) or status \(statusText)")
        }
        return SessionCopy(
            id: try row.decode(Identifier.self, column: "id"),
            eventId: try row.decode(Identifier.self, column: "event_id"),
            sessionType: type,
            startTime: try row.decode(Date.self, column: "start_time"),
            endTime: try row.decode(Date.self, column: "end_time"),
            room: try row.decode(String?.self, column: "room"),
            status: status,
            title: try row.decode(String?.self, column: "title"),
            description: try row.decode(String?.self, column: "description")
        )
    }

    // MARK: invitations (session_speakers)

    static let assignmentColumns = """
        id, session_id, speaker_id, event_id, role, presentation_title, status, invited_at, response_deadline,
        confirmed_at, declined_at, decline_reason, status_reason, responded_at, reminders_sent, version
        """

    static func assignment(session: Identifier, speaker: Identifier, _ db: isolated PostgresConnection) throws -> Assignment? {
        try db.query(
            "SELECT \(assignmentColumns) FROM session_speakers WHERE session_id = $1 AND speaker_id = $2",
            [session, speaker]
        ).first.map(decodeAssignment)
    }

    static func assignments(of sessionId: Identifier, _ db: isolated PostgresConnection) throws -> [Assignment] {
        try db.query(
            "SELECT \(assignmentColumns) FROM session_speakers WHERE session_id = $1 ORDER BY speaker_id", [sessionId]
        ).map(decodeAssignment)
    }

    /// The sessions of the speaker's confirmed invitations other than `excluding`.
    static func otherConfirmedSessions(
        of speakerId: Identifier, excluding sessionId: Identifier, _ db: isolated PostgresConnection
    ) throws -> [SessionCopy] {
        try db.query(
            """
            SELECT s.id, s.event_id, s.session_type, s.start_time, s.end_time, s.room, s.status, s.title, s.description
            FROM session_speakers ss JOIN sessions s ON s.id = ss.session_id
            WHERE ss.speaker_id = $1 AND ss.status = 'confirmed' AND ss.session_id <> $2
            """, [speakerId, sessionId]
        ).map(decodeSession)
    }

    /// Inserts a new invitation or updates the pair's row, checking that the
    /// row still has the version it was read with (`version - 1`). A lost
    /// race throws, and the kernel retries the message.
    static func save(_ assignment: Assignment, now: Date, _ db: isolated PostgresConnection) throws {
        let binds: [any PostgresEncodable] = [
            assignment.id, assignment.sessionId, assignment.speakerId, assignment.eventId, assignment.role.rawValue,
            assignment.presentationTitle, assignment.status.rawValue, assignment.invitedAt, assignment.responseDeadline,
            assignment.confirmedAt, assignment.declinedAt, assignment.declineReason, assignment.statusReason,
            assignment.respondedAt, assignment.remindersSent, assignment.version, assignment.status == .confirmed, now,
        ]
        let affected: Int
        if assignment.version == 1 {
            affected = try db.execute(
                """
                INSERT INTO session_speakers (\(assignmentColumns), is_confirmed, created_at, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18)
                ON CONFLICT DO NOTHING
                """, binds)
        } else {
            affected = try db.execute(
                """
                UPDATE session_speakers SET role = $5, presentation_title = $6, status = $7, invited_at = $8,
                    response_deadline = $9, confirmed_at = $10, declined_at = $11, decline_reason = $12,
                    status_reason = $13, responded_at = $14, reminders_sent = $15, version = $16,
                    is_confirmed = $17, updated_at = $18
                WHERE id = $1 AND session_id = $2 AND speaker_id = $3 AND event_id = $4 AND version = $16 - 1
                """, binds)
        }
        guard affected == 1 else {
            throw StaleInvitation(description: "invitation \(assignment.id) changed concurrently (version \(assignment.version - 1))")
        }
    }

    static func decodeAssignment(_ row: PostgresRow) throws -> Assignment {
        let roleText = try row.decode(String.self, column: "role")
        let statusText = try row.decode(String.self, column: "status")
        guard let role = SpeakerRole(rawValue: roleText), let status = InvitationStatus(rawValue: statusText) else {
            throw PostgresError(.decoding, "unknown role \(roleText) or invitation status \(statusText)")
        }
        return Assignment(
            id: try row.decode(Identifier.self, column: "id"),
            sessionId: try row.decode(Identifier.self, column: "session_id"),
            speakerId: try row.decode(Identifier.self, column: "speaker_id"),
            eventId: try row.decode(Identifier.self, column: "event_id"),
            role: role,
            presentationTitle: try row.decode(String?.self, column: "presentation_title"),
            status: status,
            invitedAt: try row.decode(Date.self, column: "invited_at"),
            responseDeadline: try row.decode(Date.self, column: "response_deadline"),
            confirmedAt: try row.decode(Date?.self, column: "confirmed_at"),
            declinedAt: try row.decode(Date?.self, column: "declined_at"),
            declineReason: try row.decode(String?.self, column: "decline_reason"),
            statusReason: try row.decode(String?.self, column: "status_reason"),
            respondedAt: try row.decode(Date?.self, column: "responded_at"),
            remindersSent: try row.decode(Int.self, column: "reminders_sent"),
            version: try row.decode(Int.self, column: "version")
        )
    }
}

/// An invitation row that changed between read and write. Not a rejection:
/// the kernel retries, and the retry sees the new state.
struct StaleInvitation: Error, CustomStringConvertible {
    let description: String
}
