/// The seed's SessionType, for the session types an attendee prefers.
public enum SessionType: String, Codable, Sendable, Hashable, CaseIterable {
    case keynote
    case presentation
    case workshop
    case panelDiscussion = "panel_discussion"
    case networking
    case `break`
    case lunch
}
