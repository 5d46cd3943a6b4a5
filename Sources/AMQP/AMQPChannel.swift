import CRabbitMQ
import Synchronization

/// An AMQP channel: declarations, publishing, consuming.
///
/// Every call is carried out on the connection's thread; the channel itself is
/// just a handle and may be shared between tasks. Once the broker closes the
/// channel (404, 406 ...) every call fails with `.channelClosed`.
public final class AMQPChannel: Sendable {
    public let connection: AMQPConnection
    public let id: UInt16
    private let consumerCounter = Atomic<Int>(0)

    init(connection: AMQPConnection, id: UInt16) {
        self.connection = connection
        self.id = id
    }

    /// Runs `body` with this channel's state on the connection thread.
    private func onChannel<T: Sendable>(
        context: String? = nil,
        _ body: @escaping @Sendable (LoopState, ChannelState, @escaping (Result<T, AMQPError>) -> Void) -> Void
    ) async throws -> T {
        let id = id
        do {
            return try await connection.loop.perform { state, complete in
                switch state.channel(id) {
                case .success(let channel): body(state, channel, complete)
                case .failure(let error): complete(.failure(error))
                }
            }
        } catch let error as AMQPError {
            throw context.map { error.with(context: $0) } ?? error
        }
    }

    /// Sends a synchronous method and waits for its reply.
    private func call<Request, T: Sendable>(
        _ method: amqp_method_number_t, expecting reply: amqp_method_number_t, context: String,
        build: @escaping @Sendable (CArena) -> Request,
        decode: @escaping @Sendable (UnsafeMutableRawPointer?) -> T
    ) async throws -> T {
        try await onChannel(context: context) { state, channel, complete in
            let arena = CArena()
            var request = build(arena)
            state.rpc(
                channel, method, &request, expecting: [reply],
                completion: .method { result in
                    complete(result.map { decode($0.decoded) })
                })
            withExtendedLifetime(arena) {}
        }
    }

    // MARK: topology

    public func declareExchange(
        _ name: String, type: ExchangeType = .topic, durable: Bool = true, autoDelete: Bool = false,
        internal: Bool = false, passive: Bool = false, arguments: AMQPTable = [:]
    ) async throws {
        try await call(AMQPMethod.exchangeDeclare, expecting: AMQPMethod.exchangeDeclareOk, context: "exchange=\(name)") { arena in
            amqp_exchange_declare_t(
                ticket: 0, exchange: arena.bytes(name), type: arena.bytes(type.name), passive: passive ? 1 : 0,
                durable: durable ? 1 : 0, auto_delete: autoDelete ? 1 : 0, internal: `internal` ? 1 : 0,
                nowait: 0, arguments: arena.table(arguments)
            )
        } decode: { _ in
            ()
        }
    }

    public func deleteExchange(_ name: String, ifUnused: Bool = false) async throws {
        try await call(AMQPMethod.exchangeDelete, expecting: AMQPMethod.exchangeDeleteOk, context: "exchange=\(name)") { arena in
            amqp_exchange_delete_t(ticket: 0, exchange: arena.bytes(name), if_unused: ifUnused ? 1 : 0, nowait: 0)
        } decode: { _ in
            ()
        }
    }

    @discardableResult
    public func declareQueue(_ name: String, options: QueueOptions = QueueOptions()) async throws -> QueueDeclareResult {
        try await call(AMQPMethod.queueDeclare, expecting: AMQPMethod.queueDeclareOk, context: "queue=\(name)") { arena in
            amqp_queue_declare_t(
                ticket: 0, queue: arena.bytes(name), passive: options.passive ? 1 : 0, durable: options.durable ? 1 : 0,
                exclusive: options.exclusive ? 1 : 0, auto_delete: options.autoDelete ? 1 : 0, nowait: 0,
                arguments: arena.table(options.arguments)
            )
        } decode: { decoded in
            guard let ok = decoded?.assumingMemoryBound(to: amqp_queue_declare_ok_t.self).pointee else {
                return QueueDeclareResult(name: name, messageCount: 0, consumerCount: 0)
            }
            return QueueDeclareResult(
                name: String(amqpBytes: ok.queue), messageCount: ok.message_count, consumerCount: ok.consumer_count
            )
        }
    }

