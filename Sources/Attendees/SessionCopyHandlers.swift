import Foundation
import Identifiers
import Messaging
import Postgres

/// The copy of events' sessions (and their materials) that choices and
/// engagements are checked against.
enum SessionCopyHandlers {
    static func sessionScheduled(
        _ envelope: Envelope<SessionScheduled>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        try Store.sessionScheduled(envelope.data.fields.sessionId, eventId: envelope.data.fields.eventId, now: context.now, db)
    }

    static func sessionCancelled(
        _ envelope: Envelope<SessionCancelled>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        try Store.sessionCancelled(envelope.data.fields.sessionId, eventId: envelope.data.fields.eventId, now: context.now, db)
    }

    static func sessionMaterialAdded(
        _ envelope: Envelope<SessionMaterialAdded>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        try Store.materialAdded(envelope.data.fields, now: context.now, db)
    }

    static func sessionMaterialRemoved(
        _ envelope: Envelope<SessionMaterialRemoved>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        try Store.materialRemoved(envelope.data.fields, now: context.now, db)
    }
}
