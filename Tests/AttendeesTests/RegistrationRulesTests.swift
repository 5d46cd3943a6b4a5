import Foundation
import Identifiers
import Testing

@testable import Attendees

@Suite struct RegistrationRulesTests {
    let now = t0.addingTimeInterval(120)

    func heldSeat(_ d: RegistrationDecision) -> Bool? {
        guard case .registrationCancelled(let c)? = d.events.first, d.events.count == 1 else { return nil }
        return c.heldSeat
    }

    @Test func cancellingAConfirmedRegistrationFreesItsSeat() throws {
        let d = try RegistrationRules.cancel(registration(.confirmed), id: Identifier(), now: now)
        #expect(d.registration.status == .cancelled)
        #expect(heldSeat(d) == true)
        #expect(d.waitlist == nil)
    }

    @Test func cancellingAWaitlistedRegistrationLeavesTheQueue() throws {
        let d = try RegistrationRules.cancel(registration(.waitlisted, position: 4, asking: true), id: Identifier(), now: now)
        #expect(d.registration.status == .cancelled && d.registration.waitlistPosition == nil && d.registration.seatRequestedAt == nil)
        #expect(d.waitlist == .leave(position: 4))
        #expect(heldSeat(d) == false)
    }

    @Test func cancellingAPendingRegistrationHoldsNoSeat() throws {
        let d = try RegistrationRules.cancel(registration(.registered), id: Identifier(), now: now)
        #expect(d.registration.status == .cancelled && d.registration.seatRequestedAt == nil)
        #expect(heldSeat(d) == false)
    }

    @Test func cancellingTwiceIsAnsweredNotApplied() throws {
        let first = try RegistrationRules.cancel(registration(.confirmed), id: Identifier(), now: now)
        let second = try RegistrationRules.cancel(first.registration, id: first.registration.id, now: now.addingTimeInterval(5))
        #expect(!second.changesState)
        #expect(second.waitlist == nil)
        #expect(heldSeat(second) == false, "the second answer frees nothing")
    }

    @Test func whatCannotBeCancelledIsRejected() {
        #expect(rejection { try RegistrationRules.cancel(nil, id: Identifier(), now: now) } == "unknown_registration")
        #expect(rejection { try RegistrationRules.cancel(registration(.attended), id: Identifier(), now: now) } == "registration_attended")
        #expect(rejection { try RegistrationRules.cancel(registration(.rejected), id: Identifier(), now: now) } == "registration_rejected")
    }

    @Test func attendanceOfAConfirmedRegistration() throws {
        let company = Identifier()
        let r = registration(.confirmed)
        let d = try RegistrationRules.recordAttendance(r, id: r.id, companyId: company, now: now)
        #expect(d.registration.status == .attended && d.registration.actualAttendance)
        #expect(
            d.events == [
                .attendanceRecorded(AttendanceRecorded(registrationId: r.id, eventId: r.eventId, attendeeId: r.attendeeId, companyId: company))
            ])
        let again = try RegistrationRules.recordAttendance(d.registration, id: r.id, companyId: company, now: now)
        #expect(!again.changesState, "recording twice changes nothing")
        #expect(again.events == d.events, "and answers with the same fact")
    }

    @Test(arguments: [RegistrationStatus.registered, .waitlisted, .cancelled, .rejected])
    func attendanceNeedsAConfirmedRegistration(_ status: RegistrationStatus) {
        #expect(
            rejection { try RegistrationRules.recordAttendance(registration(status), id: Identifier(), companyId: nil, now: now) }
                == "registration_not_confirmed")
    }

    @Test func attendanceOfAnUnknownRegistration() {
        #expect(rejection { try RegistrationRules.recordAttendance(nil, id: Identifier(), companyId: nil, now: now) } == "unknown_registration")
    }
}
