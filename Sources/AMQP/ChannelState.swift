import CRabbitMQ

/// What the connection thread knows about one open channel.
///
/// Only the connection thread reads or writes it.
final class ChannelState {
    let id: UInt16
    /// RPCs sent on this channel and not yet answered, in the order sent: AMQP
    /// answers synchronous methods on a channel in order.
    var pendingRPCs: [PendingRPC] = []
    var confirmMode = false
    /// Publish sequence number of the next publish (confirm mode counts from 1).
    var nextPublishSeq: UInt64 = 1
    /// Lowest sequence number that may still be waiting for its confirm.
    var lowestUnconfirmed: UInt64 = 1
    var confirms: [UInt64: (Result<Void, AMQPError>) -> Void] = [:]
    /// Mandatory publishes the broker returned; failed when their confirm arrives.
    var returned: [UInt64: AMQPError] = [:]
    var consumers: [String: DeliveryBuffer] = [:]
    var incoming: IncomingContent?

    init(id: UInt16) { self.id = id }

    /// Fails everything waiting on this channel; it is unusable afterwards.
    func fail(_ error: AMQPError) {
        let rpcs = pendingRPCs
        pendingRPCs = []
        for rpc in rpcs { rpc.fail(error) }
        let waiting = confirms
        confirms = [:]
        for seq in waiting.keys.sorted() { waiting[seq]?(.failure(error)) }
        let sinks = consumers
        consumers = [:]
        for sink in sinks.values { sink.finish(throwing: error) }
        if case .getOk(_, _, _, _, let complete)? = incoming?.kind { complete(.failure(error)) }
        incoming = nil
    }

    /// Settles confirms up to and including `tag` (or just `tag`).
    func settle(tag: UInt64, multiple: Bool, nacked: Bool) {
        func complete(_ seq: UInt64) {
            guard let callback = confirms.removeValue(forKey: seq) else { return }
            if let returnedError = returned.removeValue(forKey: seq) {
                callback(.failure(returnedError))
            } else if nacked {
                callback(.failure(AMQPError(.publishNacked, "the broker nacked publish \(seq)")))
            } else {
                callback(.success(()))
            }
        }
        if multiple {
            var seq = lowestUnconfirmed
            while seq <= tag {
                complete(seq)
                seq += 1
            }
            lowestUnconfirmed = max(lowestUnconfirmed, tag &+ 1)
        } else {
            complete(tag)
        }
        while lowestUnconfirmed < nextPublishSeq && confirms[lowestUnconfirmed] == nil {
            lowestUnconfirmed += 1
        }
    }
}

/// An RPC waiting for its reply method.
struct PendingRPC {
    enum Completion {
        case method((Result<amqp_method_t, AMQPError>) -> Void)
        /// basic.get: answered by get-ok plus content, or get-empty.
        case get((Result<AMQPDelivery?, AMQPError>) -> Void)
    }

    /// The request, for the error when its reply does not come.
    let method: amqp_method_number_t
    let expected: [amqp_method_number_t]
    /// When the connection gives up on the reply (see `rpcTimeout`).
    let deadline: ContinuousClock.Instant
    let completion: Completion

    func fail(_ error: AMQPError) {
        switch completion {
        case .method(let complete): complete(.failure(error))
        case .get(let complete): complete(.failure(error))
        }
    }
}

/// A message being assembled from its method, header and body frames.
struct IncomingContent {
    enum Kind {
        case deliver(tag: UInt64, redelivered: Bool, exchange: String, routingKey: String, consumerTag: String)
        case returned(replyCode: UInt16, replyText: String, exchange: String, routingKey: String)
        case getOk(tag: UInt64, redelivered: Bool, exchange: String, routingKey: String, complete: (Result<AMQPDelivery?, AMQPError>) -> Void)
    }

    var kind: Kind
    var properties = AMQPProperties()
    /// As the content header announced it.
    var bodySize = 0
    var body: [UInt8] = []
    /// Body bytes read so far, kept or not.
    var received = 0
    /// Over the connection's body limit: the body is read and counted, not kept.
    var truncated = false
    var headerSeen = false

    var isComplete: Bool { headerSeen && received >= bodySize }
}