    public func bindQueue(_ queue: String, exchange: String, routingKey: String, arguments: AMQPTable = [:]) async throws {
        try await call(
            AMQPMethod.queueBind, expecting: AMQPMethod.queueBindOk,
            context: "queue=\(queue) exchange=\(exchange) routingKey=\(routingKey)"
        ) { arena in
            amqp_queue_bind_t(
                ticket: 0, queue: arena.bytes(queue), exchange: arena.bytes(exchange),
                routing_key: arena.bytes(routingKey), nowait: 0, arguments: arena.table(arguments)
            )
        } decode: { _ in
            ()
        }
    }

    public func unbindQueue(_ queue: String, exchange: String, routingKey: String, arguments: AMQPTable = [:]) async throws {
        try await call(
            AMQPMethod.queueUnbind, expecting: AMQPMethod.queueUnbindOk,
            context: "queue=\(queue) exchange=\(exchange) routingKey=\(routingKey)"
        ) { arena in
            amqp_queue_unbind_t(
                ticket: 0, queue: arena.bytes(queue), exchange: arena.bytes(exchange),
                routing_key: arena.bytes(routingKey), arguments: arena.table(arguments)
            )
        } decode: { _ in
            ()
        }
    }

    /// Removes all ready messages; returns how many.
    @discardableResult
    public func purgeQueue(_ name: String) async throws -> UInt32 {
        try await call(AMQPMethod.queuePurge, expecting: AMQPMethod.queuePurgeOk, context: "queue=\(name)") { arena in
            amqp_queue_purge_t(ticket: 0, queue: arena.bytes(name), nowait: 0)
        } decode: {
            $0?.assumingMemoryBound(to: amqp_queue_purge_ok_t.self).pointee.message_count ?? 0
        }
    }

    @discardableResult
    public func deleteQueue(_ name: String, ifUnused: Bool = false, ifEmpty: Bool = false) async throws -> UInt32 {
        try await call(AMQPMethod.queueDelete, expecting: AMQPMethod.queueDeleteOk, context: "queue=\(name)") { arena in
            amqp_queue_delete_t(
                ticket: 0, queue: arena.bytes(name), if_unused: ifUnused ? 1 : 0, if_empty: ifEmpty ? 1 : 0, nowait: 0
            )
        } decode: {
            $0?.assumingMemoryBound(to: amqp_queue_delete_ok_t.self).pointee.message_count ?? 0
        }
    }

    // MARK: flow

    /// How many unacknowledged deliveries the broker may send this channel's consumers.
    public func setPrefetch(_ count: UInt16) async throws {
        try await call(AMQPMethod.basicQos, expecting: AMQPMethod.basicQosOk, context: "prefetch=\(count)") { _ in
            amqp_basic_qos_t(prefetch_size: 0, prefetch_count: count, global: 0)
        } decode: { _ in
            ()
        }
    }

    /// Puts the channel in confirm mode: from now on `publish` returns only once
    /// the broker has taken responsibility for the message.
    public func enableConfirms() async throws {
        try await onChannel(context: "confirm.select") { (state, channel, complete: @escaping (Result<Void, AMQPError>) -> Void) in
            var select = amqp_confirm_select_t(nowait: 0)
            state.rpc(
                channel, AMQPMethod.confirmSelect, &select, expecting: [AMQPMethod.confirmSelectOk],
                completion: .method { result in
                    if case .success = result { channel.confirmMode = true }
                    complete(result.map { _ in () })
                })
        }
    }

    // MARK: publishing

    /// Publishes a message and waits for the broker's confirm.
    ///
    /// In confirm mode this returns when the broker confirmed the message and
    /// throws `.publishNacked` on a nack or `.publishReturned` when a mandatory
    /// message reached no queue. Without confirm mode it returns once written.
    public func publish(
        _ body: [UInt8], exchange: String, routingKey: String,
        properties: AMQPProperties = AMQPProperties(), mandatory: Bool = false
    ) async throws {
        try await send(body, exchange: exchange, routingKey: routingKey, properties: properties, mandatory: mandatory).wait()
    }

