import Identifiers
import Messaging
import Postgres

/// Session materials, handed in by organisers and confirmed speakers.
enum MaterialHandlers {
    static func addSessionMaterial(
        _ envelope: Envelope<AddSessionMaterial>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let command = envelope.data
        let (session, event) = try EventHandlers.lockedSession(command.sessionId, db)
        var existing: SessionMaterial?
        if let id = command.materialId { existing = try EventStore.material(id, db) }
        // The command's id doubles as the new material's id, so a retried handler adds the same material.
        switch try MaterialRules.add(
            command, newId: envelope.id, session: session, event: event, existingWithId: existing,
            confirmedSpeakers: try EventStore.confirmedSpeakers(of: command.sessionId, db),
            count: try EventStore.materialCount(of: command.sessionId, db), now: context.now
        ) {
        case .existing(let material):
            try context.publish(material.added)
        case .add(let material):
            guard try EventStore.insert(material, db) else {
                throw LostInsertRace(description: "material \(material.id) inserted concurrently")
            }
            try context.publish(material.added)
            try ProgrammeHandlers.refresh(material.eventId, .materialAdded, &context, db)
        }
    }

    static func removeSessionMaterial(
        _ envelope: Envelope<RemoveSessionMaterial>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let command = envelope.data
        // The event is locked before the material is read, as every handler of a session does.
        _ = try EventHandlers.lockedSession(command.sessionId, db)
        let (material, removal, first) = try MaterialRules.remove(
            command, material: try EventStore.material(command.materialId, db),
            confirmedSpeakers: try EventStore.confirmedSpeakers(of: command.sessionId, db), now: context.now
        )
        if first { try EventStore.remove(material.id, removal, db) }
        try context.publish(material.removed(removal))
        if first { try ProgrammeHandlers.refresh(material.eventId, .materialRemoved, &context, db) }
    }
}
