import Foundation
import Identifiers
import Postgres

/// The SQL of the partners context. Every function runs on the handler's
/// connection, inside the kernel's transaction.
enum PartnerStore {
    // MARK: companies (local copy)

    static func company(_ id: Identifier, _ db: isolated PostgresConnection) throws -> CompanyCopy? {
        let rows = try db.query(
            "SELECT name, name_as_of, employee_count, employee_count_as_of, deactivated_at FROM companies WHERE company_id = $1",
            [id]
        )
        guard let row = rows.first else { return nil }
        return CompanyCopy(
            name: try row.decode(String?.self, column: "name"),
            nameAsOf: try row.decode(Date?.self, column: "name_as_of"),
            employeeCount: try row.decode(Int?.self, column: "employee_count"),
            employeeCountAsOf: try row.decode(Date?.self, column: "employee_count_as_of"),
            deactivatedAt: try row.decode(Date?.self, column: "deactivated_at")
        )
    }

    static func save(company id: Identifier, _ copy: CompanyCopy, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            INSERT INTO companies (company_id, name, name_as_of, employee_count, employee_count_as_of, deactivated_at)
            VALUES ($1, $2, $3, $4::integer, $5, $6)
            ON CONFLICT (company_id) DO UPDATE SET name = EXCLUDED.name, name_as_of = EXCLUDED.name_as_of,
                employee_count = EXCLUDED.employee_count, employee_count_as_of = EXCLUDED.employee_count_as_of,
                deactivated_at = EXCLUDED.deactivated_at
            """,
            [id, copy.name, copy.nameAsOf, copy.employeeCount, copy.employeeCountAsOf, copy.deactivatedAt]
        )
    }

    // MARK: attendees and facts

    static func link(_ attendeeId: Identifier, _ db: isolated PostgresConnection) throws -> AttendeeLink? {
        let rows = try db.query("SELECT company_id, erased FROM attendees WHERE attendee_id = $1", [attendeeId])
        guard let row = rows.first else { return nil }
        return AttendeeLink(
            companyId: try row.decode(Identifier?.self, column: "company_id"),
            erased: try row.decode(Bool.self, column: "erased")
        )
    }

    static func save(link: AttendeeLink, of attendeeId: Identifier, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            INSERT INTO attendees (attendee_id, company_id, erased) VALUES ($1, $2, $3)
            ON CONFLICT (attendee_id) DO UPDATE SET company_id = EXCLUDED.company_id, erased = EXCLUDED.erased
            """,
            [attendeeId, link.companyId, link.erased]
        )
    }

    static func attendance(_ registrationId: Identifier, _ db: isolated PostgresConnection) throws -> AttendanceFact? {
        let rows = try db.query(
            "SELECT registration_id, event_id, attendee_id, company_id FROM attendance_facts WHERE registration_id = $1",
            [registrationId]
        )
        guard let row = rows.first else { return nil }
        return AttendanceFact(
            registrationId: try row.decode(Identifier.self, column: "registration_id"),
            eventId: try row.decode(Identifier.self, column: "event_id"),
            attendeeId: try row.decode(Identifier?.self, column: "attendee_id"),
            companyId: try row.decode(Identifier?.self, column: "company_id")
        )
    }

    static func save(attendance fact: AttendanceFact, recordedAt: Date, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            INSERT INTO attendance_facts (registration_id, event_id, attendee_id, company_id, recorded_at)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (registration_id) DO UPDATE SET attendee_id = EXCLUDED.attendee_id, company_id = EXCLUDED.company_id
            """,
            [fact.registrationId, fact.eventId, fact.attendeeId, fact.companyId, recordedAt]
        )
    }

    static func engagement(_ engagementId: Identifier, _ db: isolated PostgresConnection) throws -> EngagementFact? {
        let rows = try db.query(
            """
            SELECT engagement_id, attendee_id, company_id, content_type, content_id, engagement_type,
                   engagement_value::float8 AS engagement_value
            FROM engagement_facts WHERE engagement_id = $1
            """,
            [engagementId]
        )
        guard let row = rows.first else { return nil }
        return EngagementFact(
            engagementId: try row.decode(Identifier.self, column: "engagement_id"),
            attendeeId: try row.decode(Identifier?.self, column: "attendee_id"),
            companyId: try row.decode(Identifier?.self, column: "company_id"),
            contentType: try row.decode(String.self, column: "content_type"),
            contentId: try row.decode(Identifier.self, column: "content_id"),
            engagementType: try row.decode(String.self, column: "engagement_type"),
            engagementValue: try row.decode(Double?.self, column: "engagement_value")
        )
    }

    static func save(engagement fact: EngagementFact, engagedAt: Date, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            INSERT INTO engagement_facts (engagement_id, attendee_id, company_id, content_type, content_id,
                                          engagement_type, engagement_value, engaged_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7::numeric, $8)
            ON CONFLICT (engagement_id) DO UPDATE SET attendee_id = EXCLUDED.attendee_id, company_id = EXCLUDED.company_id
            """,
            [
                fact.engagementId, fact.attendeeId, fact.companyId, fact.contentType, fact.contentId, fact.engagementType,
                fact.engagementValue, engagedAt,
            ]
        )
    }

    /// Erasure: facts keep their company (filled from the link when they had
    /// none) and lose the attendee id.
    static func detachFacts(of attendeeId: Identifier, freezeCompany: Identifier?, _ db: isolated PostgresConnection) throws {
        for table in ["attendance_facts", "engagement_facts"] {
            try db.execute(
                "UPDATE \(table) SET company_id = COALESCE(company_id, $2), attendee_id = NULL WHERE attendee_id = $1",
                [attendeeId, freezeCompany]
            )
        }
    }

    // MARK: partners

    private static let partnerColumns =
        "id, company_id, partnership_level, partnership_start_date, partnership_end_date, COALESCE(is_active, TRUE) AS is_active, partnership_fee"

    static func partner(_ id: Identifier, _ db: isolated PostgresConnection) throws -> Partner? {
        try db.query("SELECT \(partnerColumns) FROM partners WHERE id = $1", [id]).first.map(decodePartner)
    }

    static func partner(ofCompany companyId: Identifier, _ db: isolated PostgresConnection) throws -> Partner? {
        try db.query("SELECT \(partnerColumns) FROM partners WHERE company_id = $1", [companyId]).first.map(decodePartner)
    }

    /// Company ids of the active partners, in id order.
    static func activePartnerCompanies(_ db: isolated PostgresConnection) throws -> [Identifier] {
        try db.query("SELECT company_id FROM partners WHERE is_active ORDER BY company_id").map {
            try $0.decode(Identifier.self, column: "company_id")
        }
    }

    private static func decodePartner(_ row: PostgresRow) throws -> Partner {
        let level = try row.decode(String.self, column: "partnership_level")
        guard let tier = PartnershipTier(rawValue: level) else {
            throw PostgresError(.decoding, "partnership_level \(level) is no tier")
        }
        return Partner(
            id: try row.decode(Identifier.self, column: "id"),
            companyId: try row.decode(Identifier.self, column: "company_id"),
            level: tier,
            startDate: try row.decode(PostgresDate.self, column: "partnership_start_date"),
            endDate: try row.decode(PostgresDate?.self, column: "partnership_end_date"),
            isActive: try row.decode(Bool.self, column: "is_active"),
            fee: try row.decode(Int.self, column: "partnership_fee")
        )
    }

    static func save(_ partner: Partner, now: Date, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            INSERT INTO partners (id, company_id, partnership_level, partnership_start_date, partnership_end_date,
                                  is_active, created_at, updated_at, partnership_fee)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8::integer)
            ON CONFLICT (id) DO UPDATE SET partnership_level = EXCLUDED.partnership_level,
                partnership_start_date = EXCLUDED.partnership_start_date,
                partnership_end_date = EXCLUDED.partnership_end_date,
                is_active = EXCLUDED.is_active, updated_at = EXCLUDED.updated_at,
                partnership_fee = EXCLUDED.partnership_fee
            """,
            [partner.id, partner.companyId, partner.level.rawValue, partner.startDate, partner.endDate, partner.isActive, now, partner.fee]
        )
    }

    // MARK: analytics

    /// The formulas' inputs for a partner, from the stored facts (a fact
    /// belongs to the company it names, or, naming none, to its attendee's)
    /// and the partner's strategic input.
    static func inputs(for partner: Partner, _ db: isolated PostgresConnection) throws -> AnalyticsInputs {
        var attendance: [Identifier: Int] = [:]
        for row in try db.query(
            """
            SELECT f.event_id, count(*) AS attended
            FROM attendance_facts f LEFT JOIN attendees a ON a.attendee_id = f.attendee_id
            WHERE f.company_id = $1 OR (f.company_id IS NULL AND a.company_id = $1)
            GROUP BY f.event_id
            """,
            [partner.companyId]
        ) {
            attendance[try row.decode(Identifier.self, column: "event_id")] = try row.decode(Int.self, column: "attended")
        }
        let engagement = try db.query(
            """
            SELECT count(*) AS engagements
            FROM engagement_facts e LEFT JOIN attendees a ON a.attendee_id = e.attendee_id
            WHERE e.company_id = $1 OR (e.company_id IS NULL AND a.company_id = $1)
            """,
            [partner.companyId]
        )
        let employees = try db.query("SELECT employee_count FROM companies WHERE company_id = $1", [partner.companyId])
        let influence = try backedSuggestions(of: partner.id, db)
        return AnalyticsInputs(
            fee: partner.fee,
            employeeCount: try employees.first?.decode(Int?.self, column: "employee_count"),
            attendanceByEvent: attendance,
            engagements: try engagement.first?.decode(Int.self, column: "engagements") ?? 0,
            backedSuggestions: influence.backed, adoptedSuggestions: influence.adopted
        )
    }

    static func rows(of partnerId: Identifier, _ db: isolated PostgresConnection) throws -> [Identifier?: AnalyticsFigures] {
        var stored: [Identifier?: AnalyticsFigures] = [:]
        for row in try db.query(
            """
            SELECT event_id, COALESCE(total_employee_attendance, 0) AS total,
                   average_attendance_per_event::text AS average,
                   COALESCE(content_engagement_score, 0)::text AS engagement,
                   COALESCE(brand_exposure_score, 0)::text AS exposure,
                   COALESCE(roi_score, 0)::text AS roi,
                   COALESCE(topic_influence_score, 0)::text AS influence
            FROM partner_analytics WHERE partner_id = $1
            """,
            [partnerId]
        ) {
            func figure(_ column: String) throws -> Hundredths {
                let text = try row.decode(String.self, column: column)
                guard let value = Hundredths(text: text) else {
                    throw PostgresError(.decoding, "\(column) \(text) is not a number")
                }
                return value
            }
            stored[try row.decode(Identifier?.self, column: "event_id")] = AnalyticsFigures(
                totalEmployeeAttendance: try row.decode(Int.self, column: "total"),
                averageAttendancePerEvent: try figure("average"), contentEngagementScore: try figure("engagement"),
                brandExposureScore: try figure("exposure"), roiScore: try figure("roi"),
                topicInfluenceScore: try figure("influence")
            )
        }
        return stored
    }

    static func save(_ row: AnalyticsRow, now: Date, _ db: isolated PostgresConnection) throws {
        let figures = row.figures
        try db.execute(
            """
            INSERT INTO partner_analytics (partner_id, event_id, total_employee_attendance, average_attendance_per_event,
                content_engagement_score, brand_exposure_score, roi_score, topic_influence_score, calculation_date)
            VALUES ($1, $2, $3::integer, $4::numeric, $5::numeric, $6::numeric, $7::numeric, $8::numeric, $9)
            ON CONFLICT ON CONSTRAINT partner_analytics_partner_event_key DO UPDATE SET
                total_employee_attendance = EXCLUDED.total_employee_attendance,
                average_attendance_per_event = EXCLUDED.average_attendance_per_event,
                content_engagement_score = EXCLUDED.content_engagement_score,
                brand_exposure_score = EXCLUDED.brand_exposure_score,
                roi_score = EXCLUDED.roi_score,
                topic_influence_score = EXCLUDED.topic_influence_score,
                calculation_date = EXCLUDED.calculation_date
            """,
            [
                row.partnerId, row.eventId, figures.totalEmployeeAttendance, figures.averageAttendancePerEvent.description,
                figures.contentEngagementScore.description, figures.brandExposureScore.description,
                figures.roiScore.description, figures.topicInfluenceScore.description, now,
            ]
        )
    }
}
