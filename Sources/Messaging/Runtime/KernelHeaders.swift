import AMQP

/// Headers the kernel adds when it retries, parks or replays a message.
///
/// They steer the kernel (which handler, how many attempts), so they are
/// believed only on deliveries that came through the worker's own kernel
/// exchange, which no other broker user may publish to; anywhere else they
/// are ignored (see `AMQPDelivery.incoming(trusting:)`).
public enum KernelHeaders {
    /// Every kernel header starts with it.
    public static let prefix = "x-batbern-"
    /// Failed attempts so far.
    public static let attempt = "x-batbern-attempt"
    /// The routing key the message was first published with.
    public static let routingKey = "x-batbern-routing-key"
    /// The exchange it was first published to.
    public static let exchange = "x-batbern-exchange"
    /// The last handler error (retries) or the parking error.
    public static let error = "x-batbern-error"
    /// Why it was parked (a `ParkReason` code).
    public static let parkReason = "x-batbern-park-reason"
    public static let parkedAt = "x-batbern-parked-at"
    public static let worker = "x-batbern-worker"
    /// How often it was replayed from the parking queue.
    public static let replays = "x-batbern-replays"
    /// Set by quorum queues: how often the message was delivered before.
    public static let deliveryCount = "x-delivery-count"

    /// Attempts beyond this are read as this: a header is never arithmetic's input unchecked.
    static let attemptCeiling = 1_000
}

extension AMQPDelivery {
    /// The kernel's view of a delivery.
    ///
    /// Kernel headers count only on a delivery that came through the worker's
    /// own kernel exchange (a retry coming back, or a replay); on anything a
    /// publisher sent to the shared exchanges they are ignored, so nobody can
    /// choose the handler or the attempt count of a message by forging them.
    /// Numbers are clamped, never trusted for arithmetic.
    func incoming(trusting topology: Topology) -> IncomingDelivery {
        let headers = properties.headers
        guard exchange == topology.kernelExchange else {
            return IncomingDelivery(body: body, routingKey: routingKey, attempt: 0)
        }
        let attempt = headers[KernelHeaders.attempt]?.intValue ?? 0
        return IncomingDelivery(
            body: body,
            routingKey: headers[KernelHeaders.routingKey]?.stringValue ?? routingKey,
            attempt: min(max(0, attempt), KernelHeaders.attemptCeiling)
        )
    }

    /// The exchange the message was first published to.
    func originalExchange(trusting topology: Topology) -> String {
        guard exchange == topology.kernelExchange else { return exchange }
        return properties.headers[KernelHeaders.exchange]?.stringValue ?? exchange
    }
}
