import Foundation
import Identifiers
import Messaging
import Partners
import Postgres
import TestSupport
import Testing

struct Missing: Error {
    let what: String
}

/// Each command and event path of the partners worker against a real
/// database, through the kernel's processor (inbox, rejection, outbox).
@Suite("Partners handlers")
struct PartnerHandlerTests {
    static let t0 = Date(timeIntervalSince1970: 1_760_000_000)

    static func withHarness(_ body: (HandlerHarness) async throws -> Void) async throws {
        try await HandlerHarness.with(worker: PartnersWorker.definition(), context: "partners", body)
    }

    static func reason(_ result: HarnessResult) -> String? {
        if case .rejected(let rejected) = result.outcome { return rejected.reason }
        return nil
    }

    static func analytics(_ result: HarnessResult) throws -> [PartnerAnalyticsRecalculated] {
        try result.messages("partners.PartnerAnalyticsRecalculated").map { try $0.decode(PartnerAnalyticsRecalculated.self) }
    }

    @discardableResult
    static func companyCreated(_ h: HandlerHarness, _ id: Identifier, employees: Int? = 40, at: Date = t0) async throws -> HarnessResult {
        try await h.send(
            .event("CompanyCreated", from: "companies"),
            data: CompanyCreatedNotice(companyId: id, name: "Acme", employeeCount: employees), now: at
        )
    }

    static func start(_ h: HandlerHarness, _ companyId: Identifier, level: String = "gold") async throws -> HarnessResult {
        try await h.send(
            .command("StartPartnership", to: "partners"),
            data: StartPartnership(companyId: companyId, partnershipLevel: level, partnershipStartDate: "2025-01-01"),
            now: t0
        )
    }

    static func partnerId(_ result: HarnessResult) throws -> Identifier {
        guard let started = try result.messages("partners.PartnershipStarted").first?.decode(PartnershipStarted.self) else {
            throw Missing(what: "PartnershipStarted in \(result.outcome)")
        }
        return started.partnerId
    }

    @discardableResult
    static func registered(_ h: HandlerHarness, _ attendee: Identifier, _ company: Identifier?) async throws -> HarnessResult {
        try await h.send(.event("AttendeeRegistered", from: "attendees"), data: AttendeeRegistered(attendeeId: attendee, companyId: company), now: t0)
    }

    @discardableResult
    static func attended(
        _ h: HandlerHarness, _ attendee: Identifier, event: Identifier, company: Identifier?, registration: Identifier = Identifier(),
        id: Identifier = Identifier()
    ) async throws -> HarnessResult {
        try await h.send(
            .event("AttendanceRecorded", from: "attendees"),
            data: AttendanceRecorded(registrationId: registration, eventId: event, attendeeId: attendee, companyId: company),
            id: id, now: t0
        )
    }

    @discardableResult
    static func engaged(_ h: HandlerHarness, _ attendee: Identifier, type: String = "view", id: Identifier = Identifier()) async throws
        -> HarnessResult
    {
        try await h.send(
            .event("ContentEngaged", from: "attendees"),
            data: ContentEngaged(
                attendeeId: attendee, contentType: "session", contentId: Identifier(), engagementType: type,
                engagementValue: type == "rating" ? 4 : nil),
            id: id, now: t0
        )
    }

    static func storedRows(_ h: HandlerHarness, _ partnerId: Identifier) async throws -> [Identifier?: AnalyticsFigures] {
        var rows: [Identifier?: AnalyticsFigures] = [:]
        for row in try await h.query(
            """
            SELECT event_id, total_employee_attendance, average_attendance_per_event::text AS avg,
                   content_engagement_score::text AS eng, brand_exposure_score::text AS exp, roi_score::text AS roi,
                   topic_influence_score::text AS inf
            FROM partner_analytics WHERE partner_id = $1
            """,
            [partnerId]
        ) {
            func h(_ column: String) throws -> Hundredths { Hundredths(text: try row.decode(String.self, column: column)) ?? Hundredths(raw: -1) }
            rows[try row.decode(Identifier?.self, column: "event_id")] = AnalyticsFigures(
                totalEmployeeAttendance: try row.decode(Int.self, column: "total_employee_attendance"),
                averageAttendancePerEvent: try h("avg"), contentEngagementScore: try h("eng"), brandExposureScore: try h("exp"),
                roiScore: try h("roi"), topicInfluenceScore: try h("inf")
            )
        }
        return rows
    }

