import Foundation
import Identifiers
import Messaging
import Postgres

/// events' answers about session seats, applied to the session choices.
enum SessionSeatHandlers {
    static func sessionSeatReserved(
        _ envelope: Envelope<SessionSeatReserved>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let data = envelope.data
        let registration = try Store.registration(id: data.registrationId, lock: true, db)
        let choice = try Store.choice(registrationId: data.registrationId, sessionId: data.sessionId, db)
        let decision = SessionSeatAnswers.reserved(data, registration: registration, choice: choice, now: context.now)
        try Store.apply(decision, db)
        try context.publish(decision.events)
    }

    static func sessionSeatRejected(
        _ envelope: Envelope<SessionSeatRejected>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let data = envelope.data
        guard try Store.registration(id: data.registrationId, lock: true, db) != nil else { return }
        let choice = try Store.choice(registrationId: data.registrationId, sessionId: data.sessionId, db)
        try Store.apply(SessionSeatAnswers.rejected(data, choice: choice, now: context.now), db)
    }
}
