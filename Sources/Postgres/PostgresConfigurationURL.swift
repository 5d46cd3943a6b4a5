import Foundation

extension PostgresConnection.Configuration {
    /// Parses `postgres://user:password@host:port/database?parameter=value&...`,
    /// or with several servers, `host:port,host:port` (IPv6 in brackets), as libpq does.
    ///
    /// Parameters: `sslmode`, `connect_timeout`, `application_name` and
    /// `target_session_attrs` as libpq has them; `search_path` (schema names and commas only); `statement_timeout`, `lock_timeout` and
    /// `idle_in_transaction_session_timeout` as PostgreSQL reads them (a whole
    /// number with a unit `ms`, `s`, `min` or `h`; no unit means milliseconds);
    /// `keepalives_idle` and `keepalives_interval` in seconds and
    /// `keepalives_count` as libpq has them (`keepalives=1` is accepted:
    /// keepalives are always on). `default` keeps the server's or system's
    /// setting. Anything else, or a value that does not parse, is refused with
    /// `.invalidConfiguration` naming the parameter.
    public init(url: String) throws {
        let (url, servers) = try Self.splittingServers(url)
        guard let components = URLComponents(string: url),
            components.scheme == "postgres" || components.scheme == "postgresql"
        else {
            throw PostgresError(.invalidConfiguration, "expected postgres://user:password@host:port/database")
        }
        var database = components.percentEncodedPath
        if database.hasPrefix("/") { database.removeFirst() }
        guard let user = components.user?.removingPercentEncoding, !user.isEmpty, !database.isEmpty else {
            throw PostgresError(.invalidConfiguration, "the URL needs a user and a database")
        }
        self.init(
            host: components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1",
            port: components.port ?? 5432,
            database: database.removingPercentEncoding ?? database,
            user: user,
            password: components.password?.removingPercentEncoding
        )
        if let servers { self.servers = servers }
        for item in components.queryItems ?? [] {
            try apply(item.name, item.value ?? "")
        }
    }

    private mutating func apply(_ name: String, _ value: String) throws {
        func invalid(_ expected: String) -> PostgresError {
            PostgresError(.invalidConfiguration, "database URL parameter \(name)=\(value) is not valid: expected \(expected)")
        }
        /// nil for `default`.
        func timeout() throws -> Duration? {
            if value == "default" { return nil }
            guard let duration = Self.serverDuration(value), (try? Self.milliseconds(duration, name)) != nil else {
                throw invalid("a whole number with unit ms, s, min or h up to \(Int32.max)ms, or default")
            }
            return duration
        }
        /// nil for `default`.
        func positive() throws -> Int? {
            if value == "default" { return nil }
            guard let number = Int(value), number > 0, number <= Int32.max else {
                throw invalid("a positive whole number, or default")
            }
            return number
        }
        switch name {
        case "sslmode":
            guard ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"].contains(value) else {
                throw invalid("disable, allow, prefer, require, verify-ca or verify-full")
            }
            sslMode = value
        case "connect_timeout":
            guard let seconds = Int(value), seconds > 0 else { throw invalid("a positive whole number of seconds") }
            connectTimeout = .seconds(seconds)
        case "application_name": applicationName = value
        case "target_session_attrs":
            guard let attributes = TargetSessionAttributes(rawValue: value) else {
                throw invalid(TargetSessionAttributes.allCases.map(\.rawValue).joined(separator: ", "))
            }
            targetSessionAttributes = attributes
        case "search_path":
            // Becomes a server option: schema names and commas only, so it cannot carry another.
            guard !value.isEmpty, value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "," }) else {
                throw invalid("schema names separated by commas")
            }
            searchPath = value
        case "statement_timeout": statementTimeout = try timeout()
        case "lock_timeout": lockTimeout = try timeout()
        case "idle_in_transaction_session_timeout": idleInTransactionSessionTimeout = try timeout()
        case "keepalives":
            guard value == "1" else { throw invalid("1 (keepalives are always on)") }
        case "keepalives_idle": keepalivesIdle = try positive().map { .seconds($0) }
        case "keepalives_interval": keepalivesInterval = try positive().map { .seconds($0) }
        case "keepalives_count": keepalivesCount = try positive()
        case "tcp_user_timeout": tcpUserTimeout = try positive().map { .milliseconds($0) }
        default:
            throw PostgresError(.invalidConfiguration, "unknown database URL parameter \(name)")
        }
    }

    /// `250ms`, `30s`, `5min`, `1h`, or a bare number of milliseconds, as PostgreSQL reads timeouts.
    static func serverDuration(_ text: String) -> Duration? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let number = Int64(digits), number <= Int32.max else { return nil }
        switch text.dropFirst(digits.count) {
        case "", "ms": return .milliseconds(number)
        case "s": return .seconds(number)
        case "min": return .seconds(number * 60)
        case "h": return .seconds(number * 3600)
        default: return nil
        }
    }
}
