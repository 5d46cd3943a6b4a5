import Foundation
public import Logging

/// Stops a child of `batbern run` whose supervisor is gone (killed with
/// SIGKILL, say), so no orphan keeps its port, queues and connections.
///
/// The supervisor names itself in `BATBERN_SUPERVISOR_PID`; when this
/// process's parent is no longer that pid (it was re-parented), the watch
/// sends this process SIGTERM: the worker's usual graceful stop.
public enum ParentWatch {
    public static let variable = "BATBERN_SUPERVISOR_PID"

    /// Starts watching when the environment names a supervisor; nil otherwise.
    /// Checks once a second until cancelled.
    public static func start(environment: [String: String], logger: Logger) -> Task<Void, Never>? {
        guard let supervisor = environment[variable].flatMap(Int32.init) else { return nil }
        return Task.detached {
            while (try? await Task.sleep(for: .seconds(1))) != nil {
                guard getppid() != supervisor else { continue }
                logger.warning("the supervisor is gone; stopping", metadata: ["supervisor_pid": "\(supervisor)"])
                kill(getpid(), SIGTERM)
                return
            }
        }
    }
}
