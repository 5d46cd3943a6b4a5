import Foundation
import Identifiers
import Messaging

/// The envelope every hostile message starts from, as `JSONText` so any
/// member can then be removed, retyped or broken.
enum HostileEnvelope {
    static func make(
        id: Identifier, eventType: String, data: JSONText, aggregateId: String = Identifier().description,
        aggregateType: String = "Hostile", version: JSONText = .number(1), occurredAt: Date = Date()
    ) -> JSONText {
        .object([
            ("id", .string(id.description)), ("aggregateId", .string(aggregateId)), ("aggregateType", .string(aggregateType)),
            ("eventType", .string(eventType)), ("eventVersion", version),
            ("occurredAt", .string(MessageCoding.formatTimestamp(occurredAt))), ("data", data),
            ("correlationId", .string(id.description)),
        ])
    }

    /// The envelope's members, each required by the contract (envelope.json).
    static let members = ["id", "aggregateId", "aggregateType", "eventType", "eventVersion", "occurredAt", "data", "correlationId"]
}
