public import AMQP
public import Postgres

extension SettingParser where Value == AMQPConnection.Configuration {
    /// A broker URL, `amqp://user:password@host:port/vhost` (or `amqps://`),
    /// or several, comma-separated, one per node of a cluster, differing
    /// only in host and port: a refused one is named by its position.
    public static var brokerURL: SettingParser<AMQPConnection.Configuration> {
        let single = url(allowed: "") { try? AMQPConnection.Configuration(url: $0) }.parse
        return SettingParser(
            allowed: "amqp://user:password@host:port/vhost or amqps://…; several nodes comma-separated, alike but for host:port"
        ) { text in
            let urls = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace }
            guard urls.count > 1 else { return single(text) }
            for (index, url) in urls.enumerated() {
                let position = "URL \(index + 1) of \(urls.count)"
                if url.isEmpty { return .failure(SettingRefusal("\(position) is empty")) }
                if case .failure(let refusal) = single(url) { return .failure(SettingRefusal("\(position): \(refusal.reason)")) }
            }
            do {
                return .success(try AMQPConnection.Configuration(url: text))
            } catch {
                return .failure(SettingRefusal((error as? AMQPError)?.message ?? "cannot use these URLs"))
            }
        }
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
