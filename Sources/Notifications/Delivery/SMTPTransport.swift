/// Where and how mail is handed over, and how long that may take. An
/// `SMTPSession` sends with it.
public struct SMTPTransport: Sendable {
    public let server: SMTPServer
    public let sender: MailSender
    /// Longest wait for a connection. Default 5 s.
    public var connectTimeout: Duration
    /// Longest send of one mail, connecting included, below the database's
    /// idle-in-transaction limit (the row stays locked meanwhile). Default 30 s.
    public var timeout: Duration

    public init(server: SMTPServer, sender: MailSender, connectTimeout: Duration = .seconds(5), timeout: Duration = .seconds(30)) {
        self.server = server
        self.sender = sender
        self.connectTimeout = connectTimeout
        self.timeout = timeout
    }
}
