import CRabbitMQ

/// The basic-class properties of a message.
public struct AMQPProperties: Sendable, Hashable {
    public var contentType: String?
    public var contentEncoding: String?
    public var headers: AMQPTable
    /// Persistent messages survive a broker restart in durable queues. Default true.
    public var persistent: Bool
    public var priority: UInt8?
    public var correlationId: String?
    public var replyTo: String?
    /// Per-message TTL in milliseconds, as the protocol's string.
    public var expiration: String?
    public var messageId: String?
    /// Seconds since the epoch.
    public var timestamp: UInt64?
    public var type: String?
    public var userId: String?
    public var appId: String?

    public init(
        contentType: String? = nil,
        contentEncoding: String? = nil,
        headers: AMQPTable = [:],
        persistent: Bool = true,
        priority: UInt8? = nil,
        correlationId: String? = nil,
        replyTo: String? = nil,
        expiration: String? = nil,
        messageId: String? = nil,
        timestamp: UInt64? = nil,
        type: String? = nil,
        userId: String? = nil,
        appId: String? = nil
    ) {
        self.contentType = contentType
        self.contentEncoding = contentEncoding
        self.headers = headers
        self.persistent = persistent
        self.priority = priority
        self.correlationId = correlationId
        self.replyTo = replyTo
        self.expiration = expiration
        self.messageId = messageId
        self.timestamp = timestamp
        self.type = type
        self.userId = userId
        self.appId = appId
    }
}

extension AMQPProperties {
    private static func has(_ flags: amqp_flags_t, _ flag: Int32) -> Bool { flags & amqp_flags_t(flag) != 0 }

    init(amqp p: amqp_basic_properties_t) {
        let f = p._flags
        func string(_ flag: Int32, _ bytes: amqp_bytes_t) -> String? {
            Self.has(f, flag) ? String(amqpBytes: bytes) : nil
        }
        self.init(
            contentType: string(AMQP_BASIC_CONTENT_TYPE_FLAG, p.content_type),
            contentEncoding: string(AMQP_BASIC_CONTENT_ENCODING_FLAG, p.content_encoding),
            headers: Self.has(f, AMQP_BASIC_HEADERS_FLAG) ? AMQPTable(amqpTable: p.headers) : [:],
            persistent: Self.has(f, AMQP_BASIC_DELIVERY_MODE_FLAG)
                && p.delivery_mode == UInt8(AMQP_DELIVERY_PERSISTENT.rawValue),
            priority: Self.has(f, AMQP_BASIC_PRIORITY_FLAG) ? p.priority : nil,
            correlationId: string(AMQP_BASIC_CORRELATION_ID_FLAG, p.correlation_id),
            replyTo: string(AMQP_BASIC_REPLY_TO_FLAG, p.reply_to),
            expiration: string(AMQP_BASIC_EXPIRATION_FLAG, p.expiration),
            messageId: string(AMQP_BASIC_MESSAGE_ID_FLAG, p.message_id),
            timestamp: Self.has(f, AMQP_BASIC_TIMESTAMP_FLAG) ? p.timestamp : nil,
            type: string(AMQP_BASIC_TYPE_FLAG, p.type),
            userId: string(AMQP_BASIC_USER_ID_FLAG, p.user_id),
            appId: string(AMQP_BASIC_APP_ID_FLAG, p.app_id)
        )
    }

    func encode(into arena: CArena) -> amqp_basic_properties_t {
        var p = amqp_basic_properties_t()
        var flags: Int32 = AMQP_BASIC_DELIVERY_MODE_FLAG
        p.delivery_mode = UInt8(persistent ? AMQP_DELIVERY_PERSISTENT.rawValue : AMQP_DELIVERY_NONPERSISTENT.rawValue)
        func set(_ value: String?, _ flag: Int32, _ field: inout amqp_bytes_t) {
            guard let value else { return }
            flags |= flag
            field = arena.bytes(value)
        }
        set(contentType, AMQP_BASIC_CONTENT_TYPE_FLAG, &p.content_type)
        set(contentEncoding, AMQP_BASIC_CONTENT_ENCODING_FLAG, &p.content_encoding)
        set(correlationId, AMQP_BASIC_CORRELATION_ID_FLAG, &p.correlation_id)
        set(replyTo, AMQP_BASIC_REPLY_TO_FLAG, &p.reply_to)
        set(expiration, AMQP_BASIC_EXPIRATION_FLAG, &p.expiration)
        set(messageId, AMQP_BASIC_MESSAGE_ID_FLAG, &p.message_id)
        set(type, AMQP_BASIC_TYPE_FLAG, &p.type)
        set(userId, AMQP_BASIC_USER_ID_FLAG, &p.user_id)
        set(appId, AMQP_BASIC_APP_ID_FLAG, &p.app_id)
        if !headers.isEmpty {
            flags |= AMQP_BASIC_HEADERS_FLAG
            p.headers = arena.table(headers)
        }
        if let priority {
            flags |= AMQP_BASIC_PRIORITY_FLAG
            p.priority = priority
        }
        if let timestamp {
            flags |= AMQP_BASIC_TIMESTAMP_FLAG
            p.timestamp = timestamp
        }
        p._flags = amqp_flags_t(flags)
        return p
    }
}
