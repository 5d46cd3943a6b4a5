public import Logging
import Synchronization

/// A fixed-size pool of connections, each lent to one task at a time.
///
/// Connections are opened on demand. A connection that broke is dropped on
/// return, so the next borrower gets a fresh one.
public final class PostgresPool: Sendable {
    public struct Configuration: Sendable {
        public var connection: PostgresConnection.Configuration
        /// Most connections open at once. Default 4.
        public var maximumConnections: Int

        public init(connection: PostgresConnection.Configuration, maximumConnections: Int = 4) {
            self.connection = connection
            self.maximumConnections = maximumConnections
        }
    }

    private struct State: ~Copyable {
        var idle: [PostgresConnection] = []
        var open = 0
        var waiters: [CheckedContinuation<PostgresConnection?, any Error>] = []
        var closed = false
    }

    public let configuration: Configuration
    private let state = Mutex(State())
    private let logger: Logger

    public init(_ configuration: Configuration, logger: Logger = Logger(label: "batbern.postgres")) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Lends a connection to `body` and takes it back afterwards.
    public func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await acquire()
        do {
            let result = try await body(connection)
            await release(connection)
            return result
        } catch {
            await release(connection)
            throw error
        }
    }

    /// Runs `body` in a transaction on a pooled connection.
    @discardableResult
    public func transaction<T: Sendable>(
        _ isolation: PostgresConnection.IsolationLevel = .readCommitted,
        _ body: @escaping @Sendable (isolated PostgresConnection) throws -> T
    ) async throws -> T {
        try await withConnection { connection in
            try await connection.transaction(isolation, body)
        }
    }

    /// Closes idle connections; borrowed ones close when returned.
    public func close() async {
        let idle = state.withLock { state -> [PostgresConnection] in
            state.closed = true
            let idle = state.idle
            state.open -= idle.count
            state.idle = []
            for waiter in state.waiters { waiter.resume(throwing: PostgresError(.closed, "the pool is closed")) }
            state.waiters = []
            return idle
        }
        for connection in idle { await connection.close() }
    }

    private enum Acquired {
        case idle(PostgresConnection)
        case openNew
        case wait
        case closed
    }

    private func acquire() async throws -> PostgresConnection {
        while true {
            let decision = state.withLock { state -> Acquired in
                if state.closed { return .closed }
                if let connection = state.idle.popLast() { return .idle(connection) }
                if state.open < configuration.maximumConnections {
                    state.open += 1
                    return .openNew
                }
                return .wait
            }
            switch decision {
            case .closed:
                throw PostgresError(.closed, "the pool is closed")
            case .idle(let connection):
                return connection
            case .openNew:
                do {
                    return try await PostgresConnection.connect(configuration.connection, logger: logger)
                } catch {
                    connectionGone()
                    throw error
                }
            case .wait:
                let handedOver = try await withCheckedThrowingContinuation { continuation in
                    state.withLock { $0.waiters.append(continuation) }
                }
                if let handedOver { return handedOver }
            // nil: a slot freed up without a connection; go round again.
            }
        }
    }

    private func release(_ connection: PostgresConnection) async {
        let usable = await connection.isUsable
        if !usable { await connection.close() }
        let (waiter, keep) = state.withLock { state -> (CheckedContinuation<PostgresConnection?, any Error>?, Bool) in
            if state.closed || !usable {
                state.open -= 1
                return (state.waiters.isEmpty ? nil : state.waiters.removeFirst(), false)
            }
            if !state.waiters.isEmpty { return (state.waiters.removeFirst(), true) }
            state.idle.append(connection)
            return (nil, true)
        }
        if keep {
            waiter?.resume(returning: connection)
        } else {
            if usable { await connection.close() }
            waiter?.resume(returning: nil)
        }
    }

    private func connectionGone() {
        let waiter = state.withLock { state -> CheckedContinuation<PostgresConnection?, any Error>? in
            state.open -= 1
            return state.waiters.isEmpty ? nil : state.waiters.removeFirst()
        }
        waiter?.resume(returning: nil)
    }
}
