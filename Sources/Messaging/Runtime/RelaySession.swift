import AMQP
import Logging
import Postgres

/// The relay's connections: a confirm channel, a database connection for its
/// transactions, and NOTIFY (and the worker's stop) as wake-ups.
final class RelaySession: Sendable {
    let connection: AMQPConnection
    let channel: AMQPChannel
    let database: PostgresConnection
    let wakeups: NotifyWakeups
    var wakeup: Wakeup { wakeups.wakeup }

    private init(connection: AMQPConnection, channel: AMQPChannel, database: PostgresConnection, wakeups: NotifyWakeups) {
        self.connection = connection
        self.channel = channel
        self.database = database
        self.wakeups = wakeups
    }

    static func open(
        amqp: AMQPConnection.Configuration, database configuration: PostgresConnection.Configuration,
        notifyChannel: String, stop: StopSignal, wakeup: Wakeup, logger: Logger
    ) async throws -> RelaySession {
        let connection = try await AMQPConnection.connect(amqp, logger: logger)
        var database: PostgresConnection?
        do {
            let channel = try await connection.openChannel()
            try await channel.enableConfirms()
            let opened = try await PostgresConnection.connect(configuration, logger: logger)
            database = opened
            // The claim must walk the unsent index in id order and probe the
            // refused-rows index, whatever the statistics say (a burst after
            // an idle spell makes them wrong) and whatever a generic plan
            // guesses for its parameters: a nested loop over a sequential
            // scan of the outbox, seen live, took 30 s per claim. This
            // connection runs only the relay's statements.
            //
            // Its commits only mark rows sent: one lost in a crash puts them
            // back in line, and they go out again to consumers whose inbox
            // drops what it has seen. So they need not wait for the WAL
            // flush, which the lanes' commits (whose acks must hold) wait for.
            try await opened.runScript("SET enable_seqscan = off; SET enable_sort = off; SET synchronous_commit = off")
            let wakeups = try await NotifyWakeups.listen(
                configuration, channel: notifyChannel, stop: stop, wakeup: wakeup, logger: logger
            )
            return RelaySession(connection: connection, channel: channel, database: opened, wakeups: wakeups)
        } catch {
            await database?.close()
            await connection.close(timeout: .zero)
            throw error
        }
    }

    /// Throws when the listener lost its connection: NOTIFY would no longer wake the relay.
    func checkListener() throws { try wakeups.check() }

    /// Whether the session can go on after a failed round: every connection is up.
    func isUsable() async -> Bool {
        guard connection.isOpen, wakeups.isListening, await database.isUsable else { return false }
        return await channel.isOpen()
    }

    /// Closes everything. A broker that stopped answering (a timeout, or the
    /// shutdown deadline has passed) gets no time for its close-ok.
    func close(brokerAnswers: Bool) async {
        wakeups.close()
        await database.close()
        await connection.close(timeout: brokerAnswers ? .seconds(3) : .zero)
    }
}
