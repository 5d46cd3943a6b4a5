/// An unsent outbox row.
struct OutboxRow: Sendable {
    let id: Int64
    let message: OutgoingMessage
    /// How often the broker refused it so far.
    let attempts: Int

    /// Commands must reach a queue (published mandatory, so the broker may
    /// return them); an event nobody subscribes to is fine.
    var mustBeRouted: Bool { message.exchange == Exchanges.commands }

    /// The claimed rows (in id order) that may be published in one round:
    /// per aggregate, up to and including its first command. A command may
    /// come back unroutable, and what follows it in its aggregate must not be
    /// confirmed before it; the rest go in the next round.
    static func publishableTogether(_ rows: [OutboxRow]) -> [OutboxRow] {
        var afterCommand = Set<String>()
        return rows.filter { row in
            guard !afterCommand.contains(row.message.aggregateId) else { return false }
            if row.mustBeRouted { afterCommand.insert(row.message.aggregateId) }
            return true
        }
    }
}
