import Foundation
import Glibc
import Logging

/// The HTTP endpoint's one thread: a poll(2) loop over the listener, a wake
/// pipe (readable once the endpoint stops) and the open connections, each
/// closed at its deadline at the latest.
struct HTTPServerLoop: Sendable {
    let listener: Int32
    let wake: Int32
    let configuration: HTTPEndpoint.Configuration
    let respond: HTTPEndpoint.Responder
    let logger: Logger

    /// Most connections accepted per turn, so a flood of connects cannot
    /// starve the connections already open.
    private static let acceptsPerTurn = 64

    /// Runs the loop on a thread of its own (it blocks in poll) and returns
    /// when it has stopped.
    func runOnItsOwnThread(name: String) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                run()
                continuation.resume()
            }
            thread.name = name
            thread.start()
        }
    }

    /// Serves until the wake pipe is readable, then closes every connection.
    func run() {
        var connections: [Int32: HTTPConnection] = [:]
        var scratch = [UInt8](repeating: 0, count: 4096)
        var acceptingAgainAt: ContinuousClock.Instant?
        defer { connections.keys.forEach { _ = close($0) } }
        while true {
            if let instant = acceptingAgainAt, instant <= .now { acceptingAgainAt = nil }
            var fds =
                [
                    pollfd(fd: wake, events: Int16(POLLIN), revents: 0),
                    pollfd(fd: acceptingAgainAt == nil ? listener : -1, events: Int16(POLLIN), revents: 0),
                ] + connections.values.map { pollfd(fd: $0.fd, events: $0.pollEvents, revents: 0) }
            let next = (connections.values.map(\.deadline) + [acceptingAgainAt].compactMap { $0 }).min()
            guard poll(&fds, nfds_t(fds.count), Self.milliseconds(until: next)) >= 0 else {
                if errno != EINTR {
                    logger.error("HTTP endpoint poll failed", metadata: ["errno": "\(errno)"])
                    usleep(100_000)  // back off instead of spinning on a failure that may persist
                }
                continue
            }
            if fds[0].revents != 0 { return }
            if fds[1].revents != 0 { acceptingAgainAt = accept(into: &connections) }
            for entry in fds.dropFirst(2) where entry.revents != 0 {
                guard var connection = connections[entry.fd] else { continue }
                if connection.proceed(maxRequestBytes: configuration.maxRequestBytes, scratch: &scratch, respond: respond) {
                    connections[entry.fd] = connection
                } else {
                    close(entry.fd)
                    connections[entry.fd] = nil
                }
            }
            let now = ContinuousClock.now
            for (fd, connection) in connections where connection.deadline <= now {
                connection.expire()
                close(fd)
                connections[fd] = nil
                logger.debug("HTTP connection closed at its deadline")
            }
        }
    }

    /// Accepts what is pending; returns when to try again if the process is
    /// out of file descriptors (nil otherwise).
    private func accept(into connections: inout [Int32: HTTPConnection]) -> ContinuousClock.Instant? {
        for _ in 0..<Self.acceptsPerTurn {
            let client = Glibc.accept(listener, nil, nil)
            guard client >= 0 else {
                if errno == EAGAIN || errno == EWOULDBLOCK { return nil }
                if errno == EINTR || errno == ECONNABORTED || errno == EPROTO { continue }
                logger.warning("HTTP endpoint cannot accept; pausing", metadata: ["errno": "\(errno)"])
                return .now + .milliseconds(100)
            }
            guard connections.count < configuration.maxConnections else {
                close(client)
                logger.debug("HTTP connection refused: too many open")
                continue
            }
            _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            connections[client] = HTTPConnection(fd: client, deadline: .now + configuration.requestTimeout)
        }
        return nil
    }

    /// poll's timeout: milliseconds until `instant` rounded up, -1 for none.
    static func milliseconds(until instant: ContinuousClock.Instant?) -> Int32 {
        guard let instant else { return -1 }
        let left = instant - .now
        guard left > .zero else { return 0 }
        let (seconds, attoseconds) = left.components
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: milliseconds)
    }
}
