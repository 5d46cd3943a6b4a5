import Foundation
import Identifiers
import Messaging
import TestSupport
import Testing
import WorkerHost

/// `batbern send` as a person or a script runs it, against a real companies
/// worker (in this process, in a vhost of its own): it exits as soon as the
/// answer is complete, with a status a script can read.
@Suite struct SendCommandTests {
    static let acme =
        #"{"name":"Acme AG","displayName":"Acme","industry":"Software","employeeCount":40,"createdBy":"8d7f9a3e-2b1c-4e5d-9f0a-1b2c3d4e5f60"}"#

    /// Runs `batbern send <arguments>` against the fixture's vhost; returns
    /// its exit status, its output (stdout and stderr) and how long it ran.
    static func send(_ system: SystemFixture, _ arguments: [String]) async throws -> (status: Int32, output: String, took: Duration) {
        let started = ContinuousClock.now
        let process = try WorkerProcess.start(["send"] + arguments + ["--amqp-url", system.amqpURL])
        let status = try await process.waitForExit(timeout: .seconds(60))
        return (status, process.log, ContinuousClock.now - started)
    }

    @Test func eventsExitZeroWellBeforeTheWait() async throws {
        let system = try await SystemFixture.start([.companies])
        let (status, output, took) = try await Self.send(system, ["companies.CreateCompany", Self.acme])
        #expect(status == 0, "\(output)")
        let lines = output.split(separator: "\n")
        #expect(lines.first?.hasPrefix("sent companies.CreateCompany ") == true)
        #expect(lines.contains { $0.hasPrefix("companies.CompanyCreated {") }, "\(output)")
        #expect(lines.last?.hasPrefix("answered: 1 event(s)") == true, "\(output)")
        // The old command sat out the whole 10 s wait; a process start, a
        // connection, the worker's round trip and 200 ms of quiet fit in 3 s.
        #expect(took < .seconds(3), "took \(took)")
        try await system.tearDown()
    }

    @Test func aRejectionExitsOneAtOnceWithItsReason() async throws {
        let system = try await SystemFixture.start([.companies])
        let invalid = Self.acme.replacingOccurrences(of: #""employeeCount":40"#, with: #""employeeCount":0"#)
        let (status, output, took) = try await Self.send(system, ["companies.CreateCompany", invalid, "--quiet"])
        #expect(status == 1, "\(output)")
        // --quiet: the outcome line alone.
        #expect(output.split(separator: "\n").count == 1, "\(output)")
        #expect(output.hasPrefix("rejected: invalid_employee_count: employeeCount must be between 1 and 2147483647, got 0 (in "), "\(output)")
        #expect(took < .seconds(3), "took \(took)")
        try await system.tearDown()
    }

    @Test func jsonPrintsOneEnvelopePerLineAndNothingElseOnStandardOutput() async throws {
        let system = try await SystemFixture.start([.companies])
        let process = try WorkerProcess.start(["send", "companies.CreateCompany", Self.acme, "--json", "--amqp-url", system.amqpURL])
        let status = try await process.waitForExit(timeout: .seconds(60))
        #expect(status == 0, "\(process.log)")
        // stdout and stderr share the log: the envelopes, then the outcome (stderr).
        let lines = process.log.split(separator: "\n").map(String.init)
        let envelopes = lines.filter { $0.hasPrefix("{") }
        #expect(envelopes.count == 1 && lines.count == 2, "\(process.log)")
        let envelope = try MessageCoding.decode(Envelope<JSONValue>.self, from: Array(try #require(envelopes.first).utf8))
        #expect(envelope.eventType == "CompanyCreated")
        #expect(envelope.data["name"]?.stringValue == "Acme AG")
        try await system.tearDown()
    }

    @Test func noAnswerWithinTheWaitExitsTwo() async throws {
        // The queue exists, nobody consumes it.
        let system = try await SystemFixture.start([.companies], startingWorkers: false)
        let channel = try await system.client.connection.openChannel()
        try await #require(try system.topology(.companies)).declare(on: channel)
        try await channel.close()
        let (status, output, took) = try await Self.send(system, ["companies.CreateCompany", Self.acme, "--wait", "1"])
        #expect(status == 2, "\(output)")
        #expect(output.contains("no answer within 1 s"), "\(output)")
        #expect(took >= .seconds(1))
        try await system.tearDown()
    }

    @Test func aCommandNoQueueTakesIsNotDeliveredAndExitsTwoAtOnce() async throws {
        // The shared exchanges only (the system fixture's tap would take any command).
        let sandbox = try await BrokerSandbox.make()
        await (try await TestClient.connect(vhost: sandbox.vhost)).close()
        let started = ContinuousClock.now
        let process = try WorkerProcess.start(["send", "companies.NoSuchCommand", "{}", "--amqp-url", sandbox.adminURL])
        let status = try await process.waitForExit(timeout: .seconds(60))
        #expect(status == 2, "\(process.log)")
        #expect(process.log.contains("not delivered: no queue takes companies.NoSuchCommand"), "\(process.log)")
        #expect(ContinuousClock.now - started < .seconds(3))
    }
}
