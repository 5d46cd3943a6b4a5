/// What must become of one message at one worker that receives it.
enum HostileExpectation: String, Sendable, Hashable {
    /// A command that is bad input: exactly one CommandRejected naming it, nothing else.
    case rejected
    /// A command that may be valid: exactly one answer, its events or one CommandRejected.
    case answered
    /// A command no answer can name (no usable message_id, body unreadable): parked, unanswered.
    case parkedUnanswered
    /// Anything else that is bad input: parked with a reason at the first attempt, not handled.
    case parked
    /// An event a tolerant reader may take: handled, or parked with a reason at the first attempt.
    case tolerated
    /// A good event (its headers aside): handled, not parked.
    case handled
}
