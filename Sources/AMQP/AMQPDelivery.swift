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
    public let body: [UInt8]
    /// The body's size as the broker announced it.
    public var bodySize: Int { body.count }
    public var isTruncated: Bool { false }
}
