import Foundation
import Logging
import Messaging
import Synchronization
import TestSupport
import Testing

/// The metrics and health endpoint against real sockets: hostile or slow
/// clients cost a connection slot until the deadline, never the endpoint.
@Suite final class HTTPEndpointConnectionTests: Sendable {
    /// Paths the responder was asked for.
    let asked = Mutex<[String]>([])

    /// Runs `body` against an endpoint on a free loopback port that answers
    /// `/health/live` with 200, `/big` with 8 MiB and everything else with
    /// 404, then stops it.
    func withEndpoint(
        _ configuration: HTTPEndpoint.Configuration = HTTPEndpoint.Configuration(),
        _ body: (HTTPEndpoint) async throws -> Void
    ) async throws {
        let endpoint = HTTPEndpoint(port: 0, configuration: configuration, logger: Logger(label: "test.http")) { [self] path in
            self.asked.withLock { $0.append(path) }
            switch path {
            case "/health/live": return (200, "text/plain", Array("alive\n".utf8))
            case "/big": return (200, "text/plain", [UInt8](repeating: 65, count: 8 << 20))
            default: return (404, "text/plain", [])
            }
        }
        let running = Task { try await endpoint.run() }
        try await eventually("the endpoint listening") { endpoint.boundPort != 0 }
        do {
            try await body(endpoint)
        } catch {
            running.cancel()
            throw error
        }
        running.cancel()
        try await running.value
    }

    static let live = "GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n"

