/// Every failure of the Postgres layer.
///
/// `sqlState` is the server's SQLSTATE; the predicates below tell callers what
/// to do about a failure (retry the transaction, reconnect, give up on the
/// input). `query` is the SQL that failed, never its parameters.
///
/// Printing an error (`description`, `"\(error)"`) is safe for logs and
/// message headers, as postgres-nio's `PSQLError` is: it gives the SQLSTATE
/// with a fixed text, the names of the constraint, table and column, and the
/// SQL, but never the server's message or detail, which quote the values of
/// rows and parameters ("Failing row contains (...)", `invalid input syntax
/// for type uuid: "..."`). The full text is there on explicit request only:
/// `debugDescription` (`String(reflecting: error)`), `message` and `detail`.
/// Keep those out of logs.
public struct PostgresError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Extensible failure kinds.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The connection could not be established.
        public static let connectFailed = Code("connectFailed")
        /// The connection broke (server restart, network, admin shutdown, a
        /// transaction left idle past its timeout).
        public static let connectionLost = Code("connectionLost")
        /// The server rejected the statement; see `sqlState`.
        public static let server = Code("server")
        /// A column value could not be decoded into the requested type.
        public static let decoding = Code("decoding")
        /// The connection was closed by this process.
        public static let closed = Code("closed")
        /// A migration file was edited after it was applied, or cannot be read.
        public static let migration = Code("migration")
        /// A parameter cannot be sent (it holds a NUL character); nothing was
        /// run. Its `sqlState` is 22021, as the server's own answer to a NUL in
        /// text, so `isDataError` holds.
        public static let invalidParameter = Code("invalidParameter")
        /// The configuration (e.g. a database URL) is not valid; retrying will not help.
        public static let invalidConfiguration = Code("invalidConfiguration")
    }

    public var code: Code
    /// What went wrong in full. When the error came from the server (it has a
    /// `sqlState`) this is the server's text, which may quote values: not for logs.
    public var message: String
    public var sqlState: String?
    /// The server's DETAIL, which may hold a whole row: not for logs.
    public var detail: String?
    /// The constraint that said no (libpq's field 'n'): a schema name, safe to log.
    public var constraint: String?
    /// The table concerned (field 't'): a schema name, safe to log.
    public var table: String?
    /// The column concerned (field 'c'): a schema name, safe to log.
    public var column: String?
    /// The server function that raised the error (field 'R'). It tells a stale
    /// cached plan from other 0A000 errors without reading the message, which
    /// the server may translate.
    public var routine: String?
    public var query: String?

    public init(
        _ code: Code, _ message: String, sqlState: String? = nil, detail: String? = nil,
        constraint: String? = nil, table: String? = nil, column: String? = nil, routine: String? = nil,
        query: String? = nil
    ) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.constraint = constraint
        self.table = table
        self.column = column
        self.routine = routine
        self.query = query
    }

    /// 23505: a unique constraint or index said no.
    public var isUniqueViolation: Bool { sqlState == "23505" }
    /// 40001 or 40P01: the transaction lost a race and may simply be retried.
    public var isSerializationFailure: Bool { sqlState == "40001" || sqlState == "40P01" }

    /// Nothing is wrong with the input: roll back and run the whole
    /// transaction again soon, on the same connection.
    ///
    /// - 40001 serialization failure: lost a race under REPEATABLE READ or SERIALIZABLE.
    /// - 40P01 deadlock detected: the server chose this transaction as the victim.
    /// - 55P03 lock not available: waited for a lock longer than `lockTimeout`.
    /// - 26000 invalid SQL statement name: a cached prepared statement vanished
    ///   (`DEALLOCATE`, a pooler); the next run prepares it again.
    /// - 0A000 from `RevalidateCachedQuery`: a migration changed a table under a
    ///   cached plan ("cached plan must not change result type"); the next run
    ///   prepares it again.
    ///
    /// Outside a transaction the client already retried the last two once.
    public var isTransient: Bool {
        isSerializationFailure || sqlState == "55P03" || isStaleStatement
    }

    /// Class 22 (data exception) or 23 (integrity constraint violation): the
    /// input cannot be stored as it is, and retrying will not change that.
    public var isDataError: Bool {
        guard let sqlState else { return false }
        return sqlState.hasPrefix("22") || sqlState.hasPrefix("23")
    }

    /// The connection is gone or refused; a new connection may work.
    ///
    /// Class 08 is connection exceptions, 57P01-57P03 the server shutting down
    /// or starting, 53300 too many connections, 25P03 and 57P05 a session the
    /// server ended for sitting idle (in a transaction, or at all), 25006 a
    /// write on a server that takes none (a standby not yet promoted, reached
    /// without `target_session_attrs=read-write`): the next connection may
    /// find the one that does.
    public var isConnectionFailure: Bool {
        if code == .connectFailed || code == .connectionLost || code == .closed { return true }
        guard let sqlState else { return false }
        return sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03", "57P05", "53300", "25P03", "25006"].contains(sqlState)
    }

    /// The cached prepared statement is gone (26000) or its plan went stale
    /// (0A000 from `RevalidateCachedQuery`): preparing it again fixes it.
    var isStaleStatement: Bool {
        sqlState == "26000" || (sqlState == "0A000" && routine == "RevalidateCachedQuery")
    }

    /// What went wrong in words safe to show a sender: the condition, its
    /// SQLSTATE and the constraint, without the SQL or the server's text.
    public var condition: String {
        guard let sqlState else { return code.description }
        var text = "\(SQLStateText.text(for: sqlState)) (SQLSTATE \(sqlState))"
        if let constraint { text += " on constraint \(constraint)" }
        return text
    }

    /// Safe to log: the server's own words are replaced by a fixed text for the SQLSTATE.
    public var description: String {
        var text = "PostgresError.\(code): "
        text += sqlState.map { SQLStateText.text(for: $0) } ?? message
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        if let table { text += " table: \(table)" }
        if let column { text += " column: \(column)" }
        if let constraint { text += " constraint: \(constraint)" }
        if let query { text += " query: \(query.prefix(300))" }
        return text
    }

    /// Everything, including the server's message and detail, which may hold
    /// personal data: for a person debugging at a terminal, never for logs.
    public var debugDescription: String {
        var text = description
        if sqlState != nil { text += " message: \(message)" }
        if let detail { text += " detail: \(detail)" }
        return text
    }
}
