import AMQP

extension WorkerProcess {
    /// Starts `batbern probe` as the fixture's worker (its schema, short retry
    /// delays, debug logs) and waits until it consumes from its queue.
    public static func probe(
        _ fixture: WorkerFixture, arguments: [String] = [], environment: [String: String] = [:]
    ) async throws -> WorkerProcess {
        let process = try launchProbe(fixture, arguments: arguments, environment: environment)
        let client = try await TestClient.connect()
        defer { Task { await client.close() } }
        try await eventually("probe \(fixture.name) consuming", timeout: .seconds(60)) {
            let channel = try await client.connection.openChannel()
            defer { Task { try? await channel.close() } }
            guard let queue = try? await channel.declareQueue(fixture.name, options: QueueOptions(passive: true)) else { return false }
            return queue.consumerCount > 0
        }
        return process
    }

    /// Starts `batbern probe` as the fixture's worker without waiting for it.
    public static func launchProbe(
        _ fixture: WorkerFixture, arguments: [String] = [], environment: [String: String] = [:]
    ) throws -> WorkerProcess {
        try WorkerProcess.start(
            [
                "probe", "--name", fixture.name, "--database-url", TestServers.postgresURL, "--search-path", fixture.schema,
                "--retry-delays", "200ms,400ms", "--http-port", "0", "--log-level", "debug",
            ] + arguments, environment: environment)
    }
}