    @Test func aClientSendingOneByteASecondDoesNotDelayAnotherAndIsClosedAtTheDeadline() async throws {
        try await withEndpoint { endpoint in
            let slow = try HTTPTestClient(port: endpoint.boundPort)
            let connected = ContinuousClock.now
            let request = Array(Self.live.utf8)
            slow.send([request[0]])
            let dribble = Task {
                for byte in request.dropFirst() {
                    try await Task.sleep(for: .seconds(1))
                    guard slow.send([byte]) == 1 else { return }
                }
            }
            defer { dribble.cancel() }

            let other = try HTTPTestClient(port: endpoint.boundPort)
            let asked = ContinuousClock.now
            other.send(Self.live)
            let answer = try await other.response(timeout: .seconds(10))
            #expect(answer.status == 200)
            // Served one at a time (the old server), it would wait for the slow
            // client's whole request (45 s) or its deadline; here it is
            // answered while the slow one still dribbles. The bound leaves room
            // for a loaded machine: it only has to beat the slow one's deadline.
            #expect(
                ContinuousClock.now - connected < .milliseconds(4500), "answered after \(ContinuousClock.now - asked), while the slow client dribbles"
            )

            let last = HTTPTestResponse(try await slow.readToEnd(timeout: .seconds(20)))
            let held = ContinuousClock.now - connected
            #expect(held > .milliseconds(4500) && held < .seconds(8), "closed at the 5 s deadline, after \(held)")
            #expect(last.status == nil || last.status == 408)
        }
    }

    @Test func aClientThatSendsNothingIsClosedAtTheDeadline() async throws {
        try await withEndpoint { endpoint in
            let silent = try HTTPTestClient(port: endpoint.boundPort)
            let connected = ContinuousClock.now
            let last = HTTPTestResponse(try await silent.readToEnd(timeout: .seconds(20)))
            let held = ContinuousClock.now - connected
            #expect(held > .milliseconds(4500) && held < .seconds(8), "closed at the 5 s deadline, after \(held)")
            #expect(last.status == nil || last.status == 408)
        }
    }

    /// The first client connected stays silent while the other 49 ask: they
    /// are answered while its connection is still open (a server handling
    /// one connection at a time would be stuck on it), and then it is too.
    @Test func fiftyConcurrentClientsAllGetTheirAnswer() async throws {
        try await withEndpoint(HTTPEndpoint.Configuration(requestTimeout: .seconds(60))) { endpoint in
            let clients = try (0..<50).map { _ in try HTTPTestClient(port: endpoint.boundPort) }
            for client in clients.dropFirst() { client.send(Self.live) }
            let statuses = try await withThrowingTaskGroup(of: Int?.self) { group in
                for client in clients.dropFirst() {
                    group.addTask { try await client.response(timeout: .seconds(20)).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 200, count: 49))
            clients[0].send(Self.live)
            #expect(try await clients[0].response(timeout: .seconds(20)).status == 200)
        }
    }

    @Test func connectionsBeyondTheMaximumAreClosedAtOnce() async throws {
        try await withEndpoint(HTTPEndpoint.Configuration(requestTimeout: .seconds(60), maxConnections: 2)) { endpoint in
            var held = try (0..<2).map { _ in try HTTPTestClient(port: endpoint.boundPort) }
            let third = try HTTPTestClient(port: endpoint.boundPort)
            #expect(try await third.readToEnd(timeout: .seconds(2)).isEmpty, "closed without an answer")
            // A slot frees when a client has its answer and leaves.
            held[0].send(Self.live)
            #expect(try await held[0].response().status == 200)
            held.removeFirst()
            try await eventually("a new client answered", timeout: .seconds(10)) {
                let client = try HTTPTestClient(port: endpoint.boundPort)
                client.send(Self.live)
                return try await client.response(timeout: .seconds(2)).status == 200
            }
            withExtendedLifetime(held) {}
        }
    }

    @Test(arguments: ["GET\r\n\r\n", "GET http://localhost/health/live HTTP/1.1\r\n\r\n", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"])
    func aMalformedRequestLineGets400(request: String) async throws {
        try await withEndpoint { endpoint in
            let client = try HTTPTestClient(port: endpoint.boundPort)
            client.send(request)
            #expect(try await client.response().status == 400)
        }
    }

    @Test func aRequestLargerThanTheLimitGets431OrIsClosed() async throws {
        try await withEndpoint { endpoint in
            let client = try HTTPTestClient(port: endpoint.boundPort)
            let filler = String(repeating: "a", count: 64 * 1024)
            try await client.sendAll(Array("GET /health/live HTTP/1.1\r\nX-Filler: \(filler)\r\n\r\n".utf8))
            let answer = try await client.response()
            #expect(answer.status == 431 || answer.status == nil, "got \(String(describing: answer.status))")
        }
    }

    @Test(arguments: [
        "HEAD /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n",
        "POST /health/live HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\n\r\nx=1",
    ])
    func otherMethodsGet405(request: String) async throws {
        try await withEndpoint { endpoint in
            let client = try HTTPTestClient(port: endpoint.boundPort)
            client.send(request)
            let answer = try await client.response()
            #expect(answer.status == 405)
            #expect(answer.headers["allow"] == "GET")
        }
    }

    @Test func aPathWithAQueryStringIsAnsweredForItsPath() async throws {
        try await withEndpoint { endpoint in
            let client = try HTTPTestClient(port: endpoint.boundPort)
            client.send("GET /health/live?verbose=1 HTTP/1.1\r\nHost: localhost\r\n\r\n")
            let answer = try await client.response()
            #expect(answer.status == 200)
            #expect(answer.body == "alive\n")
            #expect(asked.withLock { $0 } == ["/health/live"])
        }
    }

    /// Writing to a connection its client has left raises SIGPIPE, which
    /// would end the whole process.
    @Test func clientsThatLeaveBeforeTheirAnswerDoNotTakeTheEndpointDown() async throws {
        try await withEndpoint { endpoint in
            for _ in 0..<5 {
                let client = try HTTPTestClient(port: endpoint.boundPort)
                client.send("GET /big HTTP/1.1\r\nHost: localhost\r\n\r\n")
            }
            for _ in 0..<5 {
                let client = try HTTPTestClient(port: endpoint.boundPort)
                client.send("GET /big HTTP/1.1\r\nHost: localhost\r\n\r\n")
                client.resetOnClose()
            }
            let client = try HTTPTestClient(port: endpoint.boundPort)
            client.send(Self.live)
            #expect(try await client.response().status == 200)
        }
    }

    /// Shutdown does not wait for a connected client's deadline.
    @Test func shutdownStopsTheLoopPromptlyWhileAClientIsConnected() async throws {
        let endpoint = HTTPEndpoint(
            port: 0, configuration: HTTPEndpoint.Configuration(requestTimeout: .seconds(60)), logger: Logger(label: "test.http")
        ) { _ in (200, "text/plain", []) }
        let running = Task { try await endpoint.run() }
        try await eventually("the endpoint listening") { endpoint.boundPort != 0 }
        let port = endpoint.boundPort
        let silent = try HTTPTestClient(port: port)
        let stopping = ContinuousClock.now
        running.cancel()
        try await running.value
        #expect(ContinuousClock.now - stopping < .seconds(5))
        #expect(throws: HTTPTestClient.Failure.self, "no longer listening") { try HTTPTestClient(port: port) }
        _ = try await silent.readToEnd(timeout: .seconds(5))
    }
}
