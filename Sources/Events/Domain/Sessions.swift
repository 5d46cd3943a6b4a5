public import Foundation
public import Identifiers
public import Messaging

/// A session as the events context keeps it.
public struct Session: Sendable, Equatable {
    public var id: Identifier
    public var eventId: Identifier
    public var title: String
    public var description: String?
    public var sessionType: SessionType
    public var startTime: Date
    public var endTime: Date
    public var room: String?
    public var capacity: Int?
    public var language: String
    public var status: SessionStatus
    /// Set with UpdateSession (ScheduleSession leaves them empty).
    public var tags: [String] = []
    public var prerequisites: [String] = []
    public var targetAudience: [ExperienceLevel] = []

    public var scheduled: SessionScheduled {
        SessionScheduled(
            sessionId: id, eventId: eventId, sessionType: sessionType.rawValue, startTime: startTime,
            endTime: endTime, room: room, title: title, description: description
        )
    }

    public var rescheduled: SessionRescheduled {
        SessionRescheduled(
            sessionId: id, eventId: eventId, sessionType: sessionType.rawValue, startTime: startTime,
            endTime: endTime, room: room, title: title, description: description
        )
    }
}

public enum ScheduleSessionOutcome: Sendable, Equatable {
    case schedule(Session)
    /// The command repeats a session that exists: answer with it.
    case existing(Session)
}

public enum SessionRules {
    public static let defaultLanguage = "de"

    public static func schedule(
        _ command: ScheduleSession, newId: Identifier, event: Event?, existingWithId: Session?
    ) throws(CommandRejection) -> ScheduleSessionOutcome {
        if let existing = existingWithId {
            guard existing.eventId == command.eventId else {
                throw CommandRejection("session_exists", "session \(existing.id) exists in another event")
            }
            return .existing(existing)
        }
        guard let event else {
            throw CommandRejection("unknown_event", "no event \(command.eventId)")
        }
        try requireOpen(event)
        let title = try Validate.required(command.title, "title", max: 255)
        let description = try Validate.optional(command.description, "description")
        let type = try sessionType(command.sessionType)
        try requireOrder(command.startTime, command.endTime)
        let room = try Validate.optional(command.room, "room", max: 100)
        let capacity = try Self.capacity(command.capacity)
        let language = try command.language.map(Self.language) ?? defaultLanguage
        return .schedule(
            Session(
                id: command.sessionId ?? newId, eventId: event.id, title: title, description: description,
                sessionType: type, startTime: command.startTime, endTime: command.endTime, room: room,
                capacity: capacity, language: language, status: .scheduled
            ))
    }

    static func sessionType(_ text: String) throws(CommandRejection) -> SessionType {
        guard let type = SessionType(rawValue: text) else {
            throw CommandRejection(
                "invalid_session_type",
                "sessionType must be one of \(SessionType.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        return type
    }

    /// No capacity (nil) is no limit; one given must fit the INTEGER column.
    static func capacity(_ value: Int?) throws(CommandRejection) -> Int? {
        if let value, !Validate.int32Range.contains(value) {
            throw CommandRejection("invalid_capacity", "capacity must be positive (got \(value))")
        }
        return value
    }

    static func language(_ text: String) throws(CommandRejection) -> String {
        let language = try Validate.optional(text, "language", max: 10) ?? text
        guard !language.isEmpty else {
            throw CommandRejection("language_required", "language must not be empty when given")
        }
        return language
    }

    /// The session with its new time (and room, when given).
    public static func reschedule(
        _ command: RescheduleSession, session: Session?, event: Event?
    ) throws(CommandRejection) -> Session {
        guard var session else {
            throw CommandRejection("unknown_session", "no session \(command.sessionId)")
        }
        guard session.status == .scheduled else {
            throw CommandRejection("session_cancelled", "session \(session.id) is cancelled")
        }
        if let event { try requireOpen(event) }
        try requireOrder(command.startTime, command.endTime)
        if let room = try Validate.optional(command.room, "room", max: 100) { session.room = room }
        session.startTime = command.startTime
        session.endTime = command.endTime
        return session
    }

    public static func cancel(_ command: CancelSession, session: Session?) throws(CommandRejection) -> SessionCancelled {
        guard let session else {
            throw CommandRejection("unknown_session", "no session \(command.sessionId)")
        }
        guard session.status == .scheduled else {
            throw CommandRejection("session_cancelled", "session \(session.id) is already cancelled")
        }
        let reason = try Validate.required(command.reason, "reason", max: Validate.reasonLimit)
        return SessionCancelled(sessionId: session.id, eventId: session.eventId, reason: reason)
    }

    static func requireOpen(_ event: Event) throws(CommandRejection) {
        if event.status == .cancelled {
            throw CommandRejection("event_cancelled", "event \(event.id) is cancelled")
        }
        guard event.status.acceptsSessionChanges else {
            throw CommandRejection("event_finished", "event \(event.id) is \(event.status.rawValue); its sessions are fixed")
        }
    }

    private static func requireOrder(_ start: Date, _ end: Date) throws(CommandRejection) {
        guard end > start else {
            throw CommandRejection("end_before_start", "endTime must be after startTime")
        }
    }
}
