import Foundation
import Identifiers

@testable import Attendees

let t0 = Date(timeIntervalSince1970: 1_800_000_000)

func command(
    eventId: Identifier = Identifier(), email: String = "Anna.Muster@Example.CH", firstName: String = "Anna",
    lastName: String = "Muster", companyId: Identifier? = nil, position: String? = nil, gdprConsent: Bool = true,
    newsletter: Bool? = nil, specialRequests: String? = nil
) -> RegisterAttendee {
    RegisterAttendee(
        eventId: eventId, email: email, firstName: firstName, lastName: lastName, companyId: companyId,
        position: position, gdprConsent: gdprConsent, newsletterSubscription: newsletter, specialRequests: specialRequests
    )
}

func attendee(id: Identifier = Identifier(), email: String = "anna.muster@example.ch", companyId: Identifier? = nil) -> Attendee {
    Attendee(
        id: id, personal: PersonalData(email: email, firstName: "Anna", lastName: "Muster", companyId: companyId),
        newsletterSubscription: false, gdprConsentGiven: true, gdprConsentDate: t0, createdAt: t0, updatedAt: t0
    )
}

func registration(
    _ status: RegistrationStatus, id: Identifier = Identifier(), eventId: Identifier = Identifier(), attendeeId: Identifier = Identifier(),
    position: Int? = nil, asking: Bool = false, reason: RegistrationRejectionReason? = nil, specialRequests: String? = nil
) -> Registration {
    Registration(
        id: id, eventId: eventId, attendeeId: attendeeId, registrationDate: t0, status: status,
        specialRequests: specialRequests, actualAttendance: status == .attended,
        waitlistPosition: status == .waitlisted ? (position ?? 1) : nil,
        seatRequestedAt: status == .registered || asking ? t0 : nil,
        rejectionReason: status == .rejected ? (reason ?? .registrationClosed) : nil, statusChangedAt: t0
    )
}

extension Validation {
    static func validRegistration(_ command: RegisterAttendee) -> RegistrationInput? {
        try? register(command)
    }
}

/// The waitlist as a list of registration ids, front first: applies decisions
/// the way Store.apply does, for checking that positions stay 1...n.
struct QueueModel {
    var rows: [Identifier: Registration] = [:]

    mutating func apply(_ decision: RegistrationDecision) {
        if case .leave(let position) = decision.waitlist {
            for (id, row) in rows where row.status == .waitlisted && (row.waitlistPosition ?? 0) > position {
                rows[id]?.waitlistPosition = (row.waitlistPosition ?? 0) - 1
            }
        }
        rows[decision.registration.id] = decision.registration
    }

    var waitlistLength: Int { rows.values.filter { $0.status == .waitlisted }.count }

    /// Positions of the waitlisted registrations, sorted.
    var positions: [Int] { rows.values.compactMap(\.waitlistPosition).sorted() }

    var queue: [Identifier] {
        rows.values.filter { $0.status == .waitlisted }.sorted { ($0.waitlistPosition ?? 0) < ($1.waitlistPosition ?? 0) }.map(\.id)
    }
}
