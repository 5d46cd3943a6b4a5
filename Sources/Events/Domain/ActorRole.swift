/// In what capacity a person acts on a session's materials. The gateway
/// authenticates the role; events checks that a `speaker` is a confirmed
/// speaker of the session (from its slot copy).
public enum ActorRole: String, Codable, Sendable, CaseIterable {
    case organiser, speaker
}
