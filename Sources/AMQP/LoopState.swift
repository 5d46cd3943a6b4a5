import CRabbitMQ
import CRabbitMQShim
import Foundation
import Glibc
import Logging

/// The librabbitmq connection and everything known about it.
///
/// Confined to the connection thread of its `ConnectionLoop`: every method
/// here runs on that thread, inside a job or the read loop.
final class LoopState {
    let connection: amqp_connection_state_t
    let logger: Logger
    let connectionName: String
    var channels: [UInt16: ChannelState] = [:]
    /// Why channels closed, so later calls on them say so.
    var closedChannels: [UInt16: AMQPError] = [:]
    private var lastChannelID: UInt16 = 0
    let channelMax: UInt16
    /// How long an RPC may wait for its reply before the connection is failed.
    let rpcTimeout: Duration
    /// Set once the connection is unusable; the loop then ends.
    var failure: AMQPError?
    /// A client-initiated close waiting for close-ok.
    private var closing: (deadline: ContinuousClock.Instant, complete: (Result<Void, AMQPError>) -> Void)?
    private(set) var blocked = false
    /// Bodies larger than this are counted, not kept (see `Configuration.maxBodySize`).
    let maxBodySize: Int

    private init(
        connection: amqp_connection_state_t, logger: Logger, connectionName: String, rpcTimeout: Duration, maxBodySize: Int
    ) {
        self.connection = connection
        self.logger = logger
        self.connectionName = connectionName
        self.rpcTimeout = rpcTimeout
        self.maxBodySize = maxBodySize
        let negotiated = amqp_get_channel_max(connection)
        channelMax = negotiated > 0 ? UInt16(clamping: negotiated) : 2047
    }

    var socketFD: Int32 { amqp_get_sockfd(connection) }

    /// Half the heartbeat, at most one second: often enough to send
    /// heartbeats on time and to notice a close deadline.
    var pollIntervalMilliseconds: Int32 {
        let heartbeat = amqp_get_heartbeat(connection)
        return heartbeat > 0 ? min(1000, heartbeat * 500) : 1000
    }

    // MARK: connecting

    static func connect(_ configuration: AMQPConnection.Configuration, logger: Logger) throws -> LoopState {
        guard let connection = amqp_new_connection() else {
            throw AMQPError(.connectFailed, "amqp_new_connection failed")
        }
        let context = "\(configuration.host):\(configuration.port)"
        func failed(_ code: AMQPError.Code, _ message: String, replyCode: UInt16? = nil) -> AMQPError {
            amqp_destroy_connection(connection)
            return AMQPError(code, message, replyCode: replyCode, context: context)
        }

        let socket: OpaquePointer?
        if let tls = configuration.tls {
            socket = amqp_ssl_socket_new(connection)
            if let socket {
                amqp_ssl_socket_set_verify_peer(socket, tls.verifyPeer ? 1 : 0)
                amqp_ssl_socket_set_verify_hostname(socket, tls.verifyHostname ? 1 : 0)
                if let ca = tls.caCertificatePath, amqp_ssl_socket_set_cacert(socket, ca) != AMQP_STATUS_OK.rawValue {
                    throw failed(.connectFailed, "cannot read CA certificate \(ca)")
                }
            }
        } else {
            socket = amqp_tcp_socket_new(connection)
        }
        guard let socket else { throw failed(.connectFailed, "cannot create socket") }

        var timeout = timeval(configuration.connectTimeout)
        let opened = amqp_socket_open_noblock(socket, configuration.host, Int32(configuration.port), &timeout)
        guard opened == AMQP_STATUS_OK.rawValue else {
            throw failed(.connectFailed, "cannot connect: \(errorString(opened))")
        }
        _ = amqp_set_handshake_timeout(connection, &timeout)
        // Plain TCP only: no TLS broker here to test the TLS socket behind it.
        if configuration.tls == nil {
            let coalescing = batbern_amqp_coalesce_writes(
                connection, Int32(clamping: configuration.rpcTimeout.components.seconds * 1000))
            guard coalescing == AMQP_STATUS_OK.rawValue else {
                throw failed(.connectFailed, "cannot set up the socket: \(errorString(coalescing))")
            }
        }

        let arena = CArena()
        var properties = arena.table([
            "connection_name": .string(configuration.connectionName),
            "product": "batbern-workers",
            "capabilities": .table([
                "publisher_confirms": true,
                "basic.nack": true,
                "consumer_cancel_notify": true,
                "connection.blocked": true,
                "authentication_failure_close": true,
            ]),
        ])
        let heartbeat = Int32(configuration.heartbeat.components.seconds)
        let reply = batbern_amqp_login_plain(
            connection, configuration.vhost, 0, Int32(configuration.frameMax), heartbeat,
            &properties, configuration.user, configuration.password
        )
        switch reply.reply_type {
        case AMQP_RESPONSE_NORMAL:
            break
        case AMQP_RESPONSE_SERVER_EXCEPTION:
            var code: UInt16 = 0
            var text = "the broker refused the connection"
            if reply.reply.id == AMQPMethod.connectionClose, let decoded = reply.reply.decoded {
                let close = decoded.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
                code = close.reply_code
                text = String(amqpBytes: close.reply_text)
            }
            let kind: AMQPError.Code = (code == 403 || code == 530) ? .accessRefused : .connectFailed
            throw failed(kind, text, replyCode: code)
        default:
            let status = reply.library_error
            // Without authentication_failure_close a broker just drops the socket
            // on bad credentials; either way the caller needs to know.
            throw failed(.connectFailed, "login failed: \(errorString(status))")
        }
        return LoopState(
            connection: connection, logger: logger, connectionName: configuration.connectionName,
            rpcTimeout: configuration.rpcTimeout, maxBodySize: configuration.maxBodySize
        )
    }

