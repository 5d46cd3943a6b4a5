import Foundation
import Identifiers
import Messaging
import Partners
import Postgres
import TestSupport
import Testing

/// ExportPartnerReport: which rows and counts the report carries (pure), and
/// the report of a partner built from real facts, sessions and topics.
@Suite("Partner report")
struct PartnerReportTests {
    let e1 = Identifier("00000000-0000-0000-0000-0000000000e1")!
    let e2 = Identifier("00000000-0000-0000-0000-0000000000e2")!
    let partner = Partner(
        id: Identifier(), companyId: Identifier(), level: .platinum, startDate: PostgresDate(year: 2025, month: 1, day: 1), endDate: nil,
        isActive: true, fee: 18_000
    )
    let input = PartnerReportExported.StrategicInput(
        suggestions: 2, adoptedSuggestions: 1, backedSuggestions: 3, adoptedBackedSuggestions: 1, votes: 4)

    func report(eventId: Identifier?, stored: [Identifier?: AnalyticsFigures]) -> PartnerReportExported {
        PartnerReports.report(
            partner: partner, companyName: "Acme AG", eventId: eventId, stored: stored, attendanceByEvent: [e1: 6, e2: 4],
            engagementsByEvent: [e2: 3], unplacedEngagements: 5, strategicInput: input)
    }

    @Test func everyRowAndEveryEventOrOnlyTheOneAsked() {
        let figures = AnalyticsFigures(
            totalEmployeeAttendance: 6, averageAttendancePerEvent: .whole(6), contentEngagementScore: .zero, brandExposureScore: .whole(15),
            roiScore: Hundredths(raw: 33), topicInfluenceScore: .zero)
        let all = report(eventId: nil, stored: [nil: figures, e1: figures])
        #expect(all.analytics.map(\.eventId) == [nil, e1])
        #expect(all.analytics[1].roiScore == 0.33)
        #expect(
            all.events == [
                .init(eventId: e1, attendance: 6, engagements: 0), .init(eventId: e2, attendance: 4, engagements: 3),
            ])
        #expect(all.partnershipFee == 18_000 && all.benefits == PartnershipTier.platinum.benefits && all.isActive)
        #expect(all.unplacedEngagements == 5 && all.strategicInput == input)

        let one = report(eventId: e2, stored: [nil: figures, e1: figures])
        #expect(one.analytics.map(\.eventId) == [nil, e2])
        #expect(one.analytics[1].totalEmployeeAttendance == 0, "a row never written reads as zeros")
        #expect(one.events == [.init(eventId: e2, attendance: 4, engagements: 3)])
        let unknownEvent = Identifier()
        #expect(report(eventId: unknownEvent, stored: [:]).events == [.init(eventId: unknownEvent, attendance: 0, engagements: 0)])
    }

    @Test func anyPartnerActiveOrEndedHasAReport() {
        var ended = partner
        ended.isActive = false
        #expect(rejection { _ = try PartnerReports.partner(ExportPartnerReport(partnerId: ended.id), existing: ended) } == nil)
        #expect(rejection { _ = try PartnerReports.partner(ExportPartnerReport(partnerId: Identifier()), existing: nil) } == "unknown_partner")
        #expect(rejection { _ = try PartnerReports.partner(ExportPartnerReport(partnerId: nil), existing: nil) } == "missing_field")
    }

    @Test func theReportOfRealFactsPlacesEngagementInItsEvent() async throws {
        try await PartnerHandlerTests.withHarness { h in
            let t0 = PartnerHandlerTests.t0
            let company = Identifier()
            let (anna, ben) = (Identifier(), Identifier())
            let (session, topic) = (Identifier(), Identifier())
            try await PartnerHandlerTests.companyCreated(h, company, employees: 40)
            let partnerId = try PartnerHandlerTests.partnerId(try await PartnerHandlerTests.start(h, company))
            try await h.send(.event("SessionScheduled", from: "events"), data: SessionScheduledNotice(sessionId: session, eventId: e1), now: t0)
            try await h.send(
                .event("EventTopicDefined", from: "events"), data: EventTopicDefinedNotice(eventId: e2, topicId: topic, title: "Data Mesh"), now: t0)
            for (attendee, event) in [(anna, e1), (ben, e1), (anna, e2)] {
                try await PartnerHandlerTests.attended(h, attendee, event: event, company: company)
            }
            for content in [session, session, topic, Identifier()] {
                try await h.send(
                    .event("ContentEngaged", from: "attendees"),
                    data: ContentEngaged(
                        attendeeId: anna, companyId: company, contentType: "session", contentId: content, engagementType: "view",
                        engagementValue: nil),
                    now: t0)
            }

            let result = try await h.send(.command("ExportPartnerReport", to: "partners"), data: ExportPartnerReport(partnerId: partnerId), now: t0)
            let report = try #require(try result.messages("partners.PartnerReportExported").first?.decode(PartnerReportExported.self))
            #expect(report.companyName == "Acme" && report.partnershipLevel == .gold && report.partnershipFee == 10_000)
            #expect(
                report.events == [
                    .init(eventId: e1, attendance: 2, engagements: 2), .init(eventId: e2, attendance: 1, engagements: 1),
                ])
            #expect(report.unplacedEngagements == 1)
            #expect(report.analytics.map(\.eventId) == [nil, e1, e2])
            #expect(report.analytics[0].totalEmployeeAttendance == 3)
            #expect(report.analytics[0].roiScore == 0.7)  // (3 + 4) contacts per 10 fee units
            #expect(result.published.allSatisfy { $0.header.aggregateId == partnerId.description })

            let oneEvent = try await h.send(
                .command("ExportPartnerReport", to: "partners"), data: ExportPartnerReport(partnerId: partnerId, eventId: e2), now: t0)
            let narrowed = try #require(try oneEvent.messages("partners.PartnerReportExported").first?.decode(PartnerReportExported.self))
            #expect(narrowed.eventId == e2 && narrowed.analytics.map(\.eventId) == [nil, e2])
            #expect(narrowed.events == [.init(eventId: e2, attendance: 1, engagements: 1)])

            let unknown = try await h.send(
                .command("ExportPartnerReport", to: "partners"), data: ExportPartnerReport(partnerId: Identifier()), now: t0)
            #expect(PartnerHandlerTests.reason(unknown) == "unknown_partner")

            let contract = try ContractValidator()
            for message in (result.published + oneEvent.published) {
                #expect(contract.problems(body: Array(message.body.utf8), routingKey: message.routingKey) == [])
            }
        }
    }
}
