public import AMQP
public import Postgres

extension SettingParser where Value == AMQPConnection.Configuration {
    /// A broker URL, `amqp://user:password@host:port/vhost` (or `amqps://`).
    public static var brokerURL: SettingParser<AMQPConnection.Configuration> {
        url(allowed: "amqp://user:password@host:port/vhost or amqps://…") { try? AMQPConnection.Configuration(url: $0) }
    }
}

extension SettingParser where Value == PostgresConnection.Configuration {
    /// A database URL, `postgres://user:password@host:port/database`, or
    /// with several servers (`host:port,host:port`) as libpq takes them.
    public static var databaseURL: SettingParser<PostgresConnection.Configuration> {
        url(allowed: "postgres://user:password@host:port[,host:port...]/database") { try? PostgresConnection.Configuration(url: $0) }
    }
}

extension SettingParser {
    /// A URL that `read` accepts; a refused one is quoted with its password
    /// masked.
    static func url(allowed: String, _ read: @escaping @Sendable (String) -> Value?) -> SettingParser<Value> {
        SettingParser(allowed: allowed) { text in
            read(text).map { .success($0) } ?? .failure(SettingRefusal("cannot use \(maskingPassword(text))"))
        }
    }

    /// The URL with its password, whatever stands between `user:` and the
    /// last `@`, replaced by `***`. Without an `@`, a port that is not a
    /// number is masked too (it may be a password that lost its `@`), in
    /// any server of a `host:port,host:port` list; text that is not
    /// `scheme://…` at all is not quoted.
    static func maskingPassword(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return "a text that is not a URL" }
        let rest = url[schemeEnd.upperBound...]
        if let at = rest.lastIndex(of: "@") {
            guard let colon = rest[..<at].firstIndex(of: ":") else { return url }
            return url[...colon] + "***" + url[at...]
        }
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let servers = authority.split(separator: ",", omittingEmptySubsequences: false)
        let portsOnly = servers.allSatisfy { server in
            server.firstIndex(of: ":").map { server[server.index(after: $0)...].allSatisfy(\.isASCIIDigit) } ?? true
        }
        guard let colon = authority.firstIndex(of: ":"), !portsOnly else { return url }
        return url[...colon] + "***" + url[authority.endIndex...]
    }
}
