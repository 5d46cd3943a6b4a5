import Foundation
import Identifiers
import Messaging
import Postgres

/// The attendee's profile: updating it and reporting it.
enum ProfileHandlers {
    static func updateAttendeeProfile(
        _ envelope: Envelope<UpdateAttendeeProfile>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let id = envelope.data.attendeeId
        let changes = try RegistrationHandlers.command { () throws(Rejection) in try Validation.profileUpdate(envelope.data) }
        // Whoever has the new email, locked like a registration of it would
        // lock it; a concurrent insert of the address loses on the unique
        // index (answered invalid_data), so one attendee per email holds.
        let owner = try changes.email.flatMap { try Store.attendee(email: $0, db) }
        let attendee = owner?.id == id ? owner : try Store.attendee(id: id, lock: true, db)
        let decision = try RegistrationHandlers.command { () throws(Rejection) in
            try ProfileUpdate.decide(changes, attendee: attendee, id: id, emailOwner: owner, now: context.now)
        }
        if !decision.changed.isEmpty { try Store.update(decision.attendee, db) }
        try context.publish([decision.event])
    }

    static func getAttendeeProfile(
        _ envelope: Envelope<GetAttendeeProfile>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let id = envelope.data.attendeeId
        let attendee = try Store.attendee(id: id, lock: false, db)
        let engagements = try Store.engagements(attendeeId: id, db)
        let sessions = try Store.sessions(Array(Set(engagements.map(\.contentId))), db)
        let registrations = try Store.registrations(attendeeId: id, lock: false, db)
        let choices = try Store.choices(attendeeId: id, db)
        let report = try RegistrationHandlers.command { () throws(Rejection) in
            try ProfileReport.report(
                attendee, id: id, registrations: registrations, choices: choices, engagements: engagements, sessions: Set(sessions.keys)
            )
        }
        try context.publish(report)
    }
}
