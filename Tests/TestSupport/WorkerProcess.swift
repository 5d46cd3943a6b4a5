public import Foundation

/// A `batbern` process started by a test: for what only a real process can
/// show (SIGKILL, SIGTERM, exit codes).
public final class WorkerProcess: Sendable {
    public let pid: pid_t
    public let logPath: String

    /// The built binary: $BATBERN_BIN, else the `batbern` built beside these
    /// tests (so a build with `--scratch-path` or `--traits` runs its own),
    /// else .build/debug/batbern of this checkout.
    public static var binary: String {
        if let given = ProcessInfo.processInfo.environment["BATBERN_BIN"] { return given }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("batbern").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return TestServers.repositoryRoot.appendingPathComponent(".build/debug/batbern").path
    }

    /// Starts `batbern <arguments>` with extra environment variables; output
    /// goes to a log file (see `log`).
    public static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> WorkerProcess {
        let logPath = FileManager.default.temporaryDirectory.appendingPathComponent(uniqueName("worker") + ".log").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of the test run, such as its lock on the servers.
        closeDescriptorsOnExec()
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, binary, &actions, nil, argv, envp)
        guard status == 0 else {
            throw ScriptFailed(script: binary, status: status, output: "posix_spawn failed")
        }
        return WorkerProcess(pid: pid, logPath: logPath)
    }

    private init(pid: pid_t, logPath: String) {
        self.pid = pid
        self.logPath = logPath
    }

    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    public func signal(_ signal: Int32) {
        kill(pid, signal)
    }

    /// Waits for the process to end (bounded) and returns its exit status,
    /// or 128 + signal when a signal ended it.
    public func waitForExit(timeout: Duration = .seconds(60)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { break }
            guard ContinuousClock.now < deadline else {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw TimedOut(what: "process \(pid) to exit; log:\n\(log.suffix(4000))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
