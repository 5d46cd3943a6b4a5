public import Foundation
public import Identifiers

/// The data architecture's `SpeakerRole`.
public enum SpeakerRole: String, Codable, Sendable, CaseIterable {
    case primarySpeaker = "primary_speaker"
    case coSpeaker = "co_speaker"
    case moderator
    case panelist
}

/// The data architecture's `SessionType` (speakers' copy of events' list).
public enum SessionType: String, Codable, Sendable, CaseIterable {
    case keynote, presentation, workshop
    case panelDiscussion = "panel_discussion"
    case networking
    case `break`
    case lunch
}

public enum SessionStatus: String, Codable, Sendable {
    case scheduled, cancelled
}

/// The data architecture's `SpeakerAvailability`. Derived by
/// `Availability.derive`; `declined` is in the seed's list but never derived
/// (a decline is a fact about one invitation, not about the speaker).
public enum SpeakerAvailability: String, Codable, Sendable, CaseIterable {
    case available, busy, unavailable, invited, confirmed, declined
}

/// What a speaker's availability falls back to when nothing is confirmed or open.
public enum BaseAvailability: String, Codable, Sendable, CaseIterable {
    case available, busy, unavailable

    var availability: SpeakerAvailability {
        switch self {
        case .available: .available
        case .busy: .busy
        case .unavailable: .unavailable
        }
    }
}

/// Where one invitation (a `session_speakers` row) stands.
public enum InvitationStatus: String, Codable, Sendable, CaseIterable {
    case invited, tentative, confirmed, declined, expired, withdrawn, released

    /// Waiting for the speaker's answer (tentative keeps it open).
    public var isOpen: Bool { self == .invited || self == .tentative }
    /// Holds or may still take the slot.
    public var isActive: Bool { isOpen || self == .confirmed }
}

public enum InvitationResponse: String, Codable, Sendable, CaseIterable {
    case accept, decline, tentative
}

/// Speakers' local copy of a session, from events' session events.
public struct SessionCopy: Sendable, Equatable {
    public var id: Identifier
    public var eventId: Identifier
    public var sessionType: SessionType
    public var startTime: Date
    public var endTime: Date
    public var room: String?
    public var status: SessionStatus
    public var title: String? = nil
    public var description: String? = nil

    /// Half-open intervals: a session ending at 10:00 does not overlap one
    /// starting at 10:00.
    public func overlaps(_ other: SessionCopy) -> Bool {
        startTime < other.endTime && other.startTime < endTime
    }
}
