/// The event lifecycle of the data architecture's `EventStatus`.
public enum EventStatus: String, Codable, Sendable, CaseIterable {
    case planning
    case topicDefined = "topic_defined"
    case speakersInvited = "speakers_invited"
    case agendaDraft = "agenda_draft"
    case published
    case registrationOpen = "registration_open"
    case registrationClosed = "registration_closed"
    case inProgress = "in_progress"
    case completed
    case archived
    /// Beside the seed's ten: the event will not take place (`CancelEvent`
    /// only; no command or saga move leaves it).
    case cancelled

    /// Where each status may go, by command or by the invitation saga. The
    /// same table is in docs/events-speakers.md.
    ///
    /// `agenda_draft → speakers_invited` is how a reopened speaker slot takes
    /// the agenda back; `registration_closed → registration_open` reopens
    /// registration (e.g. after the deadline was moved or seats freed);
    /// `topic_defined → planning` undoes a topic choice. Nothing leaves
    /// `archived`.
    public static let transitions: [EventStatus: Set<EventStatus>] = [
        .planning: [.topicDefined, .speakersInvited],
        .topicDefined: [.planning, .speakersInvited],
        .speakersInvited: [.agendaDraft],
        .agendaDraft: [.speakersInvited, .published],
        .published: [.registrationOpen],
        .registrationOpen: [.registrationClosed],
        .registrationClosed: [.registrationOpen, .inProgress],
        .inProgress: [.completed],
        .completed: [.archived],
        .archived: [],
        .cancelled: [],
    ]

    public func canMove(to next: EventStatus) -> Bool {
        Self.transitions[self, default: []].contains(next)
    }

    /// Sessions can still be planned and changed.
    public var acceptsSessionChanges: Bool {
        switch self {
        case .inProgress, .completed, .archived, .cancelled: false
        default: true
        }
    }

    /// `CancelEvent` takes an event that has not taken place yet. Not a
    /// move of `transitions`, so `ChangeEventStatus` cannot skip the saga.
    public var isCancellable: Bool {
        switch self {
        case .inProgress, .completed, .archived, .cancelled: false
        default: true
        }
    }
}

/// The data architecture's `SessionType`.
public enum SessionType: String, Codable, Sendable, CaseIterable {
    case keynote, presentation, workshop
    case panelDiscussion = "panel_discussion"
    case networking
    case `break`
    case lunch

    /// The speaker role a session of this type must have confirmed before
    /// the agenda is ready; nil for sessions without speakers.
    public var requiredRole: SpeakerRole? {
        switch self {
        case .keynote, .presentation, .workshop: .primarySpeaker
        case .panelDiscussion: .moderator
        case .networking, .break, .lunch: nil
        }
    }
}

/// The data architecture's `SpeakerRole`.
public enum SpeakerRole: String, Codable, Sendable, CaseIterable {
    case primarySpeaker = "primary_speaker"
    case coSpeaker = "co_speaker"
    case moderator
    case panelist
}

public enum SessionStatus: String, Codable, Sendable {
    case scheduled, cancelled
}
