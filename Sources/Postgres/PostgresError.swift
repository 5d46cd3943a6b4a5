/// Every failure of the Postgres layer.
///
/// `sqlState` is the server's SQLSTATE, so callers can tell a unique violation
/// or a serialization failure from a lost connection; `query` is the SQL that
/// failed (never its parameters, which may hold personal data or secrets).
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// Extensible failure kinds.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The connection could not be established.
        public static let connectFailed = Code("connectFailed")
        /// The connection broke (server restart, network, admin shutdown).
        public static let connectionLost = Code("connectionLost")
        /// The server rejected the statement; see `sqlState`.
        public static let server = Code("server")
        /// A column value could not be decoded into the requested type.
        public static let decoding = Code("decoding")
        /// The connection was closed by this process.
        public static let closed = Code("closed")
        /// A migration file was edited after it was applied, or cannot be read.
        public static let migration = Code("migration")
    }

    public var code: Code
    public var message: String
    public var sqlState: String?
    public var detail: String?
    public var constraint: String?
    public var query: String?

    public init(
        _ code: Code, _ message: String, sqlState: String? = nil, detail: String? = nil,
        constraint: String? = nil, query: String? = nil
    ) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.constraint = constraint
        self.query = query
    }

    /// 23505: a unique constraint or index said no.
    public var isUniqueViolation: Bool { sqlState == "23505" }
    /// 40001 or 40P01: the transaction lost a race and may simply be retried.
    public var isSerializationFailure: Bool { sqlState == "40001" || sqlState == "40P01" }
    /// The connection is gone or refused; a new connection may work.
    ///
    /// Class 08 is connection exceptions, 57P01-57P03 the server shutting down
    /// or starting, 53300 too many connections.
    public var isConnectionFailure: Bool {
        if code == .connectFailed || code == .connectionLost || code == .closed { return true }
        guard let sqlState else { return false }
        return sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03", "53300"].contains(sqlState)
    }

    public var description: String {
        var text = "PostgresError.\(code): \(message)"
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        if let detail { text += " detail: \(detail)" }
        if let query { text += " query: \(query.prefix(300))" }
        return text
    }
}
