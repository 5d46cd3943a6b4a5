import CRabbitMQ
public import Logging
public import Retry

/// A connection to RabbitMQ over librabbitmq.
///
/// The librabbitmq connection lives on a thread of its own (see
/// `ConnectionLoop`); this object only hands work to it, so it can be shared
/// freely between tasks.
public final class AMQPConnection: Sendable {
    let loop: ConnectionLoop
    public let configuration: Configuration

    private init(loop: ConnectionLoop, configuration: Configuration) {
        self.loop = loop
        self.configuration = configuration
    }

    /// A connection nobody references any more would keep its thread alive:
    /// close it politely instead.
    deinit {
        loop.submit(ConnectionLoop.Job(run: { state in state.beginClose { _ in } }, fail: { _ in }))
    }

    /// Connects and logs in. Throws `AMQPError` (`.connectFailed`, `.accessRefused`).
    ///
    /// With several addresses (a cluster) it tries each once, in the order
    /// `AddressRotation` gives, and throws the last failure when none
    /// worked; the connection's `configuration` then names the node it
    /// reached as `host`:`port`.
    public static func connect(
        _ configuration: Configuration,
        logger: Logger = Logger(label: "batbern.amqp")
    ) async throws -> AMQPConnection {
        let addresses = configuration.addresses
        var lastFailure: any Error = AMQPError(.connectFailed, "no broker address")
        for index in configuration.cursor.rotation(count: addresses.count).order {
            var node = configuration
            node.host = addresses[index].host
            node.port = addresses[index].port
            let loop: ConnectionLoop
            do {
                loop = try await ConnectionLoop.open(node, logger: logger)
            } catch let error as AMQPError {
                configuration.cursor.lost(index, count: addresses.count)
                lastFailure = error
                if addresses.count > 1 {
                    logger.info(
                        "AMQP node unreachable, trying the next",
                        metadata: [
                            "amqp_connection": "\(configuration.connectionName)", "amqp_node": "\(addresses[index])", "amqp_error": "\(error)",
                        ])
                }
                continue
            }
            configuration.cursor.connected(to: index, count: addresses.count)
            if addresses.count > 1 { watchForLoss(of: loop, index: index, in: configuration) }
            logger.debug("AMQP connected", metadata: ["amqp_connection": "\(configuration.connectionName)", "amqp_url": "\(node)"])
            return AMQPConnection(loop: loop, configuration: node)
        }
        throw lastFailure
    }

    /// A connection the broker dropped or closed (a node killed or shut
    /// down) moves the shared rotation past its node; one closed by this
    /// process does not.
    private static func watchForLoss(of loop: ConnectionLoop, index: Int, in configuration: Configuration) {
        let cursor = configuration.cursor
        let count = configuration.addresses.count
        Task {
            let ended = await loop.waitUntilEnded()
            if [.connectionLost, .connectionClosed, .timeout].contains(ended.code) { cursor.lost(index, count: count) }
        }
    }

    /// Connects, retrying connection failures with `backoff` until it works or
    /// the task is cancelled. Refused credentials are not retried.
    public static func connect(
        _ configuration: Configuration,
        retrying backoff: Backoff,
        logger: Logger = Logger(label: "batbern.amqp")
    ) async throws -> AMQPConnection {
        try await withRetry(
            backoff: backoff,
            shouldRetry: { ($0 as? AMQPError)?.code != .accessRefused && !($0 is CancellationError) },
            onRetry: { attempt, error, delay in
                logger.info(
                    "AMQP connect failed, retrying",
                    metadata: [
                        "amqp_connection": "\(configuration.connectionName)", "amqp_attempt": "\(attempt)",
                        "amqp_error": "\(error)", "amqp_retry_in": "\(delay)",
                    ])
            }
        ) {
            try await connect(configuration, logger: logger)
        }
    }

    /// Opens a new channel.
    public func openChannel() async throws -> AMQPChannel {
        let id: UInt16 = try await loop.perform { state, complete in
            guard let id = state.allocateChannelID() else {
                complete(.failure(AMQPError(.protocolError, "no free channel (max \(state.channelMax))")))
                return
            }
            let channel = ChannelState(id: id)
            state.channels[id] = channel
            var open = amqp_channel_open_t(out_of_band: amqp_bytes_t(len: 0, bytes: nil))
            state.rpc(
                channel, AMQPMethod.channelOpen, &open, expecting: [AMQPMethod.channelOpenOk],
                completion: .method { result in
                    switch result {
                    case .success: complete(.success(id))
                    case .failure(let error):
                        state.channels[id] = nil
                        complete(.failure(error))
                    }
                })
        }
        return AMQPChannel(connection: self, id: id)
    }

    /// How many writes the socket has made so far. Frames handed over
    /// together (a batch of publishes, acks of several lanes) share writes,
    /// so this grows far slower than the frames sent. 0 over TLS, whose
    /// writes are not coalesced.
    public func socketWrites() async throws -> Int {
        try await loop.perform { state, complete in complete(.success(state.writeCount)) }
    }

    /// Closes the connection politely: connection.close, then up to
    /// `timeout` for the broker's close-ok. A broker that stopped reading (a
    /// resource alarm, a timed out request) will not answer: pass zero to
    /// drop the socket right after the close.
    /// Also runs in a cancelled task (cleanup after a deadline), so it waits
    /// for the connection's end, which the timeout bounds, not for a reply.
    public func close(timeout: Duration = .seconds(3)) async {
        loop.submit(ConnectionLoop.Job(run: { state in state.beginClose(timeout: timeout) { _ in } }, fail: { _ in }))
        _ = await loop.waitUntilEnded()
    }

    /// Suspends until the connection ends, and tells why.
    public func waitUntilClosed() async -> AMQPError {
        await loop.waitUntilEnded()
    }

    /// False once the connection has failed or been closed.
    public var isOpen: Bool { loop.endedError == nil }
}
