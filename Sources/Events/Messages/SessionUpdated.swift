public import Foundation
public import Identifiers
public import Messaging

/// The answer to UpdateSession: `changed` names the fields that changed
/// (empty when none did); the others are the whole session after the
/// update, so a consumer's copy can take it as it is (speakers does).
public struct SessionUpdated: DomainEvent, AggregateIdentified, Equatable {
    public static let name = "SessionUpdated"
    public static let context = "events"
    public static let aggregateType = "Session"
    public var aggregateId: Identifier { sessionId }

    public var sessionId: Identifier
    public var eventId: Identifier
    public var changed: [String]
    public var title: String
    public var description: String?
    public var sessionType: String
    public var startTime: Date
    public var endTime: Date
    public var room: String?
    public var capacity: Int?
    public var language: String
    public var tags: [String]
    public var prerequisites: [String]
    public var targetAudience: [String]

    public init(_ session: Session, changed: [String]) {
        sessionId = session.id
        eventId = session.eventId
        self.changed = changed
        title = session.title
        description = session.description
        sessionType = session.sessionType.rawValue
        startTime = session.startTime
        endTime = session.endTime
        room = session.room
        capacity = session.capacity
        language = session.language
        tags = session.tags
        prerequisites = session.prerequisites
        targetAudience = session.targetAudience.map(\.rawValue)
    }
}
