public import Identifiers
public import Postgres

/// Reads a flow from every context's database at once.
public enum FlowTracer {
    /// Reads every context at once: the flow's correlation from the first
    /// context that knows `id` (else `id` is taken as the correlation), then
    /// each context's records.
    public static func timeline(of id: Identifier, databases: [(context: String, configuration: PostgresConnection.Configuration)]) async throws
        -> Timeline
    {
        try await withConnections(databases) { connections in
            var correlation = id
            for (_, connection) in connections {
                if let found = try await TraceReader.correlation(of: id, connection) {
                    correlation = found
                    break
                }
            }
            let flow = correlation
            let records = try await withThrowingTaskGroup(of: [TraceRecord].self) { readers in
                for (context, connection) in connections {
                    readers.addTask { try await TraceReader.records(of: flow, context: context, connection) }
                }
                return try await readers.reduce(into: []) { $0 += $1 }
            }
            return Timeline(correlationId: correlation, records: records)
        }
    }

    /// One connection per context, opened at once, closed when `body` ends.
    private static func withConnections<T: Sendable>(
        _ databases: [(context: String, configuration: PostgresConnection.Configuration)],
        _ body: ([(String, PostgresConnection)]) async throws -> T
    ) async throws -> T {
        var connections: [(String, PostgresConnection)] = []
        do {
            try await withThrowingTaskGroup(of: (String, PostgresConnection).self) { group in
                for (context, configuration) in databases {
                    group.addTask { (context, try await PostgresConnection.connect(configuration)) }
                }
                for try await connection in group { connections.append(connection) }
            }
            let result = try await body(connections)
            for (_, connection) in connections { await connection.close() }
            return result
        } catch {
            for (_, connection) in connections { await connection.close() }
            throw error
        }
    }
}
