import Foundation

/// A line of a flow's timeline: a record and how long after its cause it came.
public struct TimelineEntry: Sendable, Equatable {
    public var record: TraceRecord
    /// For a message handled, retried, parked or rejected: since its
    /// publication was written to the outbox (nil for a message from outside). For a message
    /// published: since the message that caused it was handled.
    public var sinceCause: Duration?
    /// The context whose publication this entry's message is (nil from outside).
    public var from: String?
}
