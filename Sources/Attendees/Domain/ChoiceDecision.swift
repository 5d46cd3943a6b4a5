/// Session choices to write or delete, and what to publish.
public struct ChoiceDecision: Sendable, Hashable {
    /// Inserted or updated.
    public var saved: [SessionChoice]
    /// Deleted.
    public var dropped: [SessionChoice]
    public var events: [AttendeesEvent]

    public init(saved: [SessionChoice] = [], dropped: [SessionChoice] = [], events: [AttendeesEvent] = []) {
        self.saved = saved
        self.dropped = dropped
        self.events = events
    }

    public static let nothing = ChoiceDecision()
}
