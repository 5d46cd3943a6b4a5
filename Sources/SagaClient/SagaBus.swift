import AMQP
import Foundation
public import Identifiers
public import Messaging
import Synchronization

/// `batbern load`'s and `batbern demo`'s link to the broker: one connection, a channel that
/// publishes commands (confirms awaited in the background, in order), and a
/// queue of its own, bound to the answers the run follows, whose messages
/// are kept with the moment they arrived.
public final class SagaBus: Sendable {
    /// One message from the run's queue.
    public struct Message: Sendable {
        public let routingKey: String
        public let envelope: Envelope<JSONValue>
        public let at: ContinuousClock.Instant
    }

    /// What the listener and the confirm watcher share with the callers.
    private final class Shared: Sendable {
        let received = Mutex<[Message]>([])
        /// The first publish the broker refused or did not confirm in time,
        /// or the listener's failure.
        let refused = Mutex<(any Error)?>(nil)
        /// Called with every batch of messages as it arrives (see `onArrival`).
        let hook = Mutex<(@Sendable ([Message]) -> Void)?>(nil)
    }

    private let connection: AMQPConnection
    private let publisher: AMQPChannel
    private let shared: Shared
    private let confirms: AsyncStream<PublishConfirm>.Continuation
    private let confirming: Task<Void, Never>
    private let consuming: Task<Void, Never>

    /// Connects as the operators do and starts listening on a fresh
    /// exclusive queue bound to `routingKeys` of batbern.events, so no
    /// answer can slip past a command sent after this returns.
    public static func connect(url: String, routingKeys: [String]) async throws -> SagaBus {
        var configuration = try AMQPConnection.Configuration(url: url)
        configuration.connectionName = "batbern-load"
        let connection = try await AMQPConnection.connect(configuration)
        do {
            let publisher = try await connection.openChannel()
            try await publisher.enableConfirms()
            let listener = try await connection.openChannel()
            let queue = try await listener.declareQueue(
                "", options: QueueOptions(durable: false, exclusive: true, autoDelete: true, type: .classic)
            )
            for key in Set(routingKeys).sorted() {
                try await listener.bindQueue(queue.name, exchange: Exchanges.events, routingKey: key)
            }
            let consumer = try await listener.consume(queue: queue.name, noAck: true)
            return SagaBus(connection: connection, publisher: publisher, consumer: consumer)
        } catch {
            await connection.close()
            throw error
        }
    }

    private init(connection: AMQPConnection, publisher: AMQPChannel, consumer: AMQPConsumer) {
        self.connection = connection
        self.publisher = publisher
        let (stream, confirms) = AsyncStream.makeStream(of: PublishConfirm.self)
        self.confirms = confirms
        let shared = Shared()
        self.shared = shared
        consuming = Task {
            do {
                while true {
                    let batch = try await consumer.nextBatch(max: 1000)
                    if batch.isEmpty { return }
                    let now = ContinuousClock.now
                    let messages = batch.compactMap { delivery in
                        (try? MessageCoding.decode(Envelope<JSONValue>.self, from: delivery.body)).map {
                            Message(routingKey: delivery.routingKey, envelope: $0, at: now)
                        }
                    }
                    shared.received.withLock { $0 += messages }
                    shared.hook.withLock { $0 }?(messages)
                }
            } catch {
                shared.refused.withLock { $0 = $0 ?? SagaFailed("the run's queue failed: \(error)") }
            }
        }
        confirming = Task {
            for await confirm in stream {
                do {
                    try await confirm.wait(timeout: .seconds(30))
                } catch {
                    shared.refused.withLock { $0 = $0 ?? SagaFailed("the broker refused a command: \(error)") }
                }
            }
        }
    }

    /// Publishes a command to batbern.commands without waiting for its
    /// confirm (a refusal shows in `failure`). Its correlation id is its own
    /// id unless `correlation` names the saga it continues. It starts a
    /// trace of its own (a new W3C `traceparent`) unless `trace` continues one.
    public func send<P: Codable & Sendable>(
        _ key: MessageKey, _ data: P, id: Identifier = Identifier(), aggregateId: Identifier, correlation: Identifier? = nil,
        trace: TraceParent = .root()
    ) async throws {
        let envelope = Envelope(
            id: id, aggregateId: aggregateId.description, aggregateType: key.context, eventType: key.name, occurredAt: Date(),
            data: data, correlationId: correlation
        )
        let confirm = try await publisher.send(
            MessageCoding.encode(envelope), exchange: key.exchange, routingKey: key.routingKey,
            properties: AMQPProperties(
                contentType: "application/json", headers: trace.amqpHeaders, correlationId: envelope.correlationId.description,
                messageId: id.description, timestamp: UInt64(Date().timeIntervalSince1970), type: key.name
            ),
            mandatory: true
        )
        confirms.yield(confirm)
    }

    /// Has `react` see every batch of messages the moment it arrives, on the
    /// listener's task (so it must not block), from now on.
    public func onArrival(_ react: @escaping @Sendable ([Message]) -> Void) {
        shared.hook.withLock { $0 = react }
    }

    /// The first publish the broker refused, or the listener's failure.
    public var failure: (any Error)? { shared.refused.withLock { $0 } }

    /// How many messages arrived so far.
    public var count: Int { shared.received.withLock { $0.count } }

    /// The messages that arrived after the first `start`.
    public func messages(from start: Int) -> [Message] {
        shared.received.withLock { Array($0[min(start, $0.count)...]) }
    }

    /// Waits (polling every 5 ms, at most `timeout`) for a message that
    /// `matches`, among those that arrived after the first `start`.
    public func first(
        _ what: @autoclosure () -> String, after start: Int = 0, timeout: Duration, where matches: (Message) -> Bool
    ) async throws -> Message {
        let deadline = ContinuousClock.now + timeout
        var scanned = start
        while true {
            let fresh = messages(from: scanned)
            if let found = fresh.first(where: matches) { return found }
            scanned += fresh.count
            if let failure { throw failure }
            guard ContinuousClock.now < deadline else {
                throw SagaFailed("no \(what()) within \(timeout): are the workers running (batbern run)?")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Waits until every confirm is in, then closes the connection.
    public func close() async {
        confirms.finish()
        await confirming.value
        await connection.close()
        await consuming.value
    }
}
