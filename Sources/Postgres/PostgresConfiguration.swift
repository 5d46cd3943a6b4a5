import CLibPQ
import Foundation

extension PostgresConnection {
    /// How to reach the database.
    public struct Configuration: Sendable, CustomStringConvertible {
        public var host: String
        /// Default 5432.
        public var port: Int
        public var database: String
        public var user: String
        public var password: String?
        /// libpq's sslmode; default "prefer", as libpq's own default.
        public var sslMode: String
        /// Default 10 s (libpq rounds to whole seconds).
        public var connectTimeout: Duration
        /// Shown in pg_stat_activity. Default "batbern".
        public var applicationName: String
        /// Schema search path for the session; nil keeps the server's default.
        /// Tests use it to give each test a schema of its own.
        public var searchPath: String?

        public init(
            host: String = "127.0.0.1", port: Int = 5432, database: String, user: String,
            password: String? = nil, sslMode: String = "prefer", connectTimeout: Duration = .seconds(10),
            applicationName: String = "batbern"
        ) {
            self.host = host
            self.port = port
            self.database = database
            self.user = user
            self.password = password
            self.sslMode = sslMode
            self.connectTimeout = connectTimeout
            self.applicationName = applicationName
        }

        /// Parses `postgres://user:password@host:port/database?sslmode=...`;
        /// also `connect_timeout`, `application_name` and `search_path`.
        public init(url: String) throws {
            guard let components = URLComponents(string: url),
                  components.scheme == "postgres" || components.scheme == "postgresql"
            else {
                throw PostgresError(.connectFailed, "expected postgres://user:password@host:port/database")
            }
            var database = components.percentEncodedPath
            if database.hasPrefix("/") { database.removeFirst() }
            guard let user = components.user?.removingPercentEncoding, !user.isEmpty, !database.isEmpty else {
                throw PostgresError(.connectFailed, "the URL needs a user and a database")
            }
            self.init(
                host: components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1",
                port: components.port ?? 5432,
                database: database.removingPercentEncoding ?? database,
                user: user,
                password: components.password?.removingPercentEncoding
            )
            for item in components.queryItems ?? [] {
                switch item.name {
                case "sslmode": if let value = item.value { sslMode = value }
                case "connect_timeout": if let value = item.value.flatMap(Int.init) { connectTimeout = .seconds(value) }
                case "application_name": if let value = item.value { applicationName = value }
                case "search_path":
                    // Becomes a server option: schema names and commas only, so it cannot carry another.
                    guard let value = item.value, !value.isEmpty,
                          value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "," }) else {
                        throw PostgresError(.connectFailed, "search_path in the URL is schema names separated by commas")
                    }
                    searchPath = value
                default: break
                }
            }
        }

        /// libpq keyword/value pairs. Session settings fix the text formats the
        /// decoders rely on.
        var keywords: [(String, String)] {
            var pairs = [
                ("host", host), ("port", String(port)), ("dbname", database), ("user", user),
                ("sslmode", sslMode),
                ("connect_timeout", String(max(1, Int(connectTimeout.components.seconds)))),
                ("application_name", applicationName),
                ("options", "-c TimeZone=UTC -c DateStyle=ISO -c extra_float_digits=3 -c client_encoding=UTF8"
                    + (searchPath.map { " -c search_path=\($0)" } ?? "")),
            ]
            if let password { pairs.append(("password", password)) }
            return pairs
        }

        /// The target without the password, for logs.
        public var description: String { "postgres://\(user):***@\(host):\(port)/\(database)" }

        /// Opens a blocking libpq connection; the caller owns it and must PQfinish it.
        func openLibPQConnection() throws -> OpaquePointer {
            let pairs = keywords
            let keys = pairs.map { strdup($0.0) }
            let values = pairs.map { strdup($0.1) }
            defer {
                keys.forEach { free($0) }
                values.forEach { free($0) }
            }
            var keyPointers = keys.map { UnsafePointer($0) } + [nil]
            var valuePointers = values.map { UnsafePointer($0) } + [nil]
            guard let connection = PQconnectdbParams(&keyPointers, &valuePointers, 0) else {
                throw PostgresError(.connectFailed, "\(self): out of memory")
            }
            guard PQstatus(connection) == CONNECTION_OK else {
                let message = PostgresConnection.lastError(connection)
                PQfinish(connection)
                throw PostgresError(.connectFailed, "\(self): \(message)")
            }
            return connection
        }
    }
}