    // MARK: reading

    /// Reads and dispatches every frame available now, without blocking.
    func readAvailableFrames(interruptIf shouldYield: () -> Bool) {
        var frame = amqp_frame_t()
        var zero = timeval(tv_sec: 0, tv_usec: 0)
        var handled = 0
        while failure == nil {
            let status = amqp_simple_wait_frame_noblock(connection, &frame, &zero)
            if status == AMQP_STATUS_TIMEOUT.rawValue { return }
            guard status == AMQP_STATUS_OK.rawValue else {
                fail(AMQPError(.connectionLost, errorString(status)))
                return
            }
            dispatch(frame)
            handled += 1
            // Let waiting publishes and acks go out even under a flood of deliveries.
            if handled % 64 == 0 && shouldYield() { return }
        }
    }

    /// Holds every frame written from here until `uncork`: a round of jobs
    /// (a relay's publishes, lanes' acks) goes out in one write instead of
    /// one per frame. A read in between still sends what is held first.
    func cork() {
        batbern_amqp_cork(connection)
    }

    /// Writes what `cork` held; a write that fails fails the connection.
    func uncork() {
        let status = batbern_amqp_uncork(connection)
        if status != AMQP_STATUS_OK.rawValue {
            fail(AMQPError(.connectionLost, errorString(status)))
        }
    }

    /// Writes made to the socket so far (each may carry many frames).
    var writeCount: Int { batbern_amqp_write_count(connection) }

    func releaseBuffers() {
        if amqp_release_buffers_ok(connection) != 0 { amqp_release_buffers(connection) }
    }

    private func dispatch(_ frame: amqp_frame_t) {
        switch Int32(frame.frame_type) {
        case AMQP_FRAME_METHOD:
            if frame.channel == 0 {
                connectionMethod(frame.payload.method)
            } else if let channel = channels[frame.channel] {
                channelMethod(channel, frame.payload.method)
            }
        case AMQP_FRAME_HEADER:
            guard let channel = channels[frame.channel], var content = channel.incoming,
                let decoded = frame.payload.properties.decoded
            else { return }
            content.properties = AMQPProperties(amqp: decoded.assumingMemoryBound(to: amqp_basic_properties_t.self).pointee)
            // The announced size is the sender's to choose: never trusted for an allocation.
            content.bodySize = Int(clamping: frame.payload.properties.body_size)
            content.headerSeen = true
            if content.bodySize > maxBodySize {
                content.truncated = true
                logger.warning(
                    "message body over the limit; dropping it unread",
                    metadata: [
                        "amqp_channel": "\(channel.id)", "amqp_body_size": "\(content.bodySize)", "amqp_max_body_size": "\(maxBodySize)",
                    ])
            } else {
                content.body.reserveCapacity(content.bodySize)
            }
            channel.incoming = content
            if content.isComplete { finishContent(channel) }
        case AMQP_FRAME_BODY:
            guard let channel = channels[frame.channel], channel.incoming != nil else { return }
            let fragment = frame.payload.body_fragment
            channel.incoming?.received += fragment.len
            if fragment.len > 0, let bytes = fragment.bytes, channel.incoming?.truncated == false {
                channel.incoming?.body.append(contentsOf: UnsafeRawBufferPointer(start: bytes, count: fragment.len))
            }
            if channel.incoming?.isComplete == true { finishContent(channel) }
        default:
            break
        }
    }

