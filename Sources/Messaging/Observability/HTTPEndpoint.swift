import Foundation
import Glibc
public import Logging
public import ServiceLifecycle
import Synchronization

/// A tiny HTTP/1.1 server for the three things an orchestrator asks a worker:
/// `GET /metrics` (Prometheus text), `GET /health/live`, `GET /health/ready`.
///
/// One thread runs a poll(2) loop over non-blocking sockets (`HTTPServerLoop`):
/// many clients at once, up to `Configuration.maxConnections`, each with one
/// deadline from accept to the last byte of its answer. A slow or silent
/// client costs a connection slot until its deadline, never the endpoint.
///
/// Not an HTTP stack: Hummingbird (on this machine's package list) would bring
/// swift-nio and add minutes to every CI build, for three GET routes answered
/// from memory.
public final class HTTPEndpoint: Service, Sendable {
    /// Answers a GET for `path` (without its query string). Runs on the
    /// endpoint's thread, so it must answer at once, from memory.
    public typealias Responder = @Sendable (_ path: String) -> (status: Int, contentType: String, body: [UInt8])

    public struct Configuration: Sendable {
        /// From accept to the last byte of the answer. A connection still open
        /// then is closed, with a 408 if it was not answered yet. Default 5 s.
        public var requestTimeout: Duration
        /// Connections open at once; one beyond them is closed as soon as it is
        /// accepted. Default 64.
        public var maxConnections: Int
        /// Largest request head (request line and headers); a larger one is
        /// answered 431. Default 8 KiB.
        public var maxRequestBytes: Int

        public init(requestTimeout: Duration = .seconds(5), maxConnections: Int = 64, maxRequestBytes: Int = 8192) {
            self.requestTimeout = requestTimeout
            self.maxConnections = maxConnections
            self.maxRequestBytes = maxRequestBytes
        }
    }

    public let host: String
    public let port: Int
    public let configuration: Configuration
    private let respond: Responder
    private let logger: Logger
    private let bound = Atomic<Int>(0)
    /// The port actually bound (differs from `port` when that is 0); 0 before `run`.
    public var boundPort: Int { bound.load(ordering: .acquiring) }

    public init(
        host: String = "127.0.0.1", port: Int, configuration: Configuration = Configuration(), logger: Logger,
        respond: @escaping Responder
    ) {
        self.host = host
        self.port = port
        self.configuration = configuration
        self.logger = logger
        self.respond = respond
    }

    /// Serves until graceful shutdown or cancellation, then stops the loop and
    /// closes every connection before returning.
    public func run() async throws {
        let listener = try openListener()
        var wake: [Int32] = [-1, -1]
        guard pipe(&wake) == 0 else {
            close(listener)
            throw HTTPEndpointError(message: "pipe failed: errno \(errno)")
        }
        defer { [listener, wake[0], wake[1]].forEach { _ = close($0) } }
        for fd in wake { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        let loop = HTTPServerLoop(
            listener: listener, wake: wake[0], configuration: configuration, respond: respond, logger: logger
        )
        async let stopped: Void = loop.runOnItsOwnThread(name: "http:\(boundPort)")
        logger.info("HTTP endpoint listening", metadata: ["http_address": "\(host):\(boundPort)"])
        try? await gracefulShutdown()
        var byte: UInt8 = 1
        _ = write(wake[1], &byte, 1)
        await stopped
    }

    private func openListener() throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw HTTPEndpointError(message: "socket failed: errno \(errno)") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        guard let port = UInt16(exactly: port), inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            close(fd)
            throw HTTPEndpointError(message: "cannot listen on \(host):\(self.port): not an IPv4 address and port")
        }
        address.sin_port = in_port_t(port.bigEndian)
        let bindResult = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bindResult == 0, listen(fd, SOMAXCONN) == 0 else {
            let code = errno
            close(fd)
            throw HTTPEndpointError(message: "cannot listen on \(host):\(port): errno \(code)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        bound.store(Int(UInt16(bigEndian: actual.sin_port)), ordering: .releasing)
        return fd
    }
}

struct HTTPEndpointError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
