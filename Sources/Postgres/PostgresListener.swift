import CLibPQ
import Foundation
import Glibc
public import Logging
import Synchronization

/// A NOTIFY received on a LISTEN channel.
public struct PostgresNotification: Sendable, Hashable {
    public let channel: String
    public let payload: String
    /// Backend process that sent it.
    public let senderPID: Int32
}

/// LISTEN on a connection of its own, delivering notifications as an
/// `AsyncSequence`.
///
/// The connection sits on a dedicated thread that waits on its socket, so a
/// notification arrives as soon as the sender commits. When the connection
/// breaks the sequence throws `.connectionLost`; start a new listener then
/// (notifications sent in between are lost, so callers keep a slow poll).
public final class PostgresListener: Sendable {
    public let notifications: AsyncThrowingStream<PostgresNotification, any Error>
    private let stopRequested = Atomic<Bool>(false)
    private let wakeWriteFD: Int32

    private init(notifications: AsyncThrowingStream<PostgresNotification, any Error>, wakeWriteFD: Int32) {
        self.notifications = notifications
        self.wakeWriteFD = wakeWriteFD
    }

    /// Connects and listens on `channels`; returns once LISTEN is in effect.
    public static func listen(
        _ configuration: PostgresConnection.Configuration,
        channels: [String],
        logger: Logger = Logger(label: "batbern.postgres")
    ) async throws -> PostgresListener {
        var fds: [Int32] = [0, 0]
        // A socket pair, not a pipe: `stop` may write after the reading end
        // is closed (a listener that never connected), and only a socket
        // takes MSG_NOSIGNAL; a pipe would raise SIGPIPE and kill the process.
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0 else {
            throw PostgresError(.connectFailed, "socketpair failed: errno \(errno)")
        }
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        let (stream, sink) = AsyncThrowingStream<PostgresNotification, any Error>.makeStream()
        let listener = PostgresListener(notifications: stream, wakeWriteFD: fds[1])
        let readFD = fds[0]
        try await withCheckedThrowingContinuation { (started: CheckedContinuation<Void, any Error>) in
            let thread = Thread {
                let connection: OpaquePointer
                do {
                    connection = try Self.open(configuration, channels: channels)
                } catch {
                    close(readFD)
                    started.resume(throwing: error)
                    return
                }
                started.resume()
                listener.loop(connection, wakeReadFD: readFD, sink: sink, logger: logger)
                PQfinish(connection)
                close(readFD)
            }
            thread.name = "pg-listen:\(configuration.database)"
            thread.start()
        }
        sink.onTermination = { [weak listener] _ in listener?.stop() }
        return listener
    }

    deinit {
        stop()
        close(wakeWriteFD)
    }

    /// Ends the listener; the sequence finishes.
    public func stop() {
        guard !stopRequested.exchange(true, ordering: .acquiringAndReleasing) else { return }
        var one: UInt8 = 1
        _ = send(wakeWriteFD, &one, 1, Int32(MSG_NOSIGNAL))
    }

    private static func open(_ configuration: PostgresConnection.Configuration, channels: [String]) throws -> OpaquePointer {
        let connection = try configuration.openLibPQConnection()
        for channel in channels {
            // LISTEN takes an identifier, not a parameter: quote it as one.
            guard let quoted = PQescapeIdentifier(connection, channel, channel.utf8.count) else {
                PQfinish(connection)
                throw PostgresError(.server, "cannot quote channel name")
            }
            let sql = "LISTEN " + String(cString: quoted)
            PQfreemem(quoted)
            let result = PQexec(connection, sql)
            let ok = PQresultStatus(result) == PGRES_COMMAND_OK
            PQclear(result)
            guard ok else {
                let message = PostgresConnection.lastError(connection)
                PQfinish(connection)
                throw PostgresError(.server, message, query: sql)
            }
        }
        return connection
    }

    private func loop(
        _ connection: OpaquePointer, wakeReadFD: Int32,
        sink: AsyncThrowingStream<PostgresNotification, any Error>.Continuation, logger: Logger
    ) {
        let socket = PQsocket(connection)
        while !stopRequested.load(ordering: .acquiring) {
            var fds = [
                pollfd(fd: socket, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wakeReadFD, events: Int16(POLLIN), revents: 0),
            ]
            _ = poll(&fds, 2, 1000)
            if stopRequested.load(ordering: .acquiring) { break }
            guard PQconsumeInput(connection) == 1, PQstatus(connection) == CONNECTION_OK else {
                let error = PostgresError(.connectionLost, PostgresConnection.lastError(connection))
                logger.debug("Postgres listener lost its connection", metadata: ["pg_error": "\(error)"])
                sink.finish(throwing: error)
                return
            }
            while let notify = PQnotifies(connection) {
                let notification = PostgresNotification(
                    channel: String(cString: notify.pointee.relname),
                    payload: String(cString: notify.pointee.extra),
                    senderPID: notify.pointee.be_pid
                )
                PQfreemem(notify)
                sink.yield(notification)
            }
        }
        sink.finish()
    }
}
