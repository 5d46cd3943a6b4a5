import CLibPQ
import Foundation

extension PostgresConnection {
    /// How to reach the database, and the limits the session runs under.
    ///
    /// The timeouts are server settings of the session; nil keeps the
    /// server's own setting, zero turns the limit off.
    public struct Configuration: Sendable, CustomStringConvertible {
        /// One or more, tried in order until one gives the session
        /// `targetSessionAttributes` asks for (libpq's multi-host form: a
        /// primary and its standby). Default 127.0.0.1:5432.
        public var servers: [Server]
        /// Default `.any` (libpq's): the first server that answers.
        public var targetSessionAttributes: TargetSessionAttributes
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
        /// A statement running longer is cancelled: 57014, the connection
        /// stays usable. Default 30 s, so a runaway query cannot hold a worker's
        /// connection and locks for good. Migrations run without it.
        public var statementTimeout: Duration?
        /// A statement waiting longer for a lock fails with 55P03, which
        /// `PostgresError.isTransient` counts as worth retrying. Default 10 s.
        public var lockTimeout: Duration?
        /// A transaction left idle longer is ended by the server with its
        /// session (25P03): its locks go, the connection is lost. Default 60 s.
        public var idleInTransactionSessionTimeout: Duration?
        /// TCP keepalives find a dead server or network on an idle connection
        /// (a LISTEN connection waits for ever otherwise). Seconds of silence
        /// before the first probe; default 30 s. nil: the system's setting.
        public var keepalivesIdle: Duration?
        /// Between unanswered probes. Default 10 s. nil: the system's setting.
        public var keepalivesInterval: Duration?
        /// Unanswered probes before the connection counts as dead. Default 3.
        /// nil: the system's setting.
        public var keepalivesCount: Int?
        /// Longest that data sent may go unacknowledged before the connection
        /// counts as dead (TCP_USER_TIMEOUT). A server or network gone silent
        /// mid-statement (no reset: a machine lost) otherwise leaves the call
        /// waiting for the kernel's retransmissions, about 15 minutes, before
        /// a standby is even tried; keepalives cover only idle connections. A
        /// long statement is not cut: the server's kernel acknowledges while
        /// it runs. Default 30 s. nil: the system's setting.
        public var tcpUserTimeout: Duration?

        /// The first server's host; setting it replaces the first server's.
        public var host: String {
            get { servers.first?.host ?? "" }
            set { servers = [Server(host: newValue, port: port)] + servers.dropFirst() }
        }

        /// The first server's port; setting it replaces the first server's.
        public var port: Int {
            get { servers.first?.port ?? 5432 }
            set { servers = [Server(host: host, port: newValue)] + servers.dropFirst() }
        }

        public init(
            host: String = "127.0.0.1", port: Int = 5432, database: String, user: String,
            password: String? = nil, sslMode: String = "prefer", connectTimeout: Duration = .seconds(10),
            applicationName: String = "batbern",
            statementTimeout: Duration? = .seconds(30), lockTimeout: Duration? = .seconds(10),
            idleInTransactionSessionTimeout: Duration? = .seconds(60),
            keepalivesIdle: Duration? = .seconds(30), keepalivesInterval: Duration? = .seconds(10),
            keepalivesCount: Int? = 3, tcpUserTimeout: Duration? = .seconds(30)
        ) {
            servers = [Server(host: host, port: port)]
            targetSessionAttributes = .any
            self.database = database
            self.user = user
            self.password = password
            self.sslMode = sslMode
            self.connectTimeout = connectTimeout
            self.applicationName = applicationName
            self.statementTimeout = statementTimeout
            self.lockTimeout = lockTimeout
            self.idleInTransactionSessionTimeout = idleInTransactionSessionTimeout
            self.keepalivesIdle = keepalivesIdle
            self.keepalivesInterval = keepalivesInterval
            self.keepalivesCount = keepalivesCount
            self.tcpUserTimeout = tcpUserTimeout
        }

