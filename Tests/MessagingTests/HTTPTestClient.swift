import Foundation
import Glibc
import TestSupport

/// A raw TCP client for the HTTP endpoint tests. Its socket is non-blocking
/// and its waits are bounded polls that sleep between tries, so fifty of them
/// can wait at once without blocking the test's few threads.
final class HTTPTestClient: Sendable {
    let fd: Int32

    /// Connects to the endpoint on loopback; throws when the connection is refused.
    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(what: "socket", code: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(0x7f00_0001).bigEndian
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(fd)
            throw Failure(what: "connect", code: code)
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }

    deinit { Glibc.close(fd) }

    /// Sends what the socket takes now; returns how many bytes it took.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Int {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { break }
            sent += count
        }
        return sent
    }

    @discardableResult
    func send(_ text: String) -> Int { send(Array(text.utf8)) }

    /// Sends all of `bytes`, waiting (bounded) while the socket is full; stops
    /// early when the server closes.
    func sendAll(_ bytes: [UInt8], timeout: Duration = .seconds(10)) async throws {
        var rest = bytes[...]
        try await eventually("\(bytes.count) bytes sent", timeout: timeout, every: .milliseconds(5)) {
            let count = rest.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count > 0 { rest = rest.dropFirst(count) }
            return rest.isEmpty || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
        }
    }

    /// Everything the server sends until it closes the connection (an end of
    /// file or a reset); throws when it is still open after `timeout`.
    func readToEnd(timeout: Duration = .seconds(15)) async throws -> [UInt8] {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        try await eventually("the server to close the connection", timeout: timeout, every: .milliseconds(5)) {
            while true {
                let count = recv(fd, &buffer, buffer.count, 0)
                if count > 0 {
                    received += buffer[0..<count]
                    continue
                }
                return count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            }
        }
        return received
    }

    /// The response, read until the server closes the connection.
    func response(timeout: Duration = .seconds(15)) async throws -> HTTPTestResponse {
        HTTPTestResponse(try await readToEnd(timeout: timeout))
    }

    /// Makes the close a reset instead of an orderly close (SO_LINGER 0):
    /// the reset goes out when the client is released.
    func resetOnClose() {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
    }

    struct Failure: Error, CustomStringConvertible {
        let what: String
        let code: Int32
        var description: String { "\(what) failed: errno \(code)" }
    }
}
