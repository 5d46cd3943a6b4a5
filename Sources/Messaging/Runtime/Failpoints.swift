import Foundation

/// Fault injection for the crash tests: `BATBERN_FAILPOINT=crash-after-commit`
/// makes a worker SIGKILL itself after committing a batch and before acking
/// it, the one moment whose recovery the inbox exists for. Unset in normal
/// operation; read once at start.
struct Failpoints: Sendable {
    var crashAfterCommit = false

    static func fromEnvironment() -> Failpoints {
        Failpoints(crashAfterCommit: ProcessInfo.processInfo.environment["BATBERN_FAILPOINT"] == "crash-after-commit")
    }

    func afterCommit() {
        if crashAfterCommit { kill(getpid(), SIGKILL) }
    }
}
