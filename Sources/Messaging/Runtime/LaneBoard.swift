import Synchronization

/// What each consumer lane is doing, summed up for `WorkerHealth`.
///
/// The consumer is ready only while every lane consumes (a lane that waits
/// for its database, or has failed, is not). It holds work from the earliest
/// moment a lane took a batch it has not finished, so one lane stuck on its
/// batch is a stall even while the others keep going.
final class LaneBoard: Sendable {
    private struct State {
        var consuming: Set<Int> = []
        var busySince: [Int: ContinuousClock.Instant] = [:]
        /// Some lane finished a batch since the last `takeProgress()`.
        var progressed = false
    }

    private let lanes: Int
    private let health: WorkerHealth
    private let state = Mutex(State())

    init(lanes: Int, health: WorkerHealth) {
        self.lanes = lanes
        self.health = health
    }

    /// The lane consumes (true), or waits for a server or has ended (false).
    func lane(_ lane: Int, consuming: Bool) {
        update { state in
            if consuming { state.consuming.insert(lane) } else { state.consuming.remove(lane) }
        }
    }

    /// The lane took a batch.
    func working(_ lane: Int) {
        update { state in
            if state.busySince[lane] == nil { state.busySince[lane] = .now }
        }
    }

    /// The lane committed and settled its batch.
    func finished(_ lane: Int) {
        update { state in
            state.busySince[lane] = nil
            state.progressed = true
        }
    }

    /// The lane waits for deliveries or for a server: holding no work.
    func idle(_ lane: Int) {
        update { state in state.busySince[lane] = nil }
    }

    /// Every lane stopped.
    func reset() {
        update { state in
            state.consuming = []
            state.busySince = [:]
        }
    }

    /// Whether a batch was finished since the last call.
    func takeProgress() -> Bool {
        state.withLock { state in
            defer { state.progressed = false }
            return state.progressed
        }
    }

    private func update(_ change: (inout State) -> Void) {
        state.withLock { state in
            change(&state)
            health.set(.consumer, ready: state.consuming.count == lanes)
            if let earliest = state.busySince.values.min() {
                health.idle(.consumer)
                health.working(.consumer, at: earliest)
            } else {
                health.progressed(.consumer)
            }
        }
    }
}
