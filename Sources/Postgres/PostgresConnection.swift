import CLibPQ
import Foundation
public import Logging
public import Retry

/// One libpq connection, owned by an actor that runs on a thread of its own.
///
/// All calls run one at a time on that thread, so blocking libpq calls never
/// block Swift's cooperative pool, and no two tasks ever use the connection at
/// the same moment. A transaction's body runs synchronously on the actor, so
/// nothing else can slip a statement into it.
public actor PostgresConnection {
    private nonisolated let executor: ThreadExecutor
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    private var connection: OpaquePointer?
    /// Prepared statements by SQL.
    var statements: [String: String] = [:]
    /// Statements prepared so far; the next one's name.
    var preparedCount = 0
    /// Statements sent in pipeline mode whose results are not read yet (see `enqueue(_:_:)`).
    var deferred = DeferredStatements()
    /// Whether `enqueue(_:_:)` may send without waiting (inside `transaction(pipelined: true)`).
    var defersWrites = false
    /// Statements that waited for their answer so far (`query`, `execute`):
    /// lets a caller tell whether some code read the database.
    public private(set) var statementsRun = 0
    /// Times this connection sent and then waited for the server's answer:
    /// a pipelined transaction's writes and the read behind them count once.
    public internal(set) var roundTrips = 0
    /// The connection broke (rather than being closed by `close()`).
    private var connectionWasLost = false
    private let logger: Logger
    public nonisolated let configuration: Configuration

    private init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        executor = ThreadExecutor(name: "pg:\(configuration.database)")
    }

    isolated deinit {
        if let connection { PQfinish(connection) }
        executor.stop()
    }

    /// Connects. Throws `PostgresError` with `.connectFailed`.
    public static func connect(
        _ configuration: Configuration,
        logger: Logger = Logger(label: "batbern.postgres")
    ) async throws -> PostgresConnection {
        let connection = PostgresConnection(configuration: configuration, logger: logger)
        try await connection.open()
        return connection
    }

    /// Connects, retrying connection failures with `backoff` until it works or
    /// the task is cancelled. Wrong credentials are retried too: during a
    /// server restart they cannot be told apart from a server still starting.
    public static func connect(
        _ configuration: Configuration,
        retrying backoff: Backoff,
        logger: Logger = Logger(label: "batbern.postgres")
    ) async throws -> PostgresConnection {
        try await withRetry(
            backoff: backoff,
            shouldRetry: { !($0 is CancellationError) },
            onRetry: { attempt, error, delay in
                logger.info(
                    "Postgres connect failed, retrying",
                    metadata: [
                        "pg_conn": "\(configuration)", "pg_attempt": "\(attempt)",
                        "pg_error": "\(error)", "pg_retry_in": "\(delay)",
                    ])
            }
        ) {
            try await connect(configuration, logger: logger)
        }
    }

    private func open() throws {
        let connection = try configuration.openLibPQConnection()
        // Server notices (e.g. "already exists, skipping") would go to stderr;
        // they carry nothing a caller acts on.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        self.connection = connection
        logger.debug("Postgres connected", metadata: ["pg_conn": "\(configuration)"])
    }

    /// False once the connection broke or was closed; get a new one then.
    public var isUsable: Bool {
        guard let connection else { return false }
        return PQstatus(connection) == CONNECTION_OK
    }

    public func close() {
        if let connection { PQfinish(connection) }
        connection = nil
    }

    // MARK: statements

    /// Runs a parameterised statement and returns its rows.
    ///
    /// Statements are prepared once per connection and reused. Parameters are
    /// sent separately from the SQL, never spliced into it. A cached statement
    /// that vanished (26000) or whose plan went stale after a schema change
    /// (0A000) is prepared again and run once more, but only outside a
    /// transaction; inside one the error is thrown, `isTransient`, for the
    /// caller to retry the whole transaction.
    @discardableResult
    public func query(_ sql: String, _ binds: [any PostgresEncodable] = []) throws -> [PostgresRow] {
        try run(sql, binds).rows
    }

    /// Runs a parameterised statement and returns the number of rows it touched.
    @discardableResult
    public func execute(_ sql: String, _ binds: [any PostgresEncodable] = []) throws -> Int {
        try run(sql, binds).affected
    }

    /// Runs trusted multi-statement SQL (migrations) with the simple protocol.
    /// Never pass it anything that came from outside.
    public func runScript(_ sql: String) throws {
        try readDeferred()
        let connection = try live(sql)
        roundTrips &+= 1
        let result = PQexec(connection, sql)
        defer { PQclear(result) }
        try check(result, sql)
    }

    /// Runs `body` inside BEGIN/COMMIT; rolls back and rethrows when it throws.
    /// Nothing inside is retried: see `PostgresError.isTransient` for what is
    /// worth running again.
    ///
    /// `pipelined`: BEGIN, COMMIT and the body's `enqueue`d writes go out
    /// without waiting for their answers; an error of one of them is thrown
    /// by the next statement that waits (or by the commit), not by the write.
    @discardableResult
    public func transaction<T: Sendable>(
        _ isolation: IsolationLevel = .readCommitted, pipelined: Bool = false,
        _ body: @Sendable (isolated PostgresConnection) throws -> T
    ) throws -> T {
        defersWrites = pipelined
        defer { defersWrites = false }
        try enqueue(isolation.beginStatement)
        do {
            let result = try body(self)
            try enqueue("COMMIT")
            try readDeferred()
            return result
        } catch {
            // Read what is still in flight first: no statement that waits
            // can run while the connection is in pipeline mode.
            _ = try? readDeferred()
            if isUsable { _ = try? execute("ROLLBACK") }
            throw error
        }
    }

    /// Runs `body` with its `enqueue`d writes sent without waiting for
    /// their answers, then reads them all (throwing the first error). For a
    /// transaction that spans awaits, whose BEGIN or closing statements can
    /// still share one round trip: a statement that waits reads what was
    /// deferred before it first.
    @discardableResult
    public func pipeline<T: Sendable>(_ body: @Sendable (isolated PostgresConnection) throws -> T) throws -> T {
        let outer = defersWrites
        defersWrites = true
        defer { defersWrites = outer }
        do {
            let result = try body(self)
            try readDeferred()
            return result
        } catch {
            _ = try? readDeferred()
            throw error
        }
    }

    public enum IsolationLevel: Sendable {
        case readCommitted, repeatableRead, serializable
        var beginStatement: String {
            switch self {
            case .readCommitted: "BEGIN"
            case .repeatableRead: "BEGIN ISOLATION LEVEL REPEATABLE READ"
            case .serializable: "BEGIN ISOLATION LEVEL SERIALIZABLE"
            }
        }
    }

    func live(_ sql: String) throws -> OpaquePointer {
        guard let connection else {
            throw connectionWasLost
                ? PostgresError(.connectionLost, "the connection was lost", query: sql)
                : PostgresError(.closed, "the connection is closed", query: sql)
        }
        return connection
    }

    private func run(
        _ sql: String, _ binds: [any PostgresEncodable], preparingAgain: Bool = true
    ) throws -> (rows: [PostgresRow], affected: Int) {
        if !deferred.isEmpty {
            // Behind writes still in flight: sent in the same pipeline, so
            // they and this cost one round trip, not two.
            statementsRun &+= 1
            try sendDeferred(sql, binds)
            return try readDeferred()
        }
        statementsRun &+= 1
        let connection = try live(sql)
        let name = try prepared(sql, binds, connection)
        let values = try Self.texts(binds, sql)
        let texts = values.map { $0.map { strdup($0) } ?? nil }
        defer { texts.forEach { free($0) } }
        let pointers = texts.map { UnsafePointer($0) }
        roundTrips &+= 1
        let result = pointers.withUnsafeBufferPointer { buffer in
            PQexecPrepared(connection, name, Int32(binds.count), buffer.baseAddress, nil, nil, 0)
        }
        defer { PQclear(result) }
        do {
            try check(result, sql)
        } catch let error as PostgresError where error.isStaleStatement {
            // The statement vanished or its plan went stale (a migration changed
            // a table): forget it, so the next run prepares it afresh.
            statements[sql] = nil
            // Inside a transaction the failure has aborted it: running the
            // statement again would only fail with 25P02 and hide the cause.
            // The caller retries the whole transaction (`isTransient`). A stale
            // statement left allocated then lives until the connection closes.
            guard preparingAgain, PQtransactionStatus(connection) == PQTRANS_IDLE else { throw error }
            if error.sqlState != "26000" { PQclear(PQexec(connection, "DEALLOCATE \(name)")) }
            return try run(sql, binds, preparingAgain: false)
        }
        return (decodeRows(result), Int(String(cString: PQcmdTuples(result))) ?? 0)
    }

    /// The parameters as text; libpq takes C strings, so a NUL would
    /// silently cut a value short: refused instead.
    static func texts(_ binds: [any PostgresEncodable], _ sql: String) throws -> [String?] {
        let values = binds.map(\.postgresText)
        if let index = values.firstIndex(where: { $0.map(holdsNUL) == true }) {
            throw PostgresError(
                .invalidParameter, "parameter $\(index + 1) holds a NUL character, which PostgreSQL text cannot store",
                sqlState: "22021", query: sql
            )
        }
        return values
    }

    /// Whether `text` holds a NUL byte: memchr over its UTF-8, which is
    /// contiguous for every string we build.
    private static func holdsNUL(_ text: String) -> Bool {
        let found = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.baseAddress.map { memchr($0, 0, bytes.count) != nil } ?? false
        }
        return found ?? text.utf8.contains(0)
    }

    private func prepared(_ sql: String, _ binds: [any PostgresEncodable], _ connection: OpaquePointer) throws -> String {
        if let name = statements[sql] { return name }
        // Names are never reused: a forgotten statement may still be allocated.
        preparedCount += 1
        let name = "s\(preparedCount)"
        let types = binds.map { type(of: $0).postgresType.oid }
        roundTrips &+= 1
        let result = types.withUnsafeBufferPointer { buffer in
            PQprepare(connection, name, sql, Int32(types.count), buffer.baseAddress)
        }
        defer { PQclear(result) }
        try check(result, sql)
        statements[sql] = name
        return name
    }

    func check(_ result: OpaquePointer?, _ sql: String) throws {
        let connection = try live(sql)
        guard let result else {
            throw failure(PostgresError(.connectionLost, Self.lastError(connection), query: sql))
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return
        default:
            func field(_ code: Character) -> String? {
                guard let value = PQresultErrorField(result, Int32(code.asciiValue ?? 0)) else { return nil }
                return String(cString: value)
            }
            let lost = PQstatus(connection) != CONNECTION_OK
            throw failure(
                PostgresError(
                    lost ? .connectionLost : .server, field("M") ?? Self.lastError(connection), sqlState: field("C"),
                    detail: field("D"), constraint: field("n"), table: field("t"), column: field("c"),
                    routine: field("R"), query: sql
                ))
        }
    }

    /// Drops a broken connection so later calls fail fast as `.connectionLost`.
    func failure(_ error: PostgresError) -> PostgresError {
        if let connection, PQstatus(connection) != CONNECTION_OK {
            PQfinish(connection)
            self.connection = nil
            connectionWasLost = true
            statements = [:]
            var lost = error
            lost.code = .connectionLost
            return lost
        }
        return error
    }

    func decodeRows(_ result: OpaquePointer?) -> [PostgresRow] {
        let rowCount = Int(PQntuples(result))
        guard rowCount > 0 else { return [] }
        let columnCount = Int(PQnfields(result))
        let columns = PostgresColumns(
            names: (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) },
            types: (0..<columnCount).map { PostgresType(oid: PQftype(result, Int32($0))) }
        )
        var rows: [PostgresRow] = []
        rows.reserveCapacity(rowCount)
        for row in 0..<Int32(rowCount) {
            var values: [String?] = []
            values.reserveCapacity(columnCount)
            for column in 0..<Int32(columnCount) {
                if PQgetisnull(result, row, column) != 0 {
                    values.append(nil)
                } else {
                    values.append(String(cString: PQgetvalue(result, row, column)))
                }
            }
            rows.append(PostgresRow(columns: columns, values: values))
        }
        return rows
    }

    static func lastError(_ connection: OpaquePointer) -> String {
        String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
