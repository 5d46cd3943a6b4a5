public import Messaging

/// What UpdateSession does to a session.
public struct SessionUpdate: Sendable, Equatable {
    /// The session after the update.
    public var session: Session
    /// The names of the fields that changed, in the command's order.
    public var changed: [String]

    public var updated: SessionUpdated { SessionUpdated(session, changed: changed) }
}

extension SessionRules {
    public static let maxTags = 20
    public static let tagLimit = 50
    public static let maxPrerequisites = 20
    public static let prerequisiteLimit = 255

    /// Applies the patches the command gives, with ScheduleSession's rules
    /// for the fields it shares, and: a session that has speakers (a slot
    /// asked for or held, `hasSpeakers`) keeps a type that has speakers.
    /// Title, type and language cannot be cleared. A capacity below the
    /// session seats attendees hold (`seatsTaken`) is refused, as UpdateEvent
    /// refuses one below the event's seats. A cancelled session, or one of a
    /// cancelled or finished event, is refused.
    public static func update(
        _ command: UpdateSession, session: Session?, event: Event?, hasSpeakers: Bool, seatsTaken: Int = 0
    ) throws(CommandRejection) -> SessionUpdate {
        guard let session else { throw CommandRejection("unknown_session", "no session \(command.sessionId)") }
        guard session.status == .scheduled else {
            throw CommandRejection("session_cancelled", "session \(session.id) is cancelled")
        }
        if let event { try requireOpen(event) }
        var next = session
        if let title = try required(command.title, "title") { next.title = try Validate.required(title, "title", max: 255) }
        if command.description.isGiven {
            next.description = try Validate.optional(command.description.value, "description")
        }
        if let text = try required(command.sessionType, "session_type") {
            next.sessionType = try sessionType(text)
            if hasSpeakers && next.sessionType.requiredRole == nil {
                throw CommandRejection(
                    "session_has_speakers", "a session with speakers invited or confirmed cannot become a \(text); release them first"
                )
            }
        }
        if command.capacity.isGiven {
            next.capacity = try capacity(command.capacity.value)
            if let limit = next.capacity, limit < seatsTaken {
                throw CommandRejection("capacity_below_reserved", "capacity \(limit) is below the \(seatsTaken) session seats held")
            }
        }
        if let language = try required(command.language, "language") { next.language = try Self.language(language) }
        if command.tags.isGiven {
            next.tags = try Validate.list(command.tags.value ?? [], item: "tag", items: "tags", max: maxTags, itemLimit: tagLimit)
        }
        if command.prerequisites.isGiven {
            next.prerequisites = try Validate.list(
                command.prerequisites.value ?? [], item: "prerequisite", items: "prerequisites", max: maxPrerequisites,
                itemLimit: prerequisiteLimit
            )
        }
        if command.targetAudience.isGiven { next.targetAudience = try targetAudience(command.targetAudience.value ?? []) }
        let fields: [(String, Bool)] = [
            ("title", next.title != session.title), ("description", next.description != session.description),
            ("sessionType", next.sessionType != session.sessionType), ("capacity", next.capacity != session.capacity),
            ("language", next.language != session.language), ("tags", next.tags != session.tags),
            ("prerequisites", next.prerequisites != session.prerequisites),
            ("targetAudience", next.targetAudience != session.targetAudience),
        ]
        return SessionUpdate(session: next, changed: fields.filter(\.1).map(\.0))
    }

    /// The levels named, each once, in rising order (so the same set is the same value).
    public static func targetAudience(_ texts: [String]) throws(CommandRejection) -> [ExperienceLevel] {
        var levels = Set<ExperienceLevel>()
        for text in texts {
            guard let level = ExperienceLevel(rawValue: text) else {
                throw CommandRejection(
                    "invalid_target_audience",
                    "targetAudience entries must be among \(ExperienceLevel.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            levels.insert(level)
        }
        return ExperienceLevel.allCases.filter(levels.contains)
    }

    /// A patch of a field that cannot be cleared: its value, nil when unchanged.
    private static func required<T>(_ patch: Patch<T>, _ field: String) throws(CommandRejection) -> T? {
        if case .clear = patch { throw CommandRejection("\(field)_required", "\(field) cannot be cleared") }
        return patch.value
    }
}
