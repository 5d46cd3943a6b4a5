/// A message as the kernel receives it, whatever carried it.
public struct IncomingDelivery: Sendable {
    public var body: [UInt8]
    /// The message's own routing key (`<context>.<Name>`), also after a retry
    /// queue or a replay sent it back under another key.
    public var routingKey: String
    /// Failed attempts so far (from the retry headers).
    public var attempt: Int
    /// How often the broker delivered it (quorum queues count redeliveries).
    public var deliveryCount: Int

    public init(body: [UInt8], routingKey: String, attempt: Int = 0, deliveryCount: Int = 0) {
        self.body = body
        self.routingKey = routingKey
        self.attempt = attempt
        self.deliveryCount = deliveryCount
    }
}

/// Why a message went to the parking queue, as a stable code.
public enum ParkReason: String, Sendable, Hashable {
    /// Not a JSON envelope, or its data does not fit the message's type.
    case undecodable
    /// Envelope and routing key disagree on the message's name.
    case malformed
    /// No handler in this worker for the routing key.
    case unknownMessageType = "unknown_message_type"
    /// The handler does not support the envelope's eventVersion.
    case unsupportedVersion = "unsupported_version"
    /// The handler failed on every attempt.
    case handlerFailed = "handler_failed"
    /// Delivered too often without being settled (e.g. it crashes the worker).
    case redeliveredTooOften = "redelivered_too_often"
}
