public import Foundation
public import Identifiers

/// One notification row as `batbern notifications list` shows it: what
/// went to whom, when, and what failed (never the mail's words).
public struct NotificationEntry: Sendable, Equatable {
    public let id: Identifier
    public let kind: String
    public let to: String
    public let language: String
    public let status: String
    public let attempts: Int
    public let createdAt: Date
    /// When it was sent, or marked failed; nil while pending.
    public let settledAt: Date?
    public let lastReply: String?

    public init(
        id: Identifier, kind: String, to: String, language: String, status: String, attempts: Int, createdAt: Date, settledAt: Date?,
        lastReply: String?
    ) {
        self.id = id
        self.kind = kind
        self.to = to
        self.language = language
        self.status = status
        self.attempts = attempts
        self.createdAt = createdAt
        self.settledAt = settledAt
        self.lastReply = lastReply
    }

    /// One line: created, status, kind, language, address, attempts, settled,
    /// and for what is not sent the server's last answer.
    public var line: String {
        let iso = ISO8601DateFormatter()
        var text = "\(iso.string(from: createdAt))  \(status.padding(toLength: 7, withPad: " ", startingAt: 0))  "
        text += "\(kind.padding(toLength: 23, withPad: " ", startingAt: 0))  \(language)  \(to)  attempts=\(attempts)"
        if let settledAt { text += "  \(status == "sent" ? "sent" : "failed")=\(iso.string(from: settledAt))" }
        if status != "sent", let lastReply, !lastReply.isEmpty { text += "\n    \(lastReply)" }
        return text
    }
}
