import Foundation
import WorkerHost

/// A GET over a plain socket to 127.0.0.1, as Prometheus or a kubelet's
/// probe sends it; nil when nothing answers (refused, or silent for `timeout`).
public func httpGet(port: Int, path: String, timeout: Duration = .seconds(5)) -> (status: Int, body: String)? {
    httpGet(host: "127.0.0.1", port: port, path: path, timeout: timeout)
}

/// The same, for a test that expects an answer: nothing answering fails it.
public func httpGet(port: Int, _ path: String, timeout: Duration = .seconds(10)) throws -> (status: Int, body: String) {
    guard let response = httpGet(port: port, path: path, timeout: timeout) else { throw TimedOut(what: "an answer on port \(port)") }
    return response
}

/// A TCP connection to `port` on 127.0.0.1 whose reads and writes give up
/// after `timeout`; nil when refused. The caller closes it.
func loopbackConnection(port: Int, timeout: Duration) -> Int32? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return nil }
    var limit = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else {
        close(fd)
        return nil
    }
    return fd
}
