import Foundation
import Postgres
import TestSupport
import Testing

/// `batbern-bench` leaves nothing behind: once it is done, the probe worker
/// it started is gone, and so are that worker's queues (work, retry,
/// parking), its kernel exchange and its schema.
@Suite struct BenchCleanupTests {
    @Test func benchDeletesTheQueuesExchangeAndSchemaOfItsWorker() async throws {
        let sandbox = try await BrokerSandbox.make()
        // The shared exchanges, as the deployment declares them.
        await (try await TestClient.connect(vhost: sandbox.vhost)).close()
        let bench = TestServers.repositoryRoot.appendingPathComponent(".build/debug/batbern-bench").path
        let (status, output) = try await runProgram(
            [bench, "--messages", "20", "--concurrency", "1", "--amqp-url", sandbox.adminURL], timeout: .seconds(180)
        )
        #expect(status == 0, "\(output)")
        // Every command's stages were found (inbox and outbox joined by the command's id).
        #expect(output.contains("stages (median): all queued") && output.contains("slowest 1 % (1) queued"), "\(output)")

        let queues = try await runLocalScript("rabbitmq.sh", "ctl", "list_queues", "-p", sandbox.vhost, "--quiet", "--no-table-headers", "name")
        #expect(Self.names(queues).filter { $0.hasPrefix("bench") } == [], "queues left behind")
        let exchanges = try await runLocalScript("rabbitmq.sh", "ctl", "list_exchanges", "-p", sandbox.vhost, "--quiet", "--no-table-headers", "name")
        #expect(Self.names(exchanges).filter { $0.hasPrefix("bench") } == [], "exchanges left behind")

        let name = try #require(output.firstMatch(of: /worker (bench[0-9]+)/)?.output.1, "the bench names its worker: \(output)")
        let schemas = try await queryOnce(
            PostgresConnection.Configuration(url: TestServers.postgresURL),
            "SELECT count(*) FROM information_schema.schemata WHERE schema_name = $1", [String(name)]
        )
        #expect(try schemas[0].decode(Int.self, at: 0) == 0, "schema \(name) left behind")
    }

    private static func names(_ listing: String) -> [String] {
        listing.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
