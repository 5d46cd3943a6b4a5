/// One message to publish: for `AMQPChannel.send(_:)` of several at once.
public struct AMQPPublication: Sendable {
    public var body: [UInt8]
    public var exchange: String
    public var routingKey: String
    public var properties: AMQPProperties
    /// Returned by the broker (basic.return) when no queue takes it.
    public var mandatory: Bool

    public init(body: [UInt8], exchange: String, routingKey: String, properties: AMQPProperties = AMQPProperties(), mandatory: Bool = false) {
        self.body = body
        self.exchange = exchange
        self.routingKey = routingKey
        self.properties = properties
        self.mandatory = mandatory
    }
}
