import AMQP
import Logging
import Postgres
import Synchronization

/// The relay's connections: a confirm channel, a database connection for its
/// transactions, and a listener that turns NOTIFY (and the worker's stop)
/// into wake-ups.
final class RelaySession: Sendable {
    let connection: AMQPConnection
    let channel: AMQPChannel
    let database: PostgresConnection
    let listener: PostgresListener
    let wakeup = Wakeup()
    /// Set when the listener broke; the relay then reconnects everything.
    private let listenerFailed = Atomic<Bool>(false)
    private let forwarder = Mutex<Task<Void, Never>?>(nil)
    private let stop: StopSignal
    private let stopRegistration = Mutex<Int?>(nil)

    private init(
        connection: AMQPConnection, channel: AMQPChannel, database: PostgresConnection, listener: PostgresListener,
        stop: StopSignal
    ) {
        self.connection = connection
        self.channel = channel
        self.database = database
        self.listener = listener
        self.stop = stop
    }

    static func open(
        amqp: AMQPConnection.Configuration, database configuration: PostgresConnection.Configuration,
        notifyChannel: String, stop: StopSignal, logger: Logger
    ) async throws -> RelaySession {
        let connection = try await AMQPConnection.connect(amqp, logger: logger)
        var database: PostgresConnection?
        do {
            let channel = try await connection.openChannel()
            try await channel.enableConfirms()
            let opened = try await PostgresConnection.connect(configuration, logger: logger)
            database = opened
            let listener = try await PostgresListener.listen(configuration, channels: [notifyChannel], logger: logger)
            let session = RelaySession(connection: connection, channel: channel, database: opened, listener: listener, stop: stop)
            session.startForwarding()
            return session
        } catch {
            await database?.close()
            await connection.close(timeout: .zero)
            throw error
        }
    }

    private func startForwarding() {
        let listener = listener
        let registration = stop.onStop { [weak self] in self?.wakeup.signal() }
        stopRegistration.withLock { $0 = registration }
        forwarder.withLock {
            $0 = Task { [weak self] in
                do {
                    for try await _ in listener.notifications { self?.wakeup.signal() }
                } catch {
                    self?.listenerFailed.store(true, ordering: .releasing)
                    self?.wakeup.signal()
                }
            }
        }
    }

    /// Throws when the listener lost its connection: NOTIFY would no longer wake the relay.
    func checkListener() throws {
        guard !listenerFailed.load(ordering: .acquiring) else {
            throw PostgresError(.connectionLost, "the NOTIFY listener lost its connection")
        }
    }

    /// Whether the session can go on after a failed round: every connection is up.
    func isUsable() async -> Bool {
        guard connection.isOpen, !listenerFailed.load(ordering: .acquiring), await database.isUsable else { return false }
        return await channel.isOpen()
    }

    /// Closes everything. A broker that stopped answering (a timeout, or the
    /// shutdown deadline has passed) gets no time for its close-ok.
    func close(brokerAnswers: Bool) async {
        if let registration = stopRegistration.withLock({ $0 }) { stop.forget(registration) }
        listener.stop()
        forwarder.withLock { $0?.cancel() }
        await database.close()
        await connection.close(timeout: brokerAnswers ? .seconds(3) : .zero)
    }
}
