import Foundation
import Identifiers
import Partners
import Testing

/// The arrival-order cases one by one, each ending with the message that
/// makes the facts count.
@Suite("Fact ingestion")
struct FactIngestionTests {
    let company = Identifier()
    let attendee = Identifier()
    let event = Identifier()
    let t0 = Date(timeIntervalSince1970: 1_750_000_000)

    func ledgerWithPartner(employees: Int? = 20) -> FactLedger {
        var ledger = FactLedger()
        ledger.deliver(.companyCreated(CompanyCreatedNotice(companyId: company, name: "Acme", employeeCount: employees), at: t0))
        ledger.deliver(
            .startPartnership(StartPartnership(companyId: company, partnershipLevel: "gold", partnershipStartDate: "2025-01-01"), newId: Identifier())
        )
        return ledger
    }

    func attended(_ registration: Identifier = Identifier(), company: Identifier?) -> FactLedger.Message {
        .attendanceRecorded(AttendanceRecorded(registrationId: registration, eventId: event, attendeeId: attendee, companyId: company), at: t0)
    }

    func engaged(_ type: String = "view") -> FactLedger.Message {
        .contentEngaged(
            ContentEngaged(attendeeId: attendee, contentType: "session", contentId: Identifier(), engagementType: type, engagementValue: nil),
            messageId: Identifier())
    }

    func cross(_ ledger: FactLedger) -> AnalyticsFigures? {
        ledger.partners[company].flatMap { ledger.stored[$0.id]?[nil] }
    }

    @Test func factsBeforeTheAttendeesCompanyIsKnownCountWhenItIs() {
        var ledger = ledgerWithPartner()
        ledger.deliver(attended(company: nil))
        ledger.deliver(engaged())
        #expect(cross(ledger) == nil)
        ledger.deliver(.attendeeRegistered(AttendeeRegistered(attendeeId: attendee, companyId: company)))
        #expect(cross(ledger)?.totalEmployeeAttendance == 1)
        #expect(cross(ledger)?.contentEngagementScore == .whole(20))
    }

    @Test func factsBeforeTheCompanyAndPartnershipCountWhenTheyStart() {
        var ledger = FactLedger()
        ledger.deliver(attended(company: company))
        ledger.deliver(.attendeeRegistered(AttendeeRegistered(attendeeId: attendee, companyId: company)))
        let start = FactLedger.Message.startPartnership(
            StartPartnership(companyId: company, partnershipLevel: "gold", partnershipStartDate: "2025-01-01"), newId: Identifier()
        )
        #expect(ledger.deliver(start)?.reason == "unknown_company")
        ledger.deliver(.companyCreated(CompanyCreatedNotice(companyId: company, name: "Acme", employeeCount: 10), at: t0))
        #expect(ledger.deliver(start) == nil)
        #expect(cross(ledger)?.totalEmployeeAttendance == 1)
        #expect(cross(ledger)?.brandExposureScore == .whole(10))
        #expect(ledger.published.count == 2)
    }

    @Test func theSameAttendanceTwiceCountsOnceAndCanFillInItsCompany() {
        var ledger = ledgerWithPartner()
        let registration = Identifier()
        ledger.deliver(attended(registration, company: nil))
        ledger.deliver(attended(registration, company: company))
        ledger.deliver(attended(registration, company: company))
        #expect(cross(ledger)?.totalEmployeeAttendance == 1)
        #expect(ledger.published.count == 2)  // cross row and event row, once
    }

    @Test func aRegistrationWithoutCompanyDoesNotUndoTheCompanyOfAnAttendance() {
        var first = ledgerWithPartner()
        first.deliver(attended(company: company))
        first.deliver(.attendeeRegistered(AttendeeRegistered(attendeeId: attendee, companyId: nil)))
        first.deliver(engaged())
        var second = ledgerWithPartner()
        second.deliver(.attendeeRegistered(AttendeeRegistered(attendeeId: attendee, companyId: nil)))
        second.deliver(attended(company: company))
        second.deliver(engaged())
        #expect(first.links[attendee]?.companyId == company)
        #expect(cross(first) == cross(second))
        #expect(cross(first)?.contentEngagementScore == .whole(20))
    }

