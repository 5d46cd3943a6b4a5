import Foundation
import Identifiers
import Messaging
import Postgres

/// WithdrawConsent: registrations for events ahead cancelled through the
/// cancellation path (events frees the seats, the waitlists move), the
/// profile erased, the identity kept and restricted (docs/attendees.md).
enum ConsentHandlers {
    static func withdrawConsent(
        _ envelope: Envelope<WithdrawConsent>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let id = envelope.data.attendeeId
        let (attendee, registrations) = try RegistrationHandlers.lockedAttendee(id, now: context.now, db)
        var copies: [Identifier: EventCopy] = [:]
        for eventId in Set(registrations.filter(\.status.isOpen).map(\.eventId)).sorted() {
            copies[eventId] = try Store.eventCopy(id: eventId, db)
        }
        let decision = try RegistrationHandlers.command { () throws(Rejection) in
            try ConsentWithdrawal.decide(attendee, id: id, registrations: registrations, events: copies, now: context.now)
        }
        for registration in decision.registrations { try Store.apply(registration, db) }
        if let restricted = decision.attendee {
            try Store.update(restricted, db)
            // Her profile went out in these; her identity stays, and so do
            // her AttendeeRegistered rows.
            try Store.forgetPublished([AttendeeProfileUpdated.name, AttendeeProfileReported.name], attendeeId: id, db)
        }
        try context.publish(decision.events)
    }
}
