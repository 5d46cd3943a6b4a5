/// How experienced an attendee says she is (the seed's ExperienceLevel, which
/// sessions also name as their target audience; its values are ours).
public enum ExperienceLevel: String, Codable, Sendable, Hashable, CaseIterable {
    case beginner
    case intermediate
    case advanced
    case expert
}
