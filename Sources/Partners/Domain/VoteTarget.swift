public import Identifiers

/// What a partner votes on: one of events' topics, or a suggestion.
public enum VoteTarget: Hashable, Sendable {
    case topic(Identifier)
    case suggestion(Identifier)

    public var id: Identifier {
        switch self {
        case .topic(let id), .suggestion(let id): id
        }
    }

    /// `target_type` in `topic_votes`.
    public var type: String {
        switch self {
        case .topic: "topic"
        case .suggestion: "suggestion"
        }
    }
}
