import Glibc

/// One client's connection on the endpoint's thread: read the request head,
/// write the answer, then half-close and read what the client still sends
/// until it closes (so a client that sent more than the head, a body or an
/// oversized head, gets the answer instead of a reset).
struct HTTPConnection {
    enum Phase {
        case reading, writing, draining
    }

    let fd: Int32
    /// Accept time plus the request timeout.
    let deadline: ContinuousClock.Instant
    private(set) var phase = Phase.reading
    private var received: [UInt8] = []
    private var output: [UInt8] = []
    private var sent = 0

    /// Reads while draining, so a client that reads slowly and sends a lot
    /// cannot hold the thread: at most this many reads per turn.
    private static let readsPerTurn = 16

    init(fd: Int32, deadline: ContinuousClock.Instant) {
        self.fd = fd
        self.deadline = deadline
    }

    var pollEvents: Int16 { Int16(phase == .writing ? POLLOUT : POLLIN) }

    /// Does what the socket allows now, never waiting. False when the
    /// connection is finished (answered and closed by the client, or broken):
    /// the caller closes it.
    mutating func proceed(maxRequestBytes: Int, scratch: inout [UInt8], respond: HTTPEndpoint.Responder) -> Bool {
        switch phase {
        case .reading: readHead(maxRequestBytes: maxRequestBytes, scratch: &scratch, respond: respond)
        case .writing: flush(scratch: &scratch)
        case .draining: drain(scratch: &scratch)
        }
    }

    /// At the deadline: a 408 if nothing was answered yet, sent only if the
    /// socket takes it at once.
    func expire() {
        guard phase == .reading else { return }
        let bytes = HTTPResponse(status: 408).bytes
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
    }

    private mutating func readHead(maxRequestBytes: Int, scratch: inout [UInt8], respond: HTTPEndpoint.Responder) -> Bool {
        while true {
            let count = recv(fd, &scratch, scratch.count, 0)
            if count > 0 {
                received += scratch[0..<count]
                if let head = HTTPRequestHead.parse(received, limit: maxRequestBytes) {
                    output = Self.answer(head, respond: respond).bytes
                    received = []
                    phase = .writing
                    return flush(scratch: &scratch)
                }
                continue
            }
            if count < 0 && errno == EINTR { continue }
            // The client left before finishing its head, or the socket broke.
            return count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)
        }
    }

    private mutating func flush(scratch: inout [UInt8]) -> Bool {
        while sent < output.count {
            let count = output[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count > 0 {
                sent += count
                continue
            }
            if count < 0 && errno == EINTR { continue }
            return count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)
        }
        output = []
        shutdown(fd, Int32(SHUT_WR))
        phase = .draining
        return drain(scratch: &scratch)
    }

    private func drain(scratch: inout [UInt8]) -> Bool {
        for _ in 0..<Self.readsPerTurn {
            let count = recv(fd, &scratch, scratch.count, 0)
            if count > 0 || (count < 0 && errno == EINTR) { continue }
            return count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)
        }
        return true
    }

    static func answer(_ head: HTTPRequestHead, respond: HTTPEndpoint.Responder) -> HTTPResponse {
        switch head {
        case .get(let path):
            let answer = respond(path)
            return HTTPResponse(status: answer.status, contentType: answer.contentType, body: answer.body)
        case .otherMethod: return HTTPResponse(status: 405, allow: "GET")
        case .malformed: return HTTPResponse(status: 400)
        case .tooLarge: return HTTPResponse(status: 431)
        }
    }
}
