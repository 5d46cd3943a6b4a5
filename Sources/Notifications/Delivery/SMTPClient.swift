import CCurlShim

/// One libcurl handle kept from mail to mail, so that libcurl keeps the SMTP
/// connection (and its EHLO, STARTTLS and AUTH) for the next mail: it checks
/// that a kept connection is still alive before it sends over it, and says
/// QUIT only when the handle is closed. Not Sendable: it belongs to the
/// thread of its `SMTPSession`.
///
/// A server that ended the connection meanwhile (idle timeout, restart, a
/// 421 for too many mails on one connection) fails the next send: when that
/// happened on a reused connection before the whole message was handed over,
/// the server cannot have taken it, so it is sent once more on a fresh
/// connection before its outcome counts. After the message was handed over
/// the server may have taken it, so it is not sent again here: the sender's
/// usual classification applies (as for a connection of its own).
final class SMTPClient {
    private let transport: SMTPTransport
    private var handle: OpaquePointer?

    init(transport: SMTPTransport) {
        self.transport = transport
    }

    /// Sends one mail; blocks for up to `transport.timeout`, and as long again
    /// when sent again (which happens only after a quick failure).
    func send(_ payload: [UInt8], to recipient: String) -> SMTPOutcome {
        guard let handle = opened() else { return .temporary(reply: "curl_easy_init failed") }
        var result = attempt(payload, to: recipient, fresh: false, on: handle)
        if Self.triesAgain(
            curlCode: result.curl_code, replyCode: result.reply_code, reusedConnection: result.reused_connection != 0,
            messageHandedOver: result.message_handed_over != 0)
        {
            result = attempt(payload, to: recipient, fresh: true, on: handle)
        }
        return SMTPOutcome.classify(
            curlCode: result.curl_code, replyCode: result.reply_code, reply: Self.string(&result.reply), error: Self.string(&result.error))
    }

    /// Says QUIT on the open connection, if any, and frees the handle.
    func close() {
        batbern_smtp_close(handle)
        handle = nil
    }

    /// Whether a failed send may go once more on a fresh connection: it went
    /// over a reused one, which failed before the message was handed over,
    /// and no 5xx refused the mail itself. Not after a timeout (28): a second
    /// one would hold the row's lock past the database's idle-in-transaction
    /// limit; the mail is postponed instead.
    static func triesAgain(curlCode: Int32, replyCode: Int, reusedConnection: Bool, messageHandedOver: Bool) -> Bool {
        curlCode != 0 && curlCode != 28 && reusedConnection && !messageHandedOver && !(500...599).contains(replyCode)
    }

    private func attempt(_ payload: [UInt8], to recipient: String, fresh: Bool, on handle: OpaquePointer) -> batbern_smtp_result {
        var result = batbern_smtp_result()
        payload.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                recipient.withCString { to in
                    batbern_smtp_send(handle, to, chars.baseAddress, chars.count, fresh ? 1 : 0, &result)
                }
            }
        }
        return result
    }

    /// The handle, made on first use (and again after a failure to make it).
    private func opened() -> OpaquePointer? {
        if let handle { return handle }
        let server = transport.server
        handle = server.url.withCString { url in
            transport.sender.address.withCString { from in
                withOptionalCString(server.username) { username in
                    withOptionalCString(server.password) { password in
                        var options = batbern_smtp_options(
                            url: url, username: username, password: password, require_tls: server.requireTLS ? 1 : 0, mail_from: from,
                            connect_timeout_ms: Self.milliseconds(transport.connectTimeout), timeout_ms: Self.milliseconds(transport.timeout)
                        )
                        return batbern_smtp_open(&options)
                    }
                }
            }
        }
        return handle
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