    /// Publishes a message and returns once it is written, with the confirm to
    /// await later. Sends from one task reach the broker in the order made, so
    /// this is how to keep order with many messages in flight.
    public func send(
        _ body: [UInt8], exchange: String, routingKey: String,
        properties: AMQPProperties = AMQPProperties(), mandatory: Bool = false
    ) async throws -> PublishConfirm {
        let publication = AMQPPublication(
            body: body, exchange: exchange, routingKey: routingKey, properties: properties, mandatory: mandatory
        )
        return try await onChannel(context: "exchange=\(exchange) routingKey=\(routingKey)") {
            (state, channel, complete: @escaping (Result<PublishConfirm, AMQPError>) -> Void) in
            complete(Self.publish(publication, state, channel))
        }
    }

    /// Publishes several messages in one hand-over to the connection's
    /// thread (one wake-up instead of one per message); their confirms in
    /// order. Stops at the first that cannot be sent.
    public func send(_ publications: [AMQPPublication]) async throws -> [PublishConfirm] {
        guard !publications.isEmpty else { return [] }
        return try await onChannel(context: "\(publications.count) publications") {
            (state, channel, complete: @escaping (Result<[PublishConfirm], AMQPError>) -> Void) in
            var confirms: [PublishConfirm] = []
            confirms.reserveCapacity(publications.count)
            for publication in publications {
                switch Self.publish(publication, state, channel) {
                case .success(let confirm): confirms.append(confirm)
                case .failure(let error):
                    complete(.failure(error.with(context: "exchange=\(publication.exchange) routingKey=\(publication.routingKey)")))
                    return
                }
            }
            complete(.success(confirms))
        }
    }

    /// One basic.publish on the connection's thread; in confirm mode its
    /// confirm is registered under the next publish sequence number.
    private static func publish(_ publication: AMQPPublication, _ state: LoopState, _ channel: ChannelState) -> Result<PublishConfirm, AMQPError> {
        let seq = channel.nextPublishSeq
        var properties = publication.properties
        if publication.mandatory && channel.confirmMode {
            properties.headers[publishSeqHeader] = .int64(Int64(seq))
        }
        let arena = CArena()
        var props = properties.encode(into: arena)
        let status = publication.body.withUnsafeBytes { raw in
            amqp_basic_publish(
                state.connection, channel.id, arena.bytes(publication.exchange), arena.bytes(publication.routingKey),
                publication.mandatory ? 1 : 0, 0, &props,
                amqp_bytes_t(len: raw.count, bytes: UnsafeMutableRawPointer(mutating: raw.baseAddress))
            )
        }
        if let error = state.checkSend(status) { return .failure(error) }
        guard channel.confirmMode else { return .success(PublishConfirm(.success(()))) }
        let confirm = PublishConfirm()
        channel.nextPublishSeq += 1
        channel.confirms[seq] = { confirm.complete($0) }
        return .success(confirm)
    }

    // MARK: consuming

    /// Starts a consumer; deliveries arrive through the returned sequence until
    /// it is cancelled, the channel closes or the connection is lost (then the
    /// sequence throws).
    public func consume(
        queue: String, noAck: Bool = false, exclusive: Bool = false, arguments: AMQPTable = [:]
    ) async throws -> AMQPConsumer {
        let tag = "batbern-\(id)-\(consumerCounter.add(1, ordering: .relaxed).newValue)"
        let sink = DeliveryBuffer()
        try await onChannel(context: "queue=\(queue)") { state, channel, complete in
            channel.consumers[tag] = sink
            let arena = CArena()
            var consume = amqp_basic_consume_t(
                ticket: 0, queue: arena.bytes(queue), consumer_tag: arena.bytes(tag), no_local: 0,
                no_ack: noAck ? 1 : 0, exclusive: exclusive ? 1 : 0, nowait: 0, arguments: arena.table(arguments)
            )
            state.rpc(
                channel, AMQPMethod.basicConsume, &consume, expecting: [AMQPMethod.basicConsumeOk],
                completion: .method { result in
                    if case .failure = result { channel.consumers[tag] = nil }
                    complete(result.map { _ in () })
                })
        }
        return AMQPConsumer(channel: self, tag: tag, buffer: sink)
    }

