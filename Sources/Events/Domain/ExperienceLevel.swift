/// The seed's `ExperienceLevel`, whom a session is for
/// (`Session.targetAudience`). The seed names the type without its values;
/// these four are ours, in rising order (docs/events-speakers.md).
public enum ExperienceLevel: String, Codable, Sendable, CaseIterable {
    case beginner, intermediate, advanced, expert
}