    @Test func startPartnershipNeedsAKnownCompany() async throws {
        try await Self.withHarness { h in
            let company = Identifier()
            let early = try await Self.start(h, company)
            #expect(Self.reason(early) == "unknown_company")
            #expect(try await h.query("SELECT 1 FROM partners WHERE company_id = $1", [company]).isEmpty)

            try await Self.companyCreated(h, company)
            let started = try await Self.start(h, company)
            #expect(started.outcome == .handled)
            let event = try started.messages("partners.PartnershipStarted").first?.decode(PartnershipStarted.self)
            #expect(event?.companyId == company)
            #expect(event?.partnershipLevel == "gold")
            #expect(event?.partnershipStartDate == "2025-01-01")
            // No facts yet: the zero rows are not news.
            #expect(try Self.analytics(started).isEmpty)

            #expect(Self.reason(try await Self.start(h, company)) == "duplicate_partnership")
            let bad = try await h.send(
                .command("StartPartnership", to: "partners"),
                data: StartPartnership(
                    companyId: company, partnershipLevel: "gold", partnershipStartDate: "2025-06-01", partnershipEndDate: "2025-05-01")
            )
            #expect(Self.reason(bad) == "end_before_start")
            #expect(Self.reason(try await Self.start(h, Identifier(), level: "titanium")) == "invalid_tier")
        }
    }

