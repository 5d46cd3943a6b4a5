public import Foundation
public import Postgres

extension MessageProcessor {
    /// Fires the timers due at `now` in one transaction; returns what went to the outbox.
    public func fireDueTimers(now: Date, limit: Int = 100, on db: PostgresConnection) async throws -> [OutgoingMessage] {
        let channel = notifyChannel
        return try await db.transaction { db in
            try TimerStore.fireDue(now: now, limit: limit, notifyChannel: channel, db)
        }
    }
}