    private func connectionMethod(_ method: amqp_method_t) {
        switch method.id {
        case AMQPMethod.connectionClose:
            var code: UInt16 = 0
            var text = "connection closed by the broker"
            if let decoded = method.decoded {
                let close = decoded.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
                code = close.reply_code
                text = String(amqpBytes: close.reply_text)
            }
            var ok = amqp_connection_close_ok_t(dummy: 0)
            _ = amqp_send_method(connection, 0, AMQPMethod.connectionCloseOk, &ok)
            fail(AMQPError(.connectionClosed, text, replyCode: code))
        case AMQPMethod.connectionCloseOk:
            if let closing {
                self.closing = nil
                closing.complete(.success(()))
            }
            fail(AMQPError(.alreadyClosed, "closed by the client"))
        case AMQPMethod.connectionBlocked:
            blocked = true
            logger.warning("broker blocked the connection (resource alarm)", metadata: ["amqp_connection": "\(connectionName)"])
        case AMQPMethod.connectionUnblocked:
            blocked = false
            logger.info("broker unblocked the connection", metadata: ["amqp_connection": "\(connectionName)"])
        default:
            break
        }
    }

    private func channelMethod(_ channel: ChannelState, _ method: amqp_method_t) {
        logger.trace(
            "received method",
            metadata: [
                "amqp_channel": "\(channel.id)", "amqp_method": "\(String(method.id, radix: 16))",
                "amqp_pending_rpcs": "\(channel.pendingRPCs.count)",
            ])
        guard let decoded = method.decoded else { return }
        switch method.id {
        case AMQPMethod.basicDeliver:
            let m = decoded.assumingMemoryBound(to: amqp_basic_deliver_t.self).pointee
            channel.incoming = IncomingContent(
                kind: .deliver(
                    tag: m.delivery_tag, redelivered: m.redelivered != 0,
                    exchange: String(amqpBytes: m.exchange), routingKey: String(amqpBytes: m.routing_key),
                    consumerTag: String(amqpBytes: m.consumer_tag)
                ))
        case AMQPMethod.basicReturn:
            let m = decoded.assumingMemoryBound(to: amqp_basic_return_t.self).pointee
            channel.incoming = IncomingContent(
                kind: .returned(
                    replyCode: m.reply_code, replyText: String(amqpBytes: m.reply_text),
                    exchange: String(amqpBytes: m.exchange), routingKey: String(amqpBytes: m.routing_key)
                ))
        case AMQPMethod.basicAck:
            let m = decoded.assumingMemoryBound(to: amqp_basic_ack_t.self).pointee
            channel.settle(tag: m.delivery_tag, multiple: m.multiple != 0, nacked: false)
        case AMQPMethod.basicNack:
            let m = decoded.assumingMemoryBound(to: amqp_basic_nack_t.self).pointee
            channel.settle(tag: m.delivery_tag, multiple: m.multiple != 0, nacked: true)
        case AMQPMethod.basicCancel:
            // The broker cancelled a consumer, e.g. because its queue was deleted.
            let m = decoded.assumingMemoryBound(to: amqp_basic_cancel_t.self).pointee
            let tag = String(amqpBytes: m.consumer_tag)
            channel.consumers.removeValue(forKey: tag)?.finish(
                throwing: AMQPError(.consumerCancelled, "the broker cancelled consumer \(tag)")
            )
        case AMQPMethod.channelClose:
            let m = decoded.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
            var ok = amqp_channel_close_ok_t(dummy: 0)
            _ = amqp_send_method(connection, channel.id, AMQPMethod.channelCloseOk, &ok)
            closeChannel(channel, AMQPError(.channelClosed, String(amqpBytes: m.reply_text), replyCode: m.reply_code))
        case AMQPMethod.channelFlow:
            let m = decoded.assumingMemoryBound(to: amqp_channel_flow_t.self).pointee
            var ok = amqp_channel_flow_ok_t(active: m.active)
            _ = amqp_send_method(connection, channel.id, AMQPMethod.channelFlowOk, &ok)
        case AMQPMethod.basicGetOk:
            guard !channel.pendingRPCs.isEmpty else { return }
            let rpc = channel.pendingRPCs.removeFirst()
            guard case .get(let complete) = rpc.completion else {
                rpc.fail(AMQPError(.protocolError, "unexpected basic.get-ok"))
                return
            }
            let m = decoded.assumingMemoryBound(to: amqp_basic_get_ok_t.self).pointee
            channel.incoming = IncomingContent(
                kind: .getOk(
                    tag: m.delivery_tag, redelivered: m.redelivered != 0,
                    exchange: String(amqpBytes: m.exchange), routingKey: String(amqpBytes: m.routing_key),
                    complete: complete
                ))
        default:
            // Replies come in order, but a broker may skip one: RabbitMQ drops
            // the basic.cancel-ok of a consumer whose channel is being closed.
            // The reply answers the oldest RPC that expects it; older ones
            // will never get theirs.
            guard let index = channel.pendingRPCs.firstIndex(where: { $0.expected.contains(method.id) }) else {
                logger.debug("unexpected method", metadata: ["amqp_channel": "\(channel.id)", "amqp_method": "\(method.id)"])
                return
            }
            let skipped = channel.pendingRPCs[..<index]
            let rpc = channel.pendingRPCs[index]
            channel.pendingRPCs.removeFirst(index + 1)
            for earlier in skipped {
                earlier.fail(AMQPError(.protocolError, "the broker answered a later request first (method \(String(method.id, radix: 16)))"))
            }
            switch rpc.completion {
            case .method(let complete): complete(.success(method))
            case .get(let complete): complete(.success(nil))  // basic.get-empty
            }
        }
    }

