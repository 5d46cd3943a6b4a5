import Foundation
import Glibc
public import Logging
public import ServiceLifecycle
import Synchronization

/// A tiny HTTP/1.1 server for the three things an orchestrator asks a worker:
/// `GET /metrics` (Prometheus text), `GET /health/live`, `GET /health/ready`.
///
/// One thread, one request per connection: scrape traffic is a request every
/// few seconds, which does not justify an HTTP stack.
public final class HTTPEndpoint: Service, Sendable {
    public typealias Responder = @Sendable (_ path: String) -> (status: Int, contentType: String, body: [UInt8])

    public let host: String
    public let port: Int
    private let respond: Responder
    private let logger: Logger
    private let stopping = Atomic<Bool>(false)
    private let bound = Atomic<Int>(0)
    /// The port actually bound (differs from `port` when that is 0); 0 before `run`.
    public var boundPort: Int { bound.load(ordering: .acquiring) }

    public init(host: String = "127.0.0.1", port: Int, logger: Logger, respond: @escaping Responder) {
        self.host = host
        self.port = port
        self.logger = logger
        self.respond = respond
    }

    public func run() async throws {
        let listener = try openListener()
        let thread = Thread { [self] in
            serve(listener)
            close(listener)
        }
        thread.name = "http:\(port)"
        thread.start()
        logger.info("HTTP endpoint listening", metadata: ["http_address": "\(host):\(boundPort)"])
        try? await gracefulShutdown()
        stopping.store(true, ordering: .releasing)
    }

    private func openListener() throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HTTPEndpointError(message: "socket failed: errno \(errno)") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            close(fd)
            throw HTTPEndpointError(message: "not an IPv4 address: \(host)")
        }
        let bindResult = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bindResult == 0, listen(fd, 16) == 0 else {
            let code = errno
            close(fd)
            throw HTTPEndpointError(message: "cannot listen on \(host):\(port): errno \(code)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.bound.store(Int(UInt16(bigEndian: actual.sin_port)), ordering: .releasing)
        return fd
    }

    private func serve(_ listener: Int32) {
        while !stopping.load(ordering: .acquiring) {
            var fds = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0)]
            guard poll(&fds, 1, 250) > 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            handle(client)
            close(client)
        }
    }

    private func handle(_ client: Int32) {
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var request = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 2048)
        while request.count < 16_384 {
            let count = read(client, &buffer, buffer.count)
            guard count > 0 else { break }
            request.append(contentsOf: buffer[0..<count])
            if request.count >= 4, request.suffix(4) == [13, 10, 13, 10] { break }
        }
        let line = String(decoding: request.prefix { $0 != 13 && $0 != 10 }, as: UTF8.self).split(separator: " ")
        let response: (status: Int, contentType: String, body: [UInt8])
        if line.count >= 2, line[0] == "GET" {
            response = respond(String(line[1].split(separator: "?").first ?? ""))
        } else {
            response = (405, "text/plain", Array("only GET\n".utf8))
        }
        let reason = [200: "OK", 404: "Not Found", 405: "Method Not Allowed", 503: "Service Unavailable"][response.status] ?? "Status"
        var head = "HTTP/1.1 \(response.status) \(reason)\r\nContent-Type: \(response.contentType)\r\n"
        head += "Content-Length: \(response.body.count)\r\nConnection: close\r\n\r\n"
        let bytes = Array(head.utf8) + response.body
        var sent = 0
        while sent < bytes.count {
            let written = bytes[sent...].withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
            guard written > 0 else { return }
            sent += written
        }
    }
}

struct HTTPEndpointError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
