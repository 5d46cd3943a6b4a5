import AMQP
import Foundation
import KernelProbe
import Messaging
import TestSupport
import Testing

/// The real `batbern` binary refuses bad settings at start: exit status 64
/// (EX_USAGE) and one line per problem, before it connects to anything.
@Suite struct SettingsAtStartTests {
    /// Servers nobody listens on: a process that got past its settings would
    /// hang or fail connecting, not exit 64.
    static let unreachable = [
        "BATBERN_AMQP_URL": "amqp://batbern-companies:hunter2@127.0.0.1:1/batbern"
    ].merging(
        ["companies", "partners", "events", "speakers", "attendees"].map {
            ("BATBERN_\($0.uppercased())_DATABASE_URL", "postgres://batbern_\($0):hunter2@127.0.0.1:1/batbern_\($0)")
        }
    ) { first, _ in first }

    /// A bad setting, and what its line must say.
    struct Case: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        let environment: [String: String]
        let expected: [String]
        var testDescription: String { "\(arguments.joined(separator: " ")) \(environment)" }

        init(_ arguments: [String], _ environment: [String: String] = [:], expect expected: String...) {
            self.arguments = arguments
            self.environment = environment
            self.expected = expected
        }

        /// `batbern worker companies` with `environment`.
        init(_ environment: [String: String], expect expected: String...) {
            arguments = ["worker", "companies"]
            self.environment = environment
            self.expected = expected
        }
    }

    func exitStatusAndOutput(_ arguments: [String], _ environment: [String: String]) async throws -> (Int32, String) {
        let process = try WorkerProcess.start(arguments, environment: Self.unreachable.merging(environment) { _, new in new })
        let status = try await process.waitForExit(timeout: .seconds(20))
        return (status, process.log)
    }

    @Test(arguments: [
        Case(["BATBERN_PREFETCH": "0"], expect: "BATBERN_PREFETCH", "1...65535"),
        Case(["BATBERN_PREFETCH": "many"], expect: "BATBERN_PREFETCH", "1...65535"),
        Case(["worker", "companies", "--prefetch", "0"], expect: "--prefetch", "1...65535"),
        Case(["BATBERN_CONCURRENCY": "0"], expect: "BATBERN_CONCURRENCY", "1...64"),
        Case(["BATBERN_BATCH_SIZE": "-3"], expect: "BATBERN_BATCH_SIZE", "1...1000"),
        Case(["BATBERN_RETRY_DELAYS": "1s,-10s"], expect: "BATBERN_RETRY_DELAYS"),
        Case(["BATBERN_RETRY_DELAYS": "1s,0s"], expect: "BATBERN_RETRY_DELAYS"),
        Case(["BATBERN_RETRY_DELAYS": ""], expect: "BATBERN_RETRY_DELAYS", "none"),
        Case(["BATBERN_QUEUE_TYPE": "mirrored"], expect: "BATBERN_QUEUE_TYPE", "quorum, classic"),
        Case(["worker", "companies", "--queue-type", "mirrored"], expect: "--queue-type", "quorum, classic"),
        Case(["BATBERN_LOG_LEVEL": "verbose"], expect: "BATBERN_LOG_LEVEL", "trace, debug, info"),
        Case(["BATBERN_HTTP_PORT": "70000"], expect: "BATBERN_HTTP_PORT", "0...65535"),
        Case(["BATBERN_HTTP_HOST": "localhost"], expect: "BATBERN_HTTP_HOST", "IPv4"),
        Case(["worker", "speakers"], ["BATBERN_SPEAKERS_RESPONSE_WINDOW_SECONDS": "soon"], expect: "BATBERN_SPEAKERS_RESPONSE_WINDOW_SECONDS"),
        Case(["worker", "speakers"], ["BATBERN_SPEAKERS_REMINDER_OFFSETS_SECONDS": "60,-5"], expect: "BATBERN_SPEAKERS_REMINDER_OFFSETS_SECONDS"),
        Case(["run"], ["BATBERN_PREFETCH": "0"], expect: "BATBERN_PREFETCH", "1...65535"),
        Case(
            ["probe", "--database-url", "postgres://probe:hunter2@127.0.0.1:1/probe", "--search-path", "nowhere"],
            ["BATBERN_BATCH_SIZE": "0"], expect: "BATBERN_BATCH_SIZE", "1...1000"
        ),
    ])
    func aBadSettingStopsTheProcessWithExitStatus64(_ bad: Case) async throws {
        let (status, output) = try await exitStatusAndOutput(bad.arguments, bad.environment)
        #expect(status == 64, "\(output)")
        let line = output.split(separator: "\n").first { line in bad.expected.allSatisfy(line.contains) }
        #expect(line != nil, "one line names the setting and what is allowed: \(output)")
        #expect(!output.contains("hunter2"))
    }

    @Test func everyProblemIsNamedAtOnce() async throws {
        let (status, output) = try await exitStatusAndOutput(
            ["worker", "speakers", "--concurrency", "100"],
            [
                "BATBERN_PREFETCH": "0", "BATBERN_QUEUE_TYPE": "mirrored",
                "BATBERN_SPEAKERS_RESPONSE_WINDOW_SECONDS": "-1",
            ])
        #expect(status == 64)
        for name in ["BATBERN_PREFETCH", "BATBERN_QUEUE_TYPE", "--concurrency", "BATBERN_SPEAKERS_RESPONSE_WINDOW_SECONDS"] {
            #expect(output.split(separator: "\n").filter { $0.contains(name) }.count == 1, "one line for \(name): \(output)")
        }
    }

    @Test func aBrokerURLIsShownWithItsPasswordMasked() async throws {
        let (status, output) = try await exitStatusAndOutput(
            ["worker", "companies"],
            [
                "BATBERN_AMQP_URL": "http://batbern-companies:hunter2@127.0.0.1/batbern"
            ])
        #expect(status == 64)
        #expect(output.contains("BATBERN_AMQP_URL"))
        #expect(!output.contains("hunter2"), "\(output)")
    }

    @Test func aGoodConfigurationStillStarts() async throws {
        let name = uniqueName("ksettings").replacingOccurrences(of: "-", with: "")
        let fixture = try await WorkerFixture.make(KernelProbe.definition(name: name), context: "probe")
        let process = try WorkerProcess.start(
            [
                "probe", "--name", name, "--database-url", TestServers.postgresURL, "--search-path", fixture.schema,
                "--http-port", "0",
            ],
            environment: [
                "BATBERN_PREFETCH": "10", "BATBERN_CONCURRENCY": "3", "BATBERN_BATCH_SIZE": "4",
                "BATBERN_QUEUE_TYPE": "quorum", "BATBERN_RETRY_DELAYS": "200ms,400ms", "BATBERN_LOG_LEVEL": "debug",
                "BATBERN_HTTP_HOST": "127.0.0.1",
            ])
        let client = try await TestClient.connect()
        try await eventually("probe \(name) consuming", timeout: .seconds(60)) {
            let channel = try await client.connection.openChannel()
            defer { Task { try? await channel.close() } }
            guard let queue = try? await channel.declareQueue(name, options: QueueOptions(passive: true)) else { return false }
            return queue.consumerCount == 3
        }
        process.signal(SIGTERM)
        #expect(try await process.waitForExit() == 0)
        await client.close()
        try await fixture.tearDown()
    }

    /// `BATBERN_RETRY_DELAYS=none`: no retry queues, a failing message is
    /// parked at its first failure.
    @Test func noRetryDelaysParkAtTheFirstFailure() async throws {
        let name = uniqueName("knoretry").replacingOccurrences(of: "-", with: "")
        let fixture = try await WorkerFixture.make(KernelProbe.definition(name: name), context: "probe") {
            $0.topology.retryDelays = []
        }
        let process = try WorkerProcess.start(
            [
                "probe", "--name", name, "--database-url", TestServers.postgresURL, "--search-path", fixture.schema,
            ], environment: ["BATBERN_RETRY_DELAYS": "none"])
        let client = try await TestClient.connect()
        try await eventually("probe \(name) consuming", timeout: .seconds(60)) {
            let channel = try await client.connection.openChannel()
            defer { Task { try? await channel.close() } }
            guard let queue = try? await channel.declareQueue(name, options: QueueOptions(passive: true)) else { return false }
            return queue.consumerCount > 0
        }
        try await client.send(.command("Explode", to: name), data: KernelProbe.Touch(n: 1))
        let lot = ParkingLot(topology: fixture.topology)
        var parked: [ParkingLot.Entry] = []
        try await eventually("parked") {
            parked = try await lot.list(client.connection)
            return !parked.isEmpty
        }
        #expect(parked.first?.attempts == 1, "no retries")
        process.signal(SIGTERM)
        #expect(try await process.waitForExit() == 0)
        await client.close()
        try await fixture.tearDown()
    }
}
