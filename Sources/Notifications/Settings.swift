public import Messaging

/// The notifications worker's own settings: where mail goes, who it comes
/// from, and how it is retried.
public struct NotificationsSettings: Sendable, Equatable {
    /// `BATBERN_SMTP_URL`. Default `smtp://127.0.0.1:2525` (deploy/local's sink).
    public var smtp: SMTPServer
    /// `BATBERN_NOTIFICATIONS_FROM`. Default `noreply@batbern.ch`.
    public var fromAddress: String
    /// `BATBERN_NOTIFICATIONS_ORGANISER_EMAIL`: where "speaker confirmed" goes
    /// for events that name no organiser address. Default none (no such mail).
    public var organiserEmail: String?
    /// `BATBERN_NOTIFICATIONS_LANGUAGE`: for recipients who named none. Default `de`.
    public var defaultLanguage: MailLanguage
    /// `BATBERN_NOTIFICATIONS_RETRY_MAX`: the longest wait between attempts of
    /// a mail that failed for now (1 s doubling up to it). Default 5 minutes.
    public var retryMaximum: Duration
    /// `BATBERN_NOTIFICATIONS_POLL_INTERVAL`: how often the sender looks for
    /// new rows. Default 1 s.
    public var pollInterval: Duration

    public init(
        smtp: SMTPServer = .local, fromAddress: String = "noreply@batbern.ch", organiserEmail: String? = nil,
        defaultLanguage: MailLanguage = .de, retryMaximum: Duration = .seconds(300), pollInterval: Duration = .seconds(1)
    ) {
        self.smtp = smtp
        self.fromAddress = fromAddress
        self.organiserEmail = organiserEmail
        self.defaultLanguage = defaultLanguage
        self.retryMaximum = retryMaximum
        self.pollInterval = pollInterval
    }

    /// From the environment, with problems recorded in `reader` to be
    /// reported with the worker's other settings.
    public init(reading reader: inout SettingsReader) {
        self.init()
        reader.read("BATBERN_SMTP_URL", Self.smtpURL, into: &smtp)
        reader.read("BATBERN_NOTIFICATIONS_FROM", Self.emailAddress, into: &fromAddress)
        organiserEmail = reader.read("BATBERN_NOTIFICATIONS_ORGANISER_EMAIL", Self.emailAddress)
        reader.read("BATBERN_NOTIFICATIONS_LANGUAGE", .oneOf(MailLanguage.allCases), into: &defaultLanguage)
        reader.read("BATBERN_NOTIFICATIONS_RETRY_MAX", .duration(in: .seconds(1) ... .seconds(3600)), into: &retryMaximum)
        reader.read("BATBERN_NOTIFICATIONS_POLL_INTERVAL", .duration(in: .milliseconds(10) ... .seconds(60)), into: &pollInterval)
    }

    static let smtpURL = SettingParser<SMTPServer>(
        allowed: "smtp://[user:password@]host[:port][?starttls=required] or smtps://…"
    ) { text in
        SMTPServer(url: text).map { .success($0) } ?? .failure(SettingRefusal("not an SMTP URL of that form (not shown: it may hold a password)"))
    }

    /// A plain address: something, one `@`, a domain with a dot; no spaces,
    /// brackets or line breaks (it goes into mail headers).
    static let emailAddress = SettingParser<String>(allowed: "an email address such as noreply@batbern.ch") { text in
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        let valid =
            parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
            && text.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 0x20 && $0.value < 0x7f && !"<>()[],;:\\\"".unicodeScalars.contains($0) }
        return valid ? .success(text) : .failure(SettingRefusal("not a plain email address"))
    }
}
