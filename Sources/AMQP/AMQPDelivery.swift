/// One message received from a queue, complete with its body.
public struct AMQPDelivery: Sendable {
    /// Identifies the delivery on its channel for ack and nack.
    public let deliveryTag: UInt64
    public let redelivered: Bool
    public let exchange: String
    public let routingKey: String
    /// Empty for deliveries fetched with basic.get.
    public let consumerTag: String
    public let properties: AMQPProperties
    /// The whole body, or nothing when it was over the connection's
    /// `maxBodySize` (see `isTruncated`).
    public let body: [UInt8]
    /// The body's size as the broker announced it.
    public let bodySize: Int
    /// True when the body was larger than the connection's `maxBodySize`: it
    /// was read off the socket and dropped, never buffered, so `body` is empty.
    public let isTruncated: Bool
}
