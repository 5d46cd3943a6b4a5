import Synchronization

/// Liveness and readiness of one worker, set by its services.
///
/// Ready means: consuming from the broker, and the database answering. A
/// worker that is reconnecting stays alive but is not ready.
public final class WorkerHealth: Sendable {
    public enum Part: String, Sendable, CaseIterable {
        case consumer, relay, scheduler
    }

    private let parts = Mutex<[Part: Bool]>([:])

    public init() {}

    public func set(_ part: Part, ready: Bool) {
        parts.withLock { $0[part] = ready }
    }

    public var isReady: Bool {
        parts.withLock { parts in Part.allCases.allSatisfy { parts[$0] == true } }
    }

    public var report: String {
        parts.withLock { parts in
            Part.allCases.map { "\($0.rawValue): \(parts[$0] == true ? "ready" : "not ready")" }.joined(separator: "\n")
        }
    }
}
