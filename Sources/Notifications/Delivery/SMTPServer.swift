import Foundation

/// Where and how mail is handed over, from `BATBERN_SMTP_URL`:
/// `smtp://[user:password@]host[:port][?starttls=required]` or
/// `smtps://[user:password@]host[:port]` (TLS from the first byte). With a
/// user, the sender authenticates (AUTH); with `starttls=required` it
/// refuses to send unless the server switches to TLS first. The default,
/// `smtp://127.0.0.1:2525`, is deploy/local's sink.
public struct SMTPServer: Sendable, Equatable {
    /// `smtp://host:port` or `smtps://host:port`, without credentials.
    public let url: String
    public let username: String?
    public let password: String?
    public let requireTLS: Bool

    public static let local = SMTPServer(url: "smtp://127.0.0.1:2525", username: nil, password: nil, requireTLS: false)

    init(url: String, username: String?, password: String?, requireTLS: Bool) {
        self.url = url
        self.username = username
        self.password = password
        self.requireTLS = requireTLS
    }

    /// Nil for anything else than the forms above (a path, another query, no host).
    public init?(url text: String) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "smtp" || scheme == "smtps", let host = components.host, !host.isEmpty,
            components.path.isEmpty || components.path == "/", components.fragment == nil
        else { return nil }
        var requireTLS = scheme == "smtps"
        for item in components.queryItems ?? [] {
            guard item.name == "starttls", scheme == "smtp" else { return nil }
            switch item.value {
            case "required": requireTLS = true
            case "none": requireTLS = false
            default: return nil
            }
        }
        let port = components.port ?? (scheme == "smtps" ? 465 : 25)
        guard (1...65535).contains(port) else { return nil }
        let bracketed = host.contains(":") ? "[\(host)]" : host
        self.init(
            url: "\(scheme)://\(bracketed):\(port)", username: components.user?.removingPercentEncoding,
            password: components.password?.removingPercentEncoding, requireTLS: requireTLS
        )
    }
}
