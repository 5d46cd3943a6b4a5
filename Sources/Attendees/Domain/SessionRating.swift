public import Foundation
public import Identifiers

/// An attendee's rating of a session (1–5), the latest she gave.
public struct SessionRating: Codable, Sendable, Hashable {
    public var sessionId: Identifier
    public var rating: Double
    public var ratedAt: Date

    public init(sessionId: Identifier, rating: Double, ratedAt: Date) {
        self.sessionId = sessionId
        self.rating = rating
        self.ratedAt = ratedAt
    }
}
