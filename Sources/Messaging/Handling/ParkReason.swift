/// Why a message went to the parking queue, as a stable code.
public enum ParkReason: String, Sendable, Hashable {
    /// Not a JSON envelope, its data does not fit the message's type, or a
    /// value the kernel refuses (a bad aggregateId, a string holding NUL).
    case undecodable
    /// Envelope and routing key disagree on the message's name.
    case malformed
    /// No handler in this worker for the routing key.
    case unknownMessageType = "unknown_message_type"
    /// The handler does not support the envelope's eventVersion.
    case unsupportedVersion = "unsupported_version"
    /// A `content_type` other than none or `application/json`.
    case unsupportedContentType = "unsupported_content_type"
    /// A body over the worker's `maxMessageBytes` (or the AMQP client's
    /// `maxBodySize`, in which case only a stub is parked).
    case tooLarge = "too_large"
    /// PostgreSQL could not store the data (SQLSTATE class 22 or 23): retrying cannot help.
    case invalidData = "invalid_data"
    /// The handler failed on every attempt.
    case handlerFailed = "handler_failed"
    /// Delivered too often without being settled (e.g. it crashes the worker).
    case redeliveredTooOften = "redelivered_too_often"

    /// The `CommandRejected` reason a command parked for this is answered
    /// with: `invalid_message` for what cannot be read, else the code itself.
    public var rejectionReason: String {
        switch self {
        case .undecodable, .malformed: "invalid_message"
        default: rawValue
        }
    }
}
