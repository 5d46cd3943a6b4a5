/// Session choices to write (insert or update) and what to publish.
public struct ChoiceDecision: Sendable, Hashable {
    public var saved: [SessionChoice]
    public var events: [AttendeesEvent]

    public init(saved: [SessionChoice] = [], events: [AttendeesEvent] = []) {
        self.saved = saved
        self.events = events
    }

    public static let nothing = ChoiceDecision()
}
