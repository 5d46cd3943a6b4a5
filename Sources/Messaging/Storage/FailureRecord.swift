import Identifiers

/// One failed attempt sent to a retry queue, one message parked, or one
/// command rejected: what `batbern trace` shows besides the inbox and outbox.
/// The reason is a code and the kernel's one-line account (`describe`),
/// never the message's content.
struct FailureRecord: Sendable, Equatable {
    enum Outcome: String, Sendable {
        case retried
        case parked
        case rejected
    }

    let header: EnvelopeHeader
    /// The routing key the message came with: its type as the inbox names it.
    let messageType: String
    let outcome: Outcome
    let reason: String
    let attempt: Int
}