    /// Stops a consumer; deliveries already received stay unacked until acked
    /// or the channel closes.
    public func cancelConsumer(_ tag: String) async throws {
        try await onChannel(context: "consumer=\(tag)") { state, channel, complete in
            guard let sink = channel.consumers.removeValue(forKey: tag) else {
                complete(.success(()))
                return
            }
            sink.finish()
            let arena = CArena()
            var cancel = amqp_basic_cancel_t(consumer_tag: arena.bytes(tag), nowait: 0)
            state.rpc(
                channel, AMQPMethod.basicCancel, &cancel, expecting: [AMQPMethod.basicCancelOk],
                completion: .method { result in
                    complete(result.map { _ in () })
                })
        }
    }

    /// Fetches one message with basic.get, or nil when the queue is empty.
    public func get(queue: String, noAck: Bool = false) async throws -> AMQPDelivery? {
        try await onChannel(context: "queue=\(queue)") { state, channel, complete in
            let arena = CArena()
            var get = amqp_basic_get_t(ticket: 0, queue: arena.bytes(queue), no_ack: noAck ? 1 : 0)
            state.rpc(
                channel, AMQPMethod.basicGet, &get,
                expecting: [AMQPMethod.basicGetOk, AMQPMethod.basicGetEmpty], completion: .get(complete)
            )
        }
    }

    public func ack(_ deliveryTag: UInt64, multiple: Bool = false) async throws {
        try await onChannel(context: "ack \(deliveryTag)") { state, channel, complete in
            let status = amqp_basic_ack(state.connection, channel.id, deliveryTag, multiple ? 1 : 0)
            complete(state.checkSend(status).map { .failure($0) } ?? .success(()))
        }
    }

    /// Negative acknowledgement; with `requeue` false the message is
    /// dead-lettered (or dropped when the queue has no dead-letter exchange).
    public func nack(_ deliveryTag: UInt64, multiple: Bool = false, requeue: Bool) async throws {
        try await onChannel(context: "nack \(deliveryTag)") { state, channel, complete in
            let status = amqp_basic_nack(state.connection, channel.id, deliveryTag, multiple ? 1 : 0, requeue ? 1 : 0)
            complete(state.checkSend(status).map { .failure($0) } ?? .success(()))
        }
    }

    /// Closes the channel; unacked deliveries go back to their queues.
    public func close() async throws {
        try await onChannel { state, channel, complete in
            var close = amqp_channel_close_t()
            close.reply_code = UInt16(AMQP_REPLY_SUCCESS)
            state.rpc(
                channel, AMQPMethod.channelClose, &close, expecting: [AMQPMethod.channelCloseOk],
                completion: .method { result in
                    state.closeChannel(channel, AMQPError(.alreadyClosed, "channel closed by the client"))
                    complete(result.map { _ in () })
                })
        }
    }

    /// True while the broker has not closed the channel.
    public func isOpen() async -> Bool {
        (try? await onChannel { _, _, complete in complete(.success(true)) }) ?? false
    }
}

/// The deliveries of one consumer.
///
/// Iterate it, or take whatever has arrived with `nextBatch(max:)`. It ends
/// after `cancel()` once the deliveries already received are taken, and
/// throws when the channel or connection fails.
public struct AMQPConsumer: AsyncSequence, Sendable {
    public typealias Element = AMQPDelivery
    public let channel: AMQPChannel
    public let tag: String
    let buffer: DeliveryBuffer

    public struct AsyncIterator: AsyncIteratorProtocol {
        let buffer: DeliveryBuffer
        var pending: [AMQPDelivery] = []

        public mutating func next() async throws -> AMQPDelivery? {
            if pending.isEmpty {
                pending = try await buffer.nextBatch(max: 64).reversed()
            }
            return pending.popLast()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(buffer: buffer)
    }

    /// Waits for at least one delivery and returns every one already received,
    /// up to `max`. Empty once the consumer has ended; throws
    /// `CancellationError` when the waiting task is cancelled.
    public func nextBatch(max: Int) async throws -> [AMQPDelivery] {
        try await buffer.nextBatch(max: max)
    }

    /// Asks the broker to stop sending; deliveries already here stay takeable.
    public func cancel() async throws {
        try await channel.cancelConsumer(tag)
    }
}
