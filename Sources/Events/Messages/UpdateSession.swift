public import Identifiers
public import Messaging

/// Changes a session's own fields. Each is a patch: absent leaves it as it
/// is, null clears an optional one (description, capacity; a list becomes
/// empty), a value replaces it. Time and room change with RescheduleSession.
/// Answered with SessionUpdated.
public struct UpdateSession: Command, AggregateIdentified, Equatable {
    public static let name = "UpdateSession"
    public static let context = "events"
    public static let aggregateType = "Session"
    public var aggregateId: Identifier { sessionId }

    public var sessionId: Identifier
    public var title: Patch<String>
    public var description: Patch<String>
    public var sessionType: Patch<String>
    public var capacity: Patch<Int>
    public var language: Patch<String>
    public var tags: Patch<[String]>
    public var prerequisites: Patch<[String]>
    /// The seed's experience levels, as text: one outside them is refused with a reason.
    public var targetAudience: Patch<[String]>

    public init(
        sessionId: Identifier, title: Patch<String> = .unchanged, description: Patch<String> = .unchanged,
        sessionType: Patch<String> = .unchanged, capacity: Patch<Int> = .unchanged, language: Patch<String> = .unchanged,
        tags: Patch<[String]> = .unchanged, prerequisites: Patch<[String]> = .unchanged, targetAudience: Patch<[String]> = .unchanged
    ) {
        self.sessionId = sessionId
        self.title = title
        self.description = description
        self.sessionType = sessionType
        self.capacity = capacity
        self.language = language
        self.tags = tags
        self.prerequisites = prerequisites
        self.targetAudience = targetAudience
    }
}