        /// libpq keyword/value pairs. Session settings fix the text formats the
        /// decoders rely on, and set the timeouts. JIT is off: these are short
        /// statements, and a plan whose estimated cost is high (stale
        /// statistics, a generic plan) had PostgreSQL spend 300 ms compiling
        /// a statement that then ran in one.
        func keywords() throws -> [(String, String)] {
            var options = "-c TimeZone=UTC -c DateStyle=ISO -c extra_float_digits=3 -c client_encoding=UTF8 -c jit=off"
            for (setting, value) in [
                ("statement_timeout", statementTimeout), ("lock_timeout", lockTimeout),
                ("idle_in_transaction_session_timeout", idleInTransactionSessionTimeout),
            ] {
                if let value { options += " -c \(setting)=\(try Self.milliseconds(value, setting))ms" }
            }
            if let searchPath { options += " -c search_path=\(searchPath)" }
            // libpq's lists are comma-separated: a host holding a comma would be two.
            guard !servers.isEmpty, servers.allSatisfy({ !$0.host.isEmpty && !$0.host.contains(",") }) else {
                throw PostgresError(.invalidConfiguration, "servers must be one or more, each with a host without commas")
            }
            var pairs = [
                ("host", servers.map(\.host).joined(separator: ",")),
                ("port", servers.map { String($0.port) }.joined(separator: ",")),
                ("target_session_attrs", targetSessionAttributes.rawValue),
                ("dbname", database), ("user", user),
                ("sslmode", sslMode),
                ("connect_timeout", String(max(1, Int(connectTimeout.components.seconds)))),
                ("application_name", applicationName),
                ("options", options),
                ("keepalives", "1"),
            ]
            if let keepalivesIdle { pairs.append(("keepalives_idle", String(try Self.seconds(keepalivesIdle, "keepalivesIdle")))) }
            if let keepalivesInterval {
                pairs.append(("keepalives_interval", String(try Self.seconds(keepalivesInterval, "keepalivesInterval"))))
            }
            if let keepalivesCount {
                guard keepalivesCount > 0, keepalivesCount <= Int32.max else {
                    throw PostgresError(.invalidConfiguration, "keepalivesCount must be between 1 and \(Int32.max)")
                }
                pairs.append(("keepalives_count", String(keepalivesCount)))
            }
            if let tcpUserTimeout {
                pairs.append(("tcp_user_timeout", String(try Self.milliseconds(tcpUserTimeout, "tcpUserTimeout"))))
            }
            if let password { pairs.append(("password", password)) }
            return pairs
        }

        /// Whole milliseconds, rounded up so a short positive limit never turns
        /// into "off"; PostgreSQL takes at most Int32.max.
        static func milliseconds(_ duration: Duration, _ name: String) throws -> Int64 {
            guard duration >= .zero, duration <= .milliseconds(Int32.max) else {
                throw PostgresError(.invalidConfiguration, "\(name) must be between 0 and \(Int32.max)ms")
            }
            let (seconds, attoseconds) = duration.components
            let (whole, rest) = attoseconds.quotientAndRemainder(dividingBy: 1_000_000_000_000_000)
            return seconds * 1000 + whole + (rest > 0 ? 1 : 0)
        }

        /// Whole seconds, rounded up (libpq reads zero as "the system's setting").
        static func seconds(_ duration: Duration, _ name: String) throws -> Int64 {
            guard duration > .zero, duration <= .seconds(Int32.max) else {
                throw PostgresError(.invalidConfiguration, "\(name) must be between 1 and \(Int32.max) seconds")
            }
            let (seconds, attoseconds) = duration.components
            return seconds + (attoseconds > 0 ? 1 : 0)
        }

        /// The target without the password, for logs.
        public var description: String {
            "postgres://\(user):***@\(servers.map(\.description).joined(separator: ","))/\(database)"
        }

        /// Opens a blocking libpq connection; the caller owns it and must PQfinish it.
        func openLibPQConnection() throws -> OpaquePointer {
            let pairs = try keywords()
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