    private func finishContent(_ channel: ChannelState) {
        guard let content = channel.incoming else { return }
        channel.incoming = nil
        switch content.kind {
        case .deliver(let tag, let redelivered, let exchange, let routingKey, let consumerTag):
            let delivery = AMQPDelivery(
                deliveryTag: tag, redelivered: redelivered, exchange: exchange, routingKey: routingKey,
                consumerTag: consumerTag, properties: content.properties, body: content.body,
                bodySize: content.bodySize, isTruncated: content.truncated
            )
            if let sink = channel.consumers[consumerTag] {
                sink.yield(delivery)
            } else {
                // Arrived after the consumer went away: give it back to the queue.
                _ = amqp_basic_nack(connection, channel.id, tag, 0, 1)
            }
        case .returned(let replyCode, let replyText, let exchange, let routingKey):
            let error = AMQPError(
                .publishReturned, "no queue took the message: \(replyText)",
                replyCode: replyCode, context: "exchange=\(exchange) routingKey=\(routingKey)"
            )
            if let seq = content.properties.headers[publishSeqHeader]?.intValue {
                channel.returned[UInt64(seq)] = error
            } else {
                logger.warning("returned message without sequence header", metadata: ["amqp_channel": "\(channel.id)"])
            }
        case .getOk(let tag, let redelivered, let exchange, let routingKey, let complete):
            complete(
                .success(
                    AMQPDelivery(
                        deliveryTag: tag, redelivered: redelivered, exchange: exchange, routingKey: routingKey,
                        consumerTag: "", properties: content.properties, body: content.body,
                        bodySize: content.bodySize, isTruncated: content.truncated
                    )))
        }
    }

    // MARK: failing and closing

    /// Marks the connection unusable; the loop tears it down next.
    func fail(_ error: AMQPError) {
        if failure == nil { failure = error }
    }

    func closeChannel(_ channel: ChannelState, _ error: AMQPError) {
        channels[channel.id] = nil
        closedChannels[channel.id] = error
        channel.fail(error)
    }

    func teardown(_ error: AMQPError) {
        let all = channels.values
        channels = [:]
        for channel in all { channel.fail(error) }
        if let closing {
            self.closing = nil
            closing.complete(error.code == .alreadyClosed ? .success(()) : .failure(error))
        }
        amqp_destroy_connection(connection)
    }

