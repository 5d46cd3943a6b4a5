import Foundation

/// What is left in the outbox after a relay round.
struct OutboxBacklog: Sendable {
    /// Unsent rows.
    let pending: Int
    /// Age in seconds of the oldest unsent row (0 when none).
    let oldestAge: Double
    /// Unsent rows waiting after a refusal.
    let waiting: Int
    /// When the first waiting row may go again, if any waits.
    let nextAttempt: Date?
}
