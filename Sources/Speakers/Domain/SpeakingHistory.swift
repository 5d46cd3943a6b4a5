public import Identifiers

/// What an event's completion adds to speakers' speaking histories.
public enum SpeakingHistory {
    /// One entry per speaker confirmed for a session of the event that was
    /// not cancelled. Recording is idempotent per (speaker, session), so a
    /// repeated `completed` adds nothing.
    public static func completed(
        eventId: Identifier, sessions: [SessionCopy], invitations: [Assignment]
    ) -> [(speakerId: Identifier, engagement: SpeakingEngagement)] {
        let held = Dictionary(
            sessions.filter { $0.eventId == eventId && $0.status == .scheduled }.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }
        )
        return invitations.filter { $0.status == .confirmed }.compactMap { assignment in
            guard let session = held[assignment.sessionId] else { return nil }
            return (
                assignment.speakerId,
                SpeakingEngagement(
                    eventId: eventId, sessionId: session.id, role: assignment.role.rawValue, sessionType: session.sessionType.rawValue,
                    title: assignment.presentationTitle ?? session.title, date: session.startTime
                )
            )
        }
    }
}
