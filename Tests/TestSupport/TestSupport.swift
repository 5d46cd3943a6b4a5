public import Foundation
public import AMQP

/// Where the tests find the servers `deploy/local/test.sh` started.
public enum TestServers {
    private static let env = ProcessInfo.processInfo.environment

    /// Full rights on the batbern vhost (the `batbern-admin` user).
    public static let amqpURL = env["BATBERN_TEST_AMQP_URL"]
        ?? "amqp://batbern-admin:batbern-admin-dev-secret@127.0.0.1:5672/batbern"

    /// The scratch database of the infrastructure tests.
    public static let postgresURL = env["BATBERN_TEST_DATABASE_URL"]
        ?? "postgres://batbern_test:batbern_test-dev-secret@127.0.0.1:5432/batbern_test"

    /// A context's own database and role, as the CLI's defaults have them.
    public static func contextDatabaseURL(_ context: String) -> String {
        env["BATBERN_\(context.uppercased())_DATABASE_URL"]
            ?? "postgres://batbern_\(context):batbern_\(context)-dev-secret@127.0.0.1:5432/batbern_\(context)"
    }

    public static func amqpConfiguration(name: String = "tests") throws -> AMQPConnection.Configuration {
        var configuration = try AMQPConnection.Configuration(url: amqpURL)
        configuration.connectionName = name
        return configuration
    }

    /// The repository root (tests run scripts from deploy/local).
    public static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()
}

/// A name no other test run uses, for queues, exchanges and schemas.
public func uniqueName(_ prefix: String) -> String {
    "\(prefix)-\(UInt32.random(in: 0...UInt32.max))"
}

public struct TimedOut: Error, CustomStringConvertible {
    public let what: String
    public var description: String { "timed out waiting for \(what)" }
}

/// Polls `condition` until it holds or `timeout` passes: a bounded wait for an
/// outcome, never a bare sleep standing in for synchronisation.
public func eventually(
    _ what: String,
    timeout: Duration = .seconds(30),
    every interval: Duration = .milliseconds(50),
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while true {
        if try await condition() { return }
        guard ContinuousClock.now < deadline else { throw TimedOut(what: what) }
        try await Task.sleep(for: interval)
    }
}

/// Runs a script of deploy/local (e.g. `rabbitmq.sh ctl stop_app`) and fails on a non-zero exit.
@discardableResult
public func runLocalScript(_ script: String, _ arguments: String...) throws -> String {
    let process = Process()
    process.executableURL = TestServers.repositoryRoot.appendingPathComponent("deploy/local/\(script)")
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    guard process.terminationStatus == 0 else {
        throw ScriptFailed(script: "\(script) \(arguments.joined(separator: " "))", status: process.terminationStatus, output: text)
    }
    return text
}

public struct ScriptFailed: Error, CustomStringConvertible {
    public let script: String
    public let status: Int32
    public let output: String
    public var description: String { "\(script) exited \(status): \(output)" }
}
