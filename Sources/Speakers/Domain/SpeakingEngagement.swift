public import Foundation
public import Identifiers

/// One entry of a speaker's `speakingHistory`: a session the speaker was
/// confirmed for, recorded when its event completed.
public struct SpeakingEngagement: Codable, Sendable, Equatable {
    public var eventId: Identifier
    public var sessionId: Identifier
    public var role: String
    public var sessionType: String
    /// The presentation title, else the session's title when events sent one.
    public var title: String?
    /// When the session started.
    public var date: Date

    public init(eventId: Identifier, sessionId: Identifier, role: String, sessionType: String, title: String?, date: Date) {
        self.eventId = eventId
        self.sessionId = sessionId
        self.role = role
        self.sessionType = sessionType
        self.title = title
        self.date = date
    }
}
