import Foundation
import Identifiers
import Messaging
import TestSupport
import Testing
import WorkerHost

/// `batbern status` against the five real workers (in this process, in a
/// vhost of their own, each serving /metrics and /health on its port): all
/// well exits 0; a stopped worker and a parked message are shown and exit 1.
@Suite struct StatusCommandTests {
    static func startSystem() async throws -> (SystemFixture, portBase: Int) {
        // Away from the defaults (9101-9105), RunSystem's 20000-31904 and the ephemeral ports.
        let portBase = Int.random(in: 100...199) * 100
        return (try await SystemFixture.start(BoundedContext.allCases, httpPortBase: portBase), portBase)
    }

    /// Runs `batbern status` against the system as an operator would; its exit status and output.
    static func status(_ system: SystemFixture, portBase: Int) async throws -> (status: Int32, output: String) {
        var environment: [String: String] = [:]
        for context in BoundedContext.allCases {
            environment[context.operatorDatabaseURLVariable] = TestServers.postgresURL(searchPath: "\(context.rawValue)_\(system.suffix)")
        }
        let process = try WorkerProcess.start(
            [
                "status", "--amqp-url", system.amqpURL, "--http-port-base", String(portBase), "--retry-delays", "200ms,400ms",
                "--interval", "500ms",
            ], environment: environment)
        let status = try await process.waitForExit(timeout: .seconds(60))
        return (status, process.log)
    }

    /// The table's row of `worker`, its cells split on runs of spaces.
    static func row(_ worker: String, in output: String) -> [String]? {
        output.split(separator: "\n").first { $0.hasPrefix(worker + " ") }?.split(separator: "  ", omittingEmptySubsequences: true)
            .map { $0.trimmingCharacters(in: .whitespaces) }
    }

    @Test func allWellExitsZeroWithOneReadyRowPerWorker() async throws {
        let (system, portBase) = try await Self.startSystem()
        // Something to count: a company created through the companies worker.
        try await system.command(
            .command("CreateCompany", to: "companies"),
            JSONValue.object([
                "name": .string("Acme AG"), "displayName": .string("Acme"), "industry": .string("Software"),
                "employeeCount": .number(40), "createdBy": .string(Identifier().description),
            ])
        )
        let (status, output) = try await Self.status(system, portBase: portBase)
        #expect(status == 0, "\(output)")
        #expect(output.hasPrefix("WORKER"), "\(output)")
        for context in BoundedContext.allCases {
            let row = try #require(Self.row(context.rawValue, in: output), "\(output)")
            // worker, ready, consumers (one per lane), queue, retrying (two delays), parked, outbox, oldest, timers due
            #expect(row.prefix(9) == [context.rawValue, "ready", "2", "0", "0/0", "0", "0", "-", "0"], "\(row)")
            #expect(row.count == 12, "handled/s, p99 and conflicts read from /metrics: \(row)")
            #expect(row.last == "0", "no conflicts: \(row)")
        }
        #expect(output.hasSuffix("all well\n"), "\(output)")
        try await system.tearDown()
    }

    @Test func aStoppedWorkerAndAParkedMessageAreShownAndExitOne() async throws {
        let (system, portBase) = try await Self.startSystem()
        try await system.client.sendRaw(
            Array("{not json".utf8), key: .command("CreateCompany", to: "companies"), messageId: Identifier().description)
        _ = try await system.wait(for: "companies.CommandRejected")
        try await system.stop(.partners)

        let (status, output) = try await Self.status(system, portBase: portBase)
        #expect(status == 1, "\(output)")
        let partners = try #require(Self.row("partners", in: output), "\(output)")
        #expect(partners.prefix(3) == ["partners", "down", "0"], "\(partners)")
        let companies = try #require(Self.row("companies", in: output), "\(output)")
        #expect(companies[1] == "ready" && companies[5] == "1", "one parked: \(companies)")
        #expect(output.contains("attention: partners: down, no consumer on its queue"), "\(output)")
        #expect(output.contains("attention: companies: 1 parked"), "\(output)")
        #expect(!output.contains("attention: events") && !output.contains("all well"), "\(output)")
        try await system.tearDown()
    }
}
