public import Foundation
public import Identifiers

/// The seed's AttendeeEngagement, which it leaves unspelled: a summary of an
/// attendee's content engagement, computed from her content_engagement rows.
public struct EngagementHistory: Codable, Sendable, Hashable {
    public var totalEngagements: Int
    /// Engagements per engagementType, most frequent first (then by name).
    public var byType: [EngagementCount]
    /// Her rating (1–5) of each session she rated: the latest one counts.
    public var sessionRatings: [SessionRating]
    /// The mean of `sessionRatings`, rounded half up to two decimals; nil without ratings.
    public var averageRating: Double?
    public var lastEngagedAt: Date?

    public init(
        totalEngagements: Int, byType: [EngagementCount], sessionRatings: [SessionRating], averageRating: Double?, lastEngagedAt: Date?
    ) {
        self.totalEngagements = totalEngagements
        self.byType = byType
        self.sessionRatings = sessionRatings
        self.averageRating = averageRating
        self.lastEngagedAt = lastEngagedAt
    }

    /// - Parameter sessions: which content ids are sessions (ratings of other content count only as engagements).
    public static func summarize(_ engagements: [ContentEngagement], sessions: Set<Identifier>) -> EngagementHistory {
        var counts: [String: Int] = [:]
        for engagement in engagements { counts[engagement.engagementType, default: 0] += 1 }
        var latest: [Identifier: ContentEngagement] = [:]
        for rating in engagements where rating.engagementType == "rating" && sessions.contains(rating.contentId) {
            guard rating.engagementValue != nil else { continue }
            if let seen = latest[rating.contentId], (seen.engagedAt, seen.id) > (rating.engagedAt, rating.id) { continue }
            latest[rating.contentId] = rating
        }
        let ratings = latest.values
            .compactMap { e in e.engagementValue.map { SessionRating(sessionId: e.contentId, rating: number($0), ratedAt: e.engagedAt) } }
            .sorted { ($0.ratedAt, $0.sessionId) < ($1.ratedAt, $1.sessionId) }
        let total = latest.values.compactMap(\.engagementValue).reduce(Decimal(0), +)
        return EngagementHistory(
            totalEngagements: engagements.count,
            byType: counts.map { EngagementCount(engagementType: $0.key, count: $0.value) }
                .sorted { ($1.count, $0.engagementType) < ($0.count, $1.engagementType) },
            sessionRatings: ratings,
            averageRating: ratings.isEmpty ? nil : number(rounded(total / Decimal(ratings.count))),
            lastEngagedAt: engagements.map(\.engagedAt).max()
        )
    }

    private static func rounded(_ value: Decimal) -> Decimal {
        var input = value
        var result = Decimal()
        NSDecimalRound(&result, &input, 2, .plain)
        return result
    }

    private static func number(_ value: Decimal) -> Double {
        NSDecimalNumber(decimal: value).doubleValue
    }
}
