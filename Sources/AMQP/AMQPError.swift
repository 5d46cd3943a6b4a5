/// Every failure of the AMQP layer.
///
/// `code` tells what kind of failure it is (and whether reconnecting helps);
/// `replyCode`/`replyText` carry what the broker said, and `context` the queue,
/// exchange or routing key involved.
public struct AMQPError: Error, Sendable, CustomStringConvertible {
    /// Extensible failure kinds (a struct, not an enum, so adding one is not a
    /// breaking change).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The URL could not be parsed.
        public static let invalidURL = Code("invalidURL")
        /// TCP or TLS could not be established.
        public static let connectFailed = Code("connectFailed")
        /// The broker refused the credentials or the vhost.
        public static let accessRefused = Code("accessRefused")
        /// The socket failed, a heartbeat was missed, or the broker went away.
        public static let connectionLost = Code("connectionLost")
        /// The broker closed the connection (connection.close).
        public static let connectionClosed = Code("connectionClosed")
        /// The broker closed the channel (channel.close), e.g. 404 or 406.
        public static let channelClosed = Code("channelClosed")
        /// The broker nacked a confirmed publish.
        public static let publishNacked = Code("publishNacked")
        /// A mandatory publish reached no queue (basic.return).
        public static let publishReturned = Code("publishReturned")
        /// The broker cancelled a consumer (its queue was deleted, for instance).
        public static let consumerCancelled = Code("consumerCancelled")
        /// Something the protocol does not allow happened.
        public static let protocolError = Code("protocolError")
        /// The caller used a closed connection or channel.
        public static let alreadyClosed = Code("alreadyClosed")
        /// The broker did not answer in time: an RPC past `rpcTimeout` (the
        /// connection is then closed, since the channel's state is unknown),
        /// or a confirm past the wait its caller allowed. Typical of a broker
        /// that blocks publishers during a resource alarm.
        public static let timeout = Code("timeout")
    }

    public var code: Code
    public var message: String
    /// The AMQP reply code the broker sent (404, 406, 320 ...), if any.
    public var replyCode: UInt16?
    /// What the failing operation was about: `queue=orders`, `exchange=batbern.events` ...
    public var context: String?

    public init(_ code: Code, _ message: String, replyCode: UInt16? = nil, context: String? = nil) {
        self.code = code
        self.message = message
        self.replyCode = replyCode
        self.context = context
    }

    /// Whether a new connection may succeed where this one failed (a timed
    /// out connection is closed or must be).
    public var isConnectionFailure: Bool {
        [.connectFailed, .connectionLost, .connectionClosed, .alreadyClosed, .timeout].contains(code)
    }

    public var description: String {
        var text = "AMQPError.\(code): \(message)"
        if let replyCode { text += " (reply \(replyCode))" }
        if let context { text += " [\(context)]" }
        return text
    }

    func with(context: String) -> AMQPError {
        var copy = self
        copy.context = context
        return copy
    }
}
