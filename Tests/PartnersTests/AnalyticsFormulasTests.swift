import Foundation
import Identifiers
import Messaging
import Partners
import Testing

@Suite("Analytics formulas")
struct AnalyticsFormulasTests {
    let partnerId = Identifier()
    let e1 = Identifier("00000000-0000-0000-0000-0000000000e1")!
    let e2 = Identifier("00000000-0000-0000-0000-0000000000e2")!

    func figures(
        _ total: Int, avg: String, engagement: String, exposure: String, roi: String, influence: String
    ) -> AnalyticsFigures {
        func h(_ text: String) -> Hundredths { Hundredths(text: text) ?? Hundredths(raw: -1) }
        return AnalyticsFigures(
            totalEmployeeAttendance: total, averageAttendancePerEvent: h(avg), contentEngagementScore: h(engagement),
            brandExposureScore: h(exposure), roiScore: h(roi), topicInfluenceScore: h(influence)
        )
    }

    /// The worked example of docs/analytics.md: a gold partner paying the
    /// tier's CHF 10'000 that backed three suggestions, one adopted.
    @Test func workedExample() {
        let inputs = AnalyticsInputs(
            fee: 10_000, employeeCount: 40, attendanceByEvent: [e1: 6, e2: 4], engagements: 12, backedSuggestions: 3, adoptedSuggestions: 1)
        let rows = AnalyticsFormulas.rows(partnerId: partnerId, inputs)
        #expect(
            rows == [
                AnalyticsRow(
                    partnerId: partnerId, eventId: nil,
                    figures: figures(10, avg: "5.00", engagement: "24.00", exposure: "25.00", roi: "2.20", influence: "33.33")),
                AnalyticsRow(
                    partnerId: partnerId, eventId: e1,
                    figures: figures(6, avg: "6.00", engagement: "0.00", exposure: "15.00", roi: "0.60", influence: "0.00")),
                AnalyticsRow(
                    partnerId: partnerId, eventId: e2,
                    figures: figures(4, avg: "4.00", engagement: "0.00", exposure: "10.00", roi: "0.40", influence: "0.00")),
            ])
        #expect(rows[0].figures.totalEmployeeAttendance == rows.dropFirst().map(\.figures.totalEmployeeAttendance).reduce(0, +))
        let event = rows[0].event
        #expect(event.roiScore == 2.2)
        #expect(event.eventId == nil)
    }

    @Test func scoresStayWithinTheirColumns() {
        let inputs = AnalyticsInputs(
            fee: 1, employeeCount: 3, attendanceByEvent: [e1: 50], engagements: 10_000, backedSuggestions: 3, adoptedSuggestions: 3)
        let cross = AnalyticsFormulas.rows(partnerId: partnerId, inputs)[0].figures
        #expect(cross.contentEngagementScore == .whole(100))
        #expect(cross.brandExposureScore == .whole(100))
        #expect(cross.topicInfluenceScore == .whole(100))
        #expect(cross.roiScore == .whole(10_050_000))
        let huge = AnalyticsInputs(fee: 1, employeeCount: 3, attendanceByEvent: [e1: 1_000_000_000], engagements: 0)
        #expect(AnalyticsFormulas.rows(partnerId: partnerId, huge)[0].figures.roiScore == AnalyticsFormulas.roiCap)
    }

    /// Influence is the share of backed suggestions adopted: none backed is 0, not a division by zero.
    @Test func influenceIsTheShareOfBackedSuggestionsAdopted() {
        func influence(_ backed: Int, _ adopted: Int) -> String {
            let inputs = AnalyticsInputs(
                fee: 10_000, employeeCount: 40, attendanceByEvent: [e1: 1], engagements: 0, backedSuggestions: backed,
                adoptedSuggestions: adopted)
            let rows = AnalyticsFormulas.rows(partnerId: partnerId, inputs)
            #expect(rows[1].figures.topicInfluenceScore == .zero, "event rows carry no influence")
            return rows[0].figures.topicInfluenceScore.description
        }
        #expect(influence(0, 0) == "0.00")
        #expect(influence(3, 0) == "0.00")
        #expect(influence(3, 1) == "33.33")
        #expect(influence(3, 2) == "66.67")
        #expect(influence(2, 2) == "100.00")
    }

    @Test func withoutFactsOrEmployeeCountTheFiguresAreZero() {
        let empty = AnalyticsFormulas.rows(
            partnerId: partnerId, AnalyticsInputs(fee: 10_000, employeeCount: nil, attendanceByEvent: [:], engagements: 0))
        #expect(empty == [AnalyticsRow(partnerId: partnerId, eventId: nil, figures: .zero)])
        let noCount = AnalyticsFormulas.rows(
            partnerId: partnerId, AnalyticsInputs(fee: 10_000, employeeCount: nil, attendanceByEvent: [e1: 3], engagements: 0))
        #expect(noCount[0].figures.brandExposureScore == .zero)
        #expect(noCount[0].figures.totalEmployeeAttendance == 3)
    }

    @Test func engagementWithoutAttendanceCountsAgainstOneAttendance() {
        let rows = AnalyticsFormulas.rows(
            partnerId: partnerId, AnalyticsInputs(fee: 10_000, employeeCount: 10, attendanceByEvent: [:], engagements: 2))
        #expect(rows[0].figures.contentEngagementScore == .whole(40))
    }

    @Test func roundingIsHalfUp() {
        #expect(Hundredths.ratio(1, 3).description == "0.33")
        #expect(Hundredths.ratio(2, 3).description == "0.67")
        #expect(Hundredths.ratio(1, 8).description == "0.13")
        #expect(Hundredths.ratio(7, 1).description == "7.00")
        #expect(Hundredths(text: "12.30") == Hundredths(raw: 1230))
        #expect(Hundredths(text: "0.05")?.description == "0.05")
        #expect(Hundredths(text: "99999999.99") == AnalyticsFormulas.roiCap)
    }

    @Test func onlyChangedRowsAreReportedAndVanishedRowsGoBackToZero() {
        let inputs = AnalyticsInputs(fee: 10_000, employeeCount: 40, attendanceByEvent: [e1: 6], engagements: 0)
        let rows = AnalyticsFormulas.rows(partnerId: partnerId, inputs)
        #expect(AnalyticsFormulas.changed(computed: rows, stored: [:]) == rows)
        let stored = Dictionary(uniqueKeysWithValues: rows.map { ($0.eventId, $0.figures) })
        #expect(AnalyticsFormulas.changed(computed: rows, stored: stored).isEmpty)

        var withStale = stored
        withStale[e2] = figures(1, avg: "1.00", engagement: "0", exposure: "2.50", roi: "0.33", influence: "0")
        #expect(AnalyticsFormulas.changed(computed: rows, stored: withStale) == [AnalyticsRow(partnerId: partnerId, eventId: e2, figures: .zero)])

        let zero = AnalyticsFormulas.rows(
            partnerId: partnerId, AnalyticsInputs(fee: 10_000, employeeCount: 40, attendanceByEvent: [:], engagements: 0))
        #expect(AnalyticsFormulas.changed(computed: zero, stored: [:]).isEmpty)
    }

    @Test func theEventAlwaysCarriesEventIdEvenWhenNull() throws {
        let row = AnalyticsRow(partnerId: partnerId, eventId: nil, figures: .zero)
        let json = String(decoding: try MessageCoding.encode(row.event), as: UTF8.self)
        #expect(json.contains("\"eventId\":null"))
        #expect(json.contains("\"roiScore\":0"))
    }
}
