public import AMQP
public import Foundation
import Synchronization
public import WorkerHost

/// Where the tests find the servers `deploy/local/test.sh` started.
public enum TestServers {
    private static let env = ProcessInfo.processInfo.environment

    /// Full rights on the batbern vhost (the `batbern-admin` user).
    public static let amqpURL =
        env["BATBERN_TEST_AMQP_URL"]
        ?? "amqp://batbern-admin:batbern-admin-dev-secret@127.0.0.1:5672/batbern"

    /// The scratch database of the infrastructure tests.
    public static let postgresURL =
        env["BATBERN_TEST_DATABASE_URL"]
        ?? "postgres://batbern_test:batbern_test-dev-secret@127.0.0.1:5432/batbern_test"

    /// A context's own broker user (`batbern-<context>`), as the CLI's defaults have it.
    public static func workerAMQPConfiguration(_ context: BoundedContext) throws -> AMQPConnection.Configuration {
        var configuration = try AMQPConnection.Configuration(url: Settings(environment: [:]).amqpURL(for: context))
        configuration.connectionName = "test-\(context.rawValue)"
        return configuration
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
    public init(what: String) { self.what = what }
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
public func runLocalScript(_ script: String, _ arguments: String..., timeout: Duration = .seconds(120)) async throws -> String {
    let path = TestServers.repositoryRoot.appendingPathComponent("deploy/local/\(script)").path
    guard script == "rabbitmq.sh" else { return try await runScriptOnce(script, path, arguments, timeout: timeout) }
    return try await BrokerCLI.gate.serially {
        var attempt = 0
        while true {
            do {
                return try await runScriptOnce(script, path, arguments, timeout: timeout)
            } catch let failure as ScriptFailed where failure.isBrokerCLIDistributionFailure && attempt < 5 {
                attempt += 1
                try await Task.sleep(for: .milliseconds(200 * attempt))
            }
        }
    }
}

private func runScriptOnce(_ script: String, _ path: String, _ arguments: [String], timeout: Duration) async throws -> String {
    let (status, text) = try await runProgram([path] + arguments, timeout: timeout)
    guard status == 0 else {
        throw ScriptFailed(script: "\(script) \(arguments.joined(separator: " "))", status: status, output: text)
    }
    return text
}

/// Runs a program and returns its exit status and its output (stdout and stderr).
///
/// The wait happens on a thread of its own, never on Swift's cooperative pool
/// (a test blocking the pool's few threads would stall every other test), and
/// is bounded: a program still running after `timeout` is killed. Output goes
/// to a file, not a pipe: the scripts start daemons, which would inherit a
/// pipe and keep it open forever.
public func runProgram(_ argv: [String], timeout: Duration = .seconds(120)) async throws -> (status: Int32, output: String) {
    let log = FileManager.default.temporaryDirectory.appendingPathComponent(uniqueName("script") + ".log").path
    defer { try? FileManager.default.removeItem(atPath: log) }
    let command = argv.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
    let status = try await spawnAndWait(["/bin/sh", "-c", "\(command) >'\(log)' 2>&1 </dev/null"], timeout: timeout)
    return (status, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
}

/// posix_spawn and waitpid on a dedicated thread, without Foundation's Process
/// (whose exit detection is unreliable on Linux when children leave daemons
/// behind). The child leads a process group of its own, so a timeout kills
/// everything it started. It inherits only stdin, stdout and stderr: a server
/// it restarts must not keep the test run's descriptors, such as the
/// `flock` on /tmp/batbern-servers.lock, which would then never be released.
public func spawnAndWait(_ argv: [String], timeout: Duration = .seconds(120)) async throws -> Int32 {
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
    posix_spawnattr_setpgroup(&attributes, 0)
    closeDescriptorsOnExec()
    var pid: pid_t = 0
    let cArgs = argv.map { strdup($0) } + [nil]
    defer { cArgs.forEach { free($0) } }
    let spawned = posix_spawn(&pid, argv[0], nil, &attributes, cArgs, environ)
    guard spawned == 0 else { throw ScriptFailed(script: argv.joined(separator: " "), status: spawned, output: "posix_spawn failed") }
    let child = pid
    let killer = Task.detached {
        try await Task.sleep(for: timeout)
        kill(-child, SIGKILL)
    }
    defer { killer.cancel() }
    return await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
        let thread = Thread {
            var status: Int32 = 0
            while waitpid(child, &status, 0) < 0 && errno == EINTR {}
            // WIFEXITED / WEXITSTATUS by hand: the macros are not imported.
            continuation.resume(returning: (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f))
        }
        thread.start()
    }
}

/// Marks every descriptor above stderr close-on-exec, so that children get
/// only stdin, stdout and stderr.
func closeDescriptorsOnExec() {
    spawning.withLock { _ in markDescriptorsCloseOnExec() }
}

/// Runs `process` (Foundation's) with only stdin, stdout and stderr of the
/// test run's descriptors. Foundation learns that its child exited from a
/// socket the child inherits; marked close-on-exec by another thread while
/// `run` spawns, that socket closes at once, and Foundation then waits for
/// the still running child in its one monitoring thread, so no other child
/// of the test run is ever seen to exit (NotificationsTests and
/// NotificationMailTests hung so, on a dozen SMTP sinks starting at once).
func runWithStandardDescriptorsOnly(_ process: Process) throws {
    try spawning.withLock { _ in
        markDescriptorsCloseOnExec()
        try process.run()
    }
}

/// Held while descriptors are marked close-on-exec and while `Process.run` spawns.
private let spawning = Mutex(())

private func markDescriptorsCloseOnExec() {
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
    for case let fd? in entries.map({ Int32($0) }) where fd > 2 {
        let flags = fcntl(fd, F_GETFD)
        if flags >= 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
    }
}

/// rabbitmqctl starts an Erlang node of its own for every call; several at
/// once (parallel tests making vhosts) collide on node names and fail with
/// "Distribution failed". The tests' calls go one at a time, and such a
/// failure, which says nothing about the broker, is tried again.
enum BrokerCLI {
    static let gate = SerialGate()
}

/// Runs async bodies one at a time, in the order they arrive.
actor SerialGate {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func serially<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if busy {
            await withCheckedContinuation { waiting.append($0) }
        }
        busy = true
        defer {
            if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
        }
        return try await body()
    }
}

public struct ScriptFailed: Error, CustomStringConvertible {
    public let script: String
    public let status: Int32
    public let output: String
    public var description: String { "\(script) exited \(status): \(output)" }

    /// rabbitmqctl could not start its own Erlang node: nothing was done.
    var isBrokerCLIDistributionFailure: Bool { output.contains("Distribution failed") }
}
