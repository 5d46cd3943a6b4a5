import Dispatch
import Foundation
import Synchronization

/// The sender's SMTP client on a thread of its own: one thread and one
/// `SMTPClient` for the sender's life, not one per mail, so a burst of mails
/// goes over one connection (one TCP connect, EHLO, STARTTLS and AUTH).
/// curl blocks for up to `SMTPTransport.timeout`; on Swift's cooperative pool
/// it would hold one of its few threads meanwhile.
///
/// Limits: one connection, one mail at a time. A server that takes only so
/// many mails per connection answers 421 and the next send reconnects at
/// once (`SMTPClient`); a connection idle longer than libcurl's maximum age
/// (118 s) is dropped without QUIT and the next mail connects anew.
final class SMTPSession: Sendable {
    private enum Request: Sendable {
        case send(payload: [UInt8], recipient: String, answer: CheckedContinuation<SMTPOutcome, Never>)
        case close(done: CheckedContinuation<Void, Never>)
    }

    private struct Requests {
        var waiting: [Request] = []
        var closed = false
    }

    private let transport: SMTPTransport
    private let requests = Mutex(Requests())
    /// Signalled once per request.
    private let wake = DispatchSemaphore(value: 0)

    /// Starts the thread; `close` ends it.
    init(transport: SMTPTransport) {
        self.transport = transport
        let thread = Thread { [self] in serve() }
        thread.name = "smtp"
        thread.start()
    }

    /// Hands `mail` to the server; after `close`, answers at once that it was not sent.
    func send(_ mail: OutgoingMail) async -> SMTPOutcome {
        let payload = Array(mail.rendered(from: transport.sender).utf8)
        return await withCheckedContinuation { answer in
            let taken = requests.withLock { requests in
                guard !requests.closed else { return false }
                requests.waiting.append(.send(payload: payload, recipient: mail.to, answer: answer))
                return true
            }
            if taken { wake.signal() } else { answer.resume(returning: .temporary(reply: "the sender is stopping")) }
        }
    }

    /// Lets the mail in hand finish, then says QUIT and ends the thread.
    func close() async {
        await withCheckedContinuation { done in
            let first = requests.withLock { requests in
                guard !requests.closed else { return false }
                requests.closed = true
                requests.waiting.append(.close(done: done))
                return true
            }
            if first { wake.signal() } else { done.resume() }
        }
    }

    /// The thread: requests in order until `close`.
    private func serve() {
        let client = SMTPClient(transport: transport)
        while true {
            wake.wait()
            guard let request = requests.withLock({ $0.waiting.isEmpty ? nil : $0.waiting.removeFirst() }) else { continue }
            switch request {
            case .send(let payload, let recipient, let answer):
                answer.resume(returning: client.send(payload, to: recipient))
            case .close(let done):
                client.close()
                done.resume()
                return
            }
        }
    }
}
