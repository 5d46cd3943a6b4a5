/// How often an attendee engaged in one way (`view`, `download`, `rating` …).
public struct EngagementCount: Codable, Sendable, Hashable {
    public var engagementType: String
    public var count: Int

    public init(engagementType: String, count: Int) {
        self.engagementType = engagementType
        self.count = count
    }
}
