import Foundation
import Identifiers
import Messaging
import Postgres

/// SubscribeNewsletter and UnsubscribeNewsletter.
enum NewsletterHandlers {
    static func subscribe(
        _ envelope: Envelope<SubscribeNewsletter>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        try change(envelope.data.fields, subscribe: true, &context, db)
    }

    static func unsubscribe(
        _ envelope: Envelope<UnsubscribeNewsletter>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        try change(envelope.data.fields, subscribe: false, &context, db)
    }

    private static func change(
        _ choice: NewsletterChoice, subscribe: Bool, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let id = choice.attendeeId
        let attendee = try Store.attendee(id: id, lock: true, db)
        let decision = try RegistrationHandlers.command { () throws(Rejection) in
            try Newsletter.change(attendee, id: id, subscribe: subscribe, source: choice.source, now: context.now)
        }
        if let changed = decision.attendee { try Store.update(changed, db) }
        try context.publish([decision.event])
    }
}
