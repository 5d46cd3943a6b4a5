import Synchronization

/// Liveness and readiness of one worker, set by its services.
///
/// Ready means: consuming from the broker, and the database answering. A
/// worker that is reconnecting stays alive but is not ready.
///
/// Live means: no part has held work for longer than the stall timeout
/// without finishing any of it. A part says `working` when it has work in
/// hand (a batch taken, unsent outbox rows, due timers), `progressed` when it
/// finished a unit, and `idle` when it has nothing to do or is only waiting
/// for a server to come back (an outage is not a stall: restarting the
/// process would not help, and readiness already says it). So a part that
/// keeps failing on the same work while connected, or hangs inside a call,
/// turns the worker not live, and an orchestrator restarts it.
public final class WorkerHealth: Sendable {
    public enum Part: String, Sendable, CaseIterable {
        case consumer, relay, scheduler
    }

    private struct State {
        var ready: [Part: Bool] = [:]
        /// Since when each part has held work without progress.
        var pendingSince: [Part: ContinuousClock.Instant] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    public func set(_ part: Part, ready: Bool) {
        state.withLock { $0.ready[part] = ready }
    }

    /// The part has work in hand (keeps the earliest moment).
    public func working(_ part: Part, at now: ContinuousClock.Instant = .now) {
        state.withLock { state in
            if state.pendingSince[part] == nil { state.pendingSince[part] = now }
        }
    }

    /// The part finished a unit of work.
    public func progressed(_ part: Part) {
        state.withLock { _ = $0.pendingSince.removeValue(forKey: part) }
    }

    /// The part has nothing to do, or only waits for a server.
    public func idle(_ part: Part) {
        state.withLock { _ = $0.pendingSince.removeValue(forKey: part) }
    }

    public var isReady: Bool {
        state.withLock { state in Part.allCases.allSatisfy { state.ready[$0] == true } }
    }

    public var report: String {
        state.withLock { state in
            Part.allCases.map { "\($0.rawValue): \(state.ready[$0] == true ? "ready" : "not ready")" }.joined(separator: "\n")
        }
    }

    /// Parts that have held work for longer than `stallTimeout` without progress.
    public func stalled(after stallTimeout: Duration, now: ContinuousClock.Instant = .now) -> [Part] {
        state.withLock { state in
            Part.allCases.filter { part in state.pendingSince[part].map { now - $0 > stallTimeout } ?? false }
        }
    }

    public func isLive(stallTimeout: Duration, now: ContinuousClock.Instant = .now) -> Bool {
        stalled(after: stallTimeout, now: now).isEmpty
    }

    /// One line per part: `relay: live` or `relay: stalled`.
    public func liveReport(stallTimeout: Duration, now: ContinuousClock.Instant = .now) -> String {
        let stalled = Set(stalled(after: stallTimeout, now: now))
        return Part.allCases.map { "\($0.rawValue): \(stalled.contains($0) ? "stalled" : "live")" }.joined(separator: "\n")
    }
}
