public import Foundation
public import Identifiers

/// One thing a context's kernel tables say about a flow: a message it
/// handled, published, scheduled, retried, parked or rejected.
public struct TraceRecord: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// The inbox: the context's handler applied the message.
        case handled
        /// The outbox: the context wrote the message (`sentAt` once the relay sent it).
        case published
        /// A timer not fired yet (`sentAt` is when it is due).
        case scheduled
        /// An attempt failed and went to a retry queue.
        case retried
        /// Parked: it waits for an operator.
        case parked
        /// A command answered with CommandRejected.
        case rejected
    }

    public var context: String
    public var kind: Kind
    public var at: Date
    public var messageId: Identifier
    public var causationId: Identifier?
    /// The routing key, `<context>.<Type>`.
    public var messageType: String
    /// When a published message was sent, or when a scheduled one is due.
    public var sentAt: Date?
    /// The reason of a retry, parking or rejection (a code and the kernel's
    /// one-line account; never the message's content).
    public var detail: String?

    public init(
        context: String, kind: Kind, at: Date, messageId: Identifier, causationId: Identifier?, messageType: String,
        sentAt: Date? = nil, detail: String? = nil
    ) {
        self.context = context
        self.kind = kind
        self.at = at
        self.messageId = messageId
        self.causationId = causationId
        self.messageType = messageType
        self.sentAt = sentAt
        self.detail = detail
    }

    /// `Type` of `context.Type`.
    public var typeName: String {
        guard let dot = messageType.lastIndex(of: ".") else { return messageType }
        return String(messageType[messageType.index(after: dot)...])
    }
}