    @Test func anEmployeeCountChangeRecalculatesAndAnOlderOneIsIgnored() {
        var ledger = ledgerWithPartner(employees: 20)
        ledger.deliver(attended(company: company))
        #expect(cross(ledger)?.brandExposureScore == .whole(5))
        ledger.deliver(.companyUpdated(CompanyUpdatedNotice(companyId: company, employeeCount: 50), at: t0 + 60))
        #expect(cross(ledger)?.brandExposureScore == .whole(2))
        ledger.deliver(.companyUpdated(CompanyUpdatedNotice(companyId: company, employeeCount: 4), at: t0 + 30))
        ledger.deliver(.companyCreated(CompanyCreatedNotice(companyId: company, name: "Acme", employeeCount: 20), at: t0))
        #expect(ledger.companies[company]?.employeeCount == 50)
        #expect(cross(ledger)?.brandExposureScore == .whole(2))
    }

    @Test func erasureKeepsCountsAndLateFactsOfTheErasedAreNotLinkedAgain() {
        var ledger = ledgerWithPartner()
        ledger.deliver(.attendeeRegistered(AttendeeRegistered(attendeeId: attendee, companyId: company)))
        ledger.deliver(attended(company: nil))
        ledger.deliver(engaged("rating"))
        let before = cross(ledger)
        ledger.deliver(.attendeeErased(AttendeeErased(attendeeId: attendee)))
        #expect(ledger.links[attendee] == AttendeeLink(companyId: nil, erased: true))
        #expect(ledger.attendance.values.allSatisfy { $0.attendeeId == nil && $0.companyId == company })
        #expect(ledger.engagements.values.allSatisfy { $0.attendeeId == nil && $0.companyId == company })
        ledger.deliver(.recalculateAll)
        #expect(cross(ledger) == before)

        ledger.deliver(.attendeeRegistered(AttendeeRegistered(attendeeId: attendee, companyId: company)))
        #expect(ledger.links[attendee]?.erased == true)
        ledger.deliver(engaged())
        #expect(ledger.engagements.values.filter { $0.engagementType == "view" }.allSatisfy { $0.attendeeId == nil && $0.companyId == nil })
        #expect(cross(ledger) == before)
    }

    @Test func anEngagementValueTheColumnCannotHoldIsDropped() {
        let fact = FactIngestion.contentEngaged(
            ContentEngaged(attendeeId: attendee, contentType: "video", contentId: Identifier(), engagementType: "view", engagementValue: 5400),
            messageId: Identifier(), link: nil, existing: nil
        ).fact
        #expect(fact != nil)
        #expect(fact?.engagementValue == nil)
    }

    @Test func theSameEngagementReportedTwiceCountsOnce() {
        var ledger = ledgerWithPartner()
        let engagement = ContentEngaged(
            engagementId: Identifier(), attendeeId: attendee, companyId: company, contentType: "session", contentId: Identifier(),
            engagementType: "rating", engagementValue: 5
        )
        ledger.deliver(.contentEngaged(engagement, messageId: Identifier()))
        ledger.deliver(.contentEngaged(engagement, messageId: Identifier()))
        #expect(ledger.engagements.count == 1)
        #expect(cross(ledger)?.contentEngagementScore == .whole(20))
        // Without engagementId the message id is the key: a redelivery still counts once.
        let anonymous = FactLedger.Message.contentEngaged(
            ContentEngaged(attendeeId: attendee, contentType: "session", contentId: Identifier(), engagementType: "view", engagementValue: nil),
            messageId: Identifier()
        )
        ledger.deliver(anonymous)
        ledger.deliver(anonymous)
        #expect(ledger.engagements.count == 2)
    }

    @Test func anEndedPartnershipKeepsItsRows() {
        var ledger = ledgerWithPartner()
        ledger.deliver(attended(company: company))
        guard var partner = ledger.partners[company] else {
            Issue.record("no partner")
            return
        }
        let rows = ledger.stored[partner.id]
        partner.isActive = false
        ledger.partners[company] = partner
        ledger.deliver(attended(company: company))
        ledger.deliver(.recalculateAll)
        #expect(ledger.stored[partner.id] == rows)
    }
}
