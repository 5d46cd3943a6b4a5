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
