public import AMQP

extension TraceParent {
    /// The context as AMQP headers: `traceparent`, and `tracestate` when there is one.
    public var amqpHeaders: AMQPTable {
        var headers: AMQPTable = [Self.header: .string(traceparent)]
        if let tracestate { headers[Self.stateHeader] = .string(tracestate) }
        return headers
    }

    /// The context a message's headers carry; nil when none, or not valid.
    public init?(amqpHeaders headers: AMQPTable) {
        guard let traceparent = headers[Self.header]?.stringValue else { return nil }
        self.init(traceparent, state: headers[Self.stateHeader]?.stringValue)
    }
}
