/// A message as the kernel receives it, whatever carried it.
public struct IncomingDelivery: Sendable {
    /// The whole body, or nothing when it was too large to read (`isTruncated`).
    public var body: [UInt8]
    /// The message's own routing key (`<context>.<Name>`), also after a retry
    /// queue or a replay sent it back under another key.
    public var routingKey: String
    /// The exchange it was first published to (commands come through
    /// `batbern.commands`); empty when unknown.
    public var exchange: String
    /// Failed attempts so far (from the retry headers).
    public var attempt: Int
    /// The AMQP `message_id`, `correlation_id` and `content_type` properties:
    /// what a command is answered from when its body cannot be read.
    public var messageId: String?
    public var correlationId: String?
    public var contentType: String?
    /// The body's size as announced; larger than `body.count` when truncated.
    public var bodySize: Int
    /// The body was over the AMQP client's limit and dropped unread.
    public var isTruncated: Bool
    /// The W3C trace context the message is handled in: as it came (nil when
    /// absent or invalid), then, once the lane started its span, that span's,
    /// so what the handler publishes is the span's child.
    public var trace: TraceParent?
    /// `trace` names this message's own handling span (a tracer records),
    /// not the sender's: the logs give its span id.
    public var traceIsOwnSpan = false

    public init(
        body: [UInt8], routingKey: String, exchange: String = "", attempt: Int = 0, messageId: String? = nil,
        correlationId: String? = nil, contentType: String? = nil, bodySize: Int? = nil, isTruncated: Bool = false,
        trace: TraceParent? = nil
    ) {
        self.body = body
        self.routingKey = routingKey
        self.exchange = exchange
        self.attempt = attempt
        self.messageId = messageId
        self.correlationId = correlationId
        self.contentType = contentType
        self.bodySize = bodySize ?? body.count
        self.isTruncated = isTruncated
        self.trace = trace
    }
}
