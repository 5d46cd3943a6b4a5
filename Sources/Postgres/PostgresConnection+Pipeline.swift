import CLibPQ
import Foundation

/// Writes that do not wait for their answer (libpq pipeline mode): a batch
/// of messages then costs a round trip per statement that reads, not one per
/// statement. Only inside `transaction(pipelined: true)`; elsewhere
/// `enqueue` is `execute`.
extension PostgresConnection {
    /// Sends a write without waiting for its result, inside a pipelined
    /// transaction. Its error, if any, is thrown by the next statement that
    /// waits (a query, the commit), which cannot tell which write failed: run
    /// the work again unpipelined to find out.
    public func enqueue(_ sql: String, _ binds: [any PostgresEncodable] = []) throws {
        guard defersWrites else {
            try execute(sql, binds)
            return
        }
        try sendDeferred(sql, binds)
    }

    /// Sends a statement in pipeline mode (entering it if needed), preparing
    /// it there first when this connection has not yet.
    func sendDeferred(_ sql: String, _ binds: [any PostgresEncodable]) throws {
        let connection = try live(sql)
        let values = try Self.texts(binds, sql)
        if deferred.isEmpty, PQpipelineStatus(connection) == PQ_PIPELINE_OFF {
            guard PQenterPipelineMode(connection) == 1 else {
                throw failure(PostgresError(.connectionLost, Self.lastError(connection), query: sql))
            }
        }
        let name: String
        if let cached = statements[sql] {
            name = cached
        } else {
            preparedCount += 1
            name = "s\(preparedCount)"
            let types = binds.map { type(of: $0).postgresType.oid }
            let sent = types.withUnsafeBufferPointer { PQsendPrepare(connection, name, sql, Int32(types.count), $0.baseAddress) }
            guard sent == 1 else { throw failure(PostgresError(.connectionLost, Self.lastError(connection), query: sql)) }
            statements[sql] = name
            deferred.commands.append(sql)
            deferred.preparedHere.append(sql)
        }
        let texts = values.map { $0.map { strdup($0) } ?? nil }
        defer { texts.forEach { free($0) } }
        let pointers = texts.map { UnsafePointer($0) }
        let sent = pointers.withUnsafeBufferPointer {
            PQsendQueryPrepared(connection, name, Int32(binds.count), $0.baseAddress, nil, nil, 0)
        }
        guard sent == 1 else { throw failure(PostgresError(.connectionLost, Self.lastError(connection), query: sql)) }
        deferred.commands.append(sql)
    }

    /// Reads the results of every deferred write and leaves pipeline mode;
    /// throws the first error among them. Returns the last statement's rows
    /// and count (a read sent behind the writes, see `run`).
    @discardableResult
    func readDeferred() throws -> (rows: [PostgresRow], affected: Int) {
        guard !deferred.isEmpty else { return ([], 0) }
        var last: (rows: [PostgresRow], affected: Int) = ([], 0)
        let pending = deferred
        deferred.discard()
        let connection = try live(pending.commands[0])
        roundTrips &+= 1
        guard PQpipelineSync(connection) == 1 else {
            throw failure(PostgresError(.connectionLost, Self.lastError(connection), query: pending.commands[0]))
        }
        var firstError: (any Error)?
        var answered = 0
        var emptyReads = 0
        while true {
            guard let result = PQgetResult(connection) else {
                // Between commands libpq returns null once; more than that
                // without the sync means the connection is gone.
                emptyReads += 1
                guard PQstatus(connection) == CONNECTION_OK, emptyReads <= pending.commands.count + 1 else {
                    throw failure(PostgresError(.connectionLost, Self.lastError(connection), query: pending.commands[0]))
                }
                continue
            }
            let status = PQresultStatus(result)
            if status == PGRES_PIPELINE_SYNC {
                PQclear(result)
                break
            }
            let sql = pending.commands[min(answered, pending.commands.count - 1)]
            answered += 1
            if status != PGRES_PIPELINE_ABORTED, firstError == nil {
                do { try check(result, sql) } catch { firstError = error }
                if answered == pending.commands.count, firstError == nil {
                    last = (decodeRows(result), Int(String(cString: PQcmdTuples(result))) ?? 0)
                }
            }
            PQclear(result)
        }
        if PQexitPipelineMode(connection) != 1 {
            while let rest = PQgetResult(connection) { PQclear(rest) }
            guard PQexitPipelineMode(connection) == 1 else {
                throw failure(PostgresError(.connectionLost, Self.lastError(connection), query: pending.commands[0]))
            }
        }
        if let firstError {
            // A statement that vanished or went stale (others sent after it
            // were not even tried) is prepared afresh when the transaction
            // runs again (`isTransient`): forget all this pipeline used.
            let stale = (firstError as? PostgresError)?.isStaleStatement == true
            for sql in stale ? pending.commands : pending.preparedHere { statements[sql] = nil }
            throw firstError
        }
        return last
    }
}
