import CCurlShim
import Foundation

/// Hands one mail to an SMTP server with libcurl, on a thread of its own
/// (curl blocks for up to `timeout`; on Dispatch's global queue it could hold
/// one of the few threads Swift's cooperative pool shares with it), a
/// connection per mail.
public struct SMTPTransport: Sendable {
    public let server: SMTPServer
    public let sender: MailSender
    /// Longest wait for the connection. Default 5 s.
    public var connectTimeout: Duration
    /// Longest whole conversation, below the database's idle-in-transaction
    /// limit (the row stays locked meanwhile). Default 30 s.
    public var timeout: Duration

    public init(server: SMTPServer, sender: MailSender, connectTimeout: Duration = .seconds(5), timeout: Duration = .seconds(30)) {
        self.server = server
        self.sender = sender
        self.connectTimeout = connectTimeout
        self.timeout = timeout
    }

    public func send(_ mail: OutgoingMail) async -> SMTPOutcome {
        let payload = mail.rendered(from: sender)
        return await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: sendBlocking(payload: payload, to: mail.to))
            }
            thread.name = "smtp"
            thread.start()
        }
    }

    private func sendBlocking(payload: String, to recipient: String) -> SMTPOutcome {
        var result = batbern_smtp_result()
        let bytes = Array(payload.utf8)
        server.url.withCString { url in
            sender.address.withCString { from in
                recipient.withCString { to in
                    withOptionalCString(server.username) { username in
                        withOptionalCString(server.password) { password in
                            bytes.withUnsafeBufferPointer { buffer in
                                buffer.withMemoryRebound(to: CChar.self) { chars in
                                    var request = batbern_smtp_request(
                                        url: url, username: username, password: password, require_tls: server.requireTLS ? 1 : 0,
                                        mail_from: from, recipient: to, payload: chars.baseAddress, payload_length: chars.count,
                                        connect_timeout_ms: Self.milliseconds(connectTimeout), timeout_ms: Self.milliseconds(timeout)
                                    )
                                    batbern_smtp_send(&request, &result)
                                }
                            }
                        }
                    }
                }
            }
        }
        let reply = Self.string(&result.reply)
        let error = Self.string(&result.error)
        return SMTPOutcome.classify(curlCode: result.curl_code, replyCode: result.reply_code, reply: reply, error: error)
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds) * 1000 + Int(duration.components.attoseconds / 1_000_000_000_000_000)
    }

    private static func string<T>(_ tuple: inout T) -> String {
        withUnsafeBytes(of: &tuple) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}

private func withOptionalCString<R>(_ text: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
    guard let text else { return body(nil) }
    return text.withCString { body($0) }
}