    @Test func attendanceOfAPartnersEmployeeRecalculatesTheEventAndCrossEventRows() async throws {
        try await Self.withHarness { h in
            let company = Identifier()
            let attendee = Identifier()
            let colleague = Identifier()
            let event1 = Identifier()
            let event2 = Identifier()
            try await Self.companyCreated(h, company, employees: 40)
            let partner = try Self.partnerId(try await Self.start(h, company))
            try await Self.registered(h, attendee, company)

            let first = try await Self.attended(h, attendee, event: event1, company: company)
            let rows = try Self.analytics(first)
            #expect(rows.map(\.eventId) == [nil, event1])
            #expect(
                rows.first
                    == PartnerAnalyticsRecalculated(
                        partnerId: partner, eventId: nil, totalEmployeeAttendance: 1, averageAttendancePerEvent: 1,
                        contentEngagementScore: 0, brandExposureScore: 2.5, roiScore: 0.1, topicInfluenceScore: 0
                    ))
            #expect(first.published.allSatisfy { $0.header.aggregateId == partner.description })

            // Redelivered: nothing. Recorded again by another message: nothing either.
            #expect(try await h.redeliver(first).outcome == .duplicate)
            let registration = Identifier()
            try await Self.attended(h, colleague, event: event2, company: company, registration: registration)
            let again = try await Self.attended(h, colleague, event: event2, company: company, registration: registration)
            #expect(again.outcome == .handled)
            #expect(again.published.isEmpty)

            let stored = try await Self.storedRows(h, partner)
            #expect(stored[nil]?.totalEmployeeAttendance == 2)
            #expect(stored[nil]?.averageAttendancePerEvent == .whole(1))
            #expect((stored[event1]?.totalEmployeeAttendance ?? 0) + (stored[event2]?.totalEmployeeAttendance ?? 0) == 2)
        }
    }

    @Test func employeesOfNonPartnersChangeNoPartnerRow() async throws {
        try await Self.withHarness { h in
            let partnerCompany = Identifier()
            let other = Identifier()
            let outsider = Identifier()
            let event = Identifier()
            try await Self.companyCreated(h, partnerCompany)
            try await Self.companyCreated(h, other)
            let partner = try Self.partnerId(try await Self.start(h, partnerCompany))
            try await Self.registered(h, outsider, other)
            let attended = try await Self.attended(h, outsider, event: event, company: other)
            let engaged = try await Self.engaged(h, outsider)
            let jobless = try await Self.attended(h, Identifier(), event: event, company: nil)
            #expect(attended.published.isEmpty && engaged.published.isEmpty && jobless.published.isEmpty)
            #expect(try await h.query("SELECT 1 FROM partner_analytics WHERE partner_id = $1", [partner]).isEmpty)
        }
    }

    @Test func factsThatArriveFirstCountOnceTheLinkTheCompanyAndThePartnershipAreKnown() async throws {
        try await Self.withHarness { h in
            let company = Identifier()
            let attendee = Identifier()
            let event = Identifier()
            // Facts first, naming no company.
            try await Self.attended(h, attendee, event: event, company: nil)
            try await Self.engaged(h, attendee, type: "rating")
            // Then who the attendee works for, then the company, then the partnership.
            #expect(try await Self.registered(h, attendee, company).published.isEmpty)
            try await Self.companyCreated(h, company, employees: 10)
            let started = try await Self.start(h, company, level: "bronze")
            let partner = try Self.partnerId(started)
            let rows = try Self.analytics(started)
            #expect(rows.map(\.eventId) == [nil, event])
            #expect(
                rows.first
                    == PartnerAnalyticsRecalculated(
                        partnerId: partner, eventId: nil, totalEmployeeAttendance: 1, averageAttendancePerEvent: 1,
                        contentEngagementScore: 20, brandExposureScore: 10, roiScore: 0.8, topicInfluenceScore: 0
                    ))
        }
    }

    @Test func theLinkArrivingLastRecalculates() async throws {
        try await Self.withHarness { h in
            let company = Identifier()
            let attendee = Identifier()
            try await Self.companyCreated(h, company)
            let partner = try Self.partnerId(try await Self.start(h, company))
            try await Self.attended(h, attendee, event: Identifier(), company: nil)
            #expect(try await Self.storedRows(h, partner).isEmpty)
            let linked = try await Self.registered(h, attendee, company)
            #expect(try Self.analytics(linked).count == 2)
        }
    }

    @Test func anEmployeeCountChangeRecalculates() async throws {
        try await Self.withHarness { h in
            let company = Identifier()
            let attendee = Identifier()
            try await Self.companyCreated(h, company, employees: 20)
            let partner = try Self.partnerId(try await Self.start(h, company))
            try await Self.attended(h, attendee, event: Identifier(), company: company)
            let updated = try await h.send(
                .event("CompanyUpdated", from: "companies"), data: CompanyUpdatedNotice(companyId: company, employeeCount: 50), now: Self.t0 + 60
            )
            #expect(try Self.analytics(updated).map(\.brandExposureScore) == [2, 2])
            // An older CompanyCreated delivered late does not win.
            let late = try await Self.companyCreated(h, company, employees: 20, at: Self.t0)
            #expect(late.published.isEmpty)
            #expect(try await Self.storedRows(h, partner)[nil]?.brandExposureScore == .whole(2))
        }
    }

    @Test func levelChangeAndEnd() async throws {
        try await Self.withHarness { h in
            let company = Identifier()
            let attendee = Identifier()
            try await Self.companyCreated(h, company)
            let partner = try Self.partnerId(try await Self.start(h, company, level: "bronze"))
            try await Self.attended(h, attendee, event: Identifier(), company: company)

            let changed = try await h.send(
                .command("ChangePartnershipLevel", to: "partners"), data: ChangePartnershipLevel(partnerId: partner, partnershipLevel: "strategic")
            )
            #expect(
                try changed.messages("partners.PartnershipLevelChanged").first?.decode(PartnershipLevelChanged.self)
                    == PartnershipLevelChanged(
                        partnerId: partner, companyId: company, partnershipLevel: "strategic", previousLevel: "bronze", partnershipFee: 40_000,
                        benefits: PartnershipTier.strategic.benefits))
            // One attendance per 40 fee units (CHF 40'000) instead of 2.5 (bronze's CHF 2'500).
            #expect(try Self.analytics(changed).map(\.roiScore) == [0.03, 0.03])
            #expect(
                Self.reason(
                    try await h.send(
                        .command("ChangePartnershipLevel", to: "partners"),
                        data: ChangePartnershipLevel(partnerId: partner, partnershipLevel: "strategic")
                    )) == "level_unchanged")

            #expect(
                Self.reason(
                    try await h.send(
                        .command("EndPartnership", to: "partners"), data: EndPartnership(partnerId: partner, partnershipEndDate: "2024-12-31")
                    )) == "end_before_start")
            let ended = try await h.send(
                .command("EndPartnership", to: "partners"), data: EndPartnership(partnerId: partner, partnershipEndDate: "2025-12-31")
            )
            #expect(
                try ended.messages("partners.PartnershipEnded").first?.decode(PartnershipEnded.self)
                    == PartnershipEnded(partnerId: partner, companyId: company, partnershipEndDate: "2025-12-31"))
            let row = try await h.query("SELECT is_active, partnership_end_date FROM partners WHERE id = $1", [partner])
            #expect(try row.first?.decode(Bool.self, column: "is_active") == false)
            #expect(try row.first?.decode(PostgresDate.self, column: "partnership_end_date") == PostgresDate(year: 2025, month: 12, day: 31))

            // An ended partnership's rows stay as they were.
            let before = try await Self.storedRows(h, partner)
            #expect(try await Self.attended(h, attendee, event: Identifier(), company: company).published.isEmpty)
            #expect(try await Self.storedRows(h, partner) == before)
            #expect(
                Self.reason(
                    try await h.send(
                        .command("EndPartnership", to: "partners"), data: EndPartnership(partnerId: partner, partnershipEndDate: "2025-12-31")
                    )) == "partnership_ended")
            #expect(
                Self.reason(
                    try await h.send(
                        .command("ChangePartnershipLevel", to: "partners"),
                        data: ChangePartnershipLevel(partnerId: Identifier(), partnershipLevel: "gold")
                    )) == "unknown_partner")

            // Starting again: the same partner, and the facts since count.
            let again = try await Self.start(h, company, level: "gold")
            #expect(try Self.partnerId(again) == partner)
            #expect(try Self.analytics(again).first?.totalEmployeeAttendance == 2)
        }
    }

    @Test func recalculateRebuildsFromFactsAndAlwaysAnswers() async throws {
        try await Self.withHarness { h in
            let company = Identifier()
            let attendee = Identifier()
            let event = Identifier()
            try await Self.companyCreated(h, company)
            let partner = try Self.partnerId(try await Self.start(h, company))
            try await Self.attended(h, attendee, event: event, company: company)

            let nothing = try await h.send(
                .command("RecalculatePartnerAnalytics", to: "partners"), data: RecalculatePartnerAnalytics(partnerId: partner))
            #expect(nothing.published.map(\.routingKey) == ["partners.PartnerAnalyticsRebuilt"])
            #expect(
                try nothing.published.first?.decode(PartnerAnalyticsRebuilt.self)
                    == PartnerAnalyticsRebuilt(partnerId: partner, partnersRecalculated: 1, rowsChanged: 0))

            // A row that drifted (say, edited by hand) is rebuilt from the facts.
            try await h.database.execute(
                "UPDATE partner_analytics SET total_employee_attendance = 99 WHERE partner_id = $1 AND event_id = $2", [partner, event])
            let all = try await h.send(.command("RecalculatePartnerAnalytics", to: "partners"), data: RecalculatePartnerAnalytics())
            #expect(try Self.analytics(all).map(\.eventId) == [event])
            #expect(try Self.analytics(all).first?.totalEmployeeAttendance == 1)
            let rebuilt = try all.messages("partners.PartnerAnalyticsRebuilt").first?.decode(PartnerAnalyticsRebuilt.self)
            #expect(rebuilt?.partnerId == nil)
            #expect(rebuilt?.rowsChanged == 1)

            #expect(
                Self.reason(
                    try await h.send(
                        .command("RecalculatePartnerAnalytics", to: "partners"), data: RecalculatePartnerAnalytics(partnerId: Identifier())
                    )) == "unknown_partner")
        }
    }

    @Test func erasureDropsThePersonAndKeepsTheCounts() async throws {
        try await Self.withHarness { h in
            let company = Identifier()
            let attendee = Identifier()
            try await Self.companyCreated(h, company)
            let partner = try Self.partnerId(try await Self.start(h, company))
            try await Self.registered(h, attendee, company)
            try await Self.attended(h, attendee, event: Identifier(), company: nil)
            try await Self.engaged(h, attendee)
            let before = try await Self.storedRows(h, partner)

            let erased = try await h.send(.event("AttendeeErased", from: "attendees"), data: AttendeeErased(attendeeId: attendee))
            #expect(erased.outcome == .handled)
            #expect(erased.published.isEmpty)
            #expect(
                erased.erasures == [
                    try ErasureRequest(
                        needles: [attendee.description], routingKeys: ["attendees.AttendeeRegistered"], reason: "attendee_erased"
                    )
                ])
            for table in ["attendance_facts", "engagement_facts"] {
                let rows = try await h.query(
                    "SELECT count(*) FILTER (WHERE attendee_id IS NOT NULL) AS linked, count(*) FILTER (WHERE company_id = $1) AS attributed FROM \(table)",
                    [company])
                #expect(try rows[0].decode(Int.self, column: "linked") == 0)
                #expect(try rows[0].decode(Int.self, column: "attributed") == 1)
            }
            let link = try await h.query("SELECT company_id, erased FROM attendees WHERE attendee_id = $1", [attendee])
            #expect(try link.first?.decode(Identifier?.self, column: "company_id") == nil)
            #expect(try link.first?.decode(Bool.self, column: "erased") == true)

            let rebuilt = try await h.send(
                .command("RecalculatePartnerAnalytics", to: "partners"), data: RecalculatePartnerAnalytics(partnerId: partner))
            #expect(try Self.analytics(rebuilt).isEmpty)
            #expect(try await Self.storedRows(h, partner) == before)
        }
    }
}