    /// Sends connection.close; `complete` runs when the broker confirms or
    /// after `timeout` (zero: at once, for a broker that is not listening).
    func beginClose(timeout: Duration = .seconds(3), _ complete: @escaping (Result<Void, AMQPError>) -> Void) {
        var close = amqp_connection_close_t()
        close.reply_code = UInt16(AMQP_REPLY_SUCCESS)
        let arena = CArena()
        close.reply_text = arena.bytes("closing")
        let status = amqp_send_method(connection, 0, AMQPMethod.connectionClose, &close)
        guard status == AMQP_STATUS_OK.rawValue else {
            fail(AMQPError(.alreadyClosed, "closed by the client"))
            complete(.success(()))
            return
        }
        closing = (ContinuousClock.now + timeout, complete)
        checkDeadlines()
    }

    /// Ends the connection when a close or an RPC has waited past its
    /// deadline. A late reply to an RPC would be taken for the answer to the
    /// next one, so after a timeout the connection cannot be trusted.
    func checkDeadlines(now: ContinuousClock.Instant = .now) {
        if let closing, now >= closing.deadline {
            fail(AMQPError(.alreadyClosed, "closed by the client (no close-ok from the broker)"))
            return
        }
        for channel in channels.values {
            // Replies come in order, so the oldest request is the first to time out.
            guard let oldest = channel.pendingRPCs.first, now >= oldest.deadline else { continue }
            fail(
                AMQPError(
                    .timeout, "no reply to method \(String(oldest.method, radix: 16)) within \(rpcTimeout); closing the connection",
                    context: "channel=\(channel.id)"
                ))
            return
        }
    }

    // MARK: operations used by channels

    func channel(_ id: UInt16) -> Result<ChannelState, AMQPError> {
        if let channel = channels[id] { return .success(channel) }
        let reason = closedChannels[id]
        return .failure(
            AMQPError(
                .channelClosed, "channel \(id) is closed" + (reason.map { ": \($0.message)" } ?? ""),
                replyCode: reason?.replyCode
            ))
    }

    func allocateChannelID() -> UInt16? {
        guard channels.count < Int(channelMax) else { return nil }
        var candidate = lastChannelID
        repeat {
            candidate = candidate >= channelMax ? 1 : candidate + 1
        } while channels[candidate] != nil
        lastChannelID = candidate
        closedChannels[candidate] = nil
        return candidate
    }

    /// Sends a synchronous method and queues the completion for its reply.
    func rpc<Request>(
        _ channel: ChannelState, _ method: amqp_method_number_t, _ request: inout Request,
        expecting replies: [amqp_method_number_t], completion: PendingRPC.Completion
    ) {
        let status = withUnsafeMutablePointer(to: &request) {
            amqp_send_method(connection, channel.id, method, UnsafeMutableRawPointer($0))
        }
        logger.trace(
            "sent method",
            metadata: [
                "amqp_channel": "\(channel.id)", "amqp_method": "\(String(method, radix: 16))", "amqp_status": "\(status)",
            ])
        let pending = PendingRPC(method: method, expected: replies, deadline: .now + rpcTimeout, completion: completion)
        guard status == AMQP_STATUS_OK.rawValue else {
            let error = AMQPError(.connectionLost, errorString(status))
            pending.fail(error)
            fail(error)
            return
        }
        channel.pendingRPCs.append(pending)
    }

    /// Checks the result of a plain send (ack, nack, publish); a failed send
    /// means the socket is gone.
    func checkSend(_ status: Int32) -> AMQPError? {
        guard status != AMQP_STATUS_OK.rawValue else { return nil }
        let error = AMQPError(.connectionLost, errorString(status))
        fail(error)
        return error
    }
}

/// Header that numbers mandatory publishes so a basic.return can be matched to
/// its publish (the protocol's return carries no delivery tag).
let publishSeqHeader = "x-batbern-publish-seq"

func errorString(_ status: Int32) -> String {
    guard let text = amqp_error_string2(status) else { return "librabbitmq status \(status)" }
    return String(cString: text)
}

extension timeval {
    init(_ duration: Duration) {
        let parts = duration.components
        self.init(tv_sec: Int(parts.seconds), tv_usec: Int(parts.attoseconds / 1_000_000_000_000))
    }
}
