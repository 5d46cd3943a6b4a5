import Synchronization

/// A wake-up call that is not lost when nobody is waiting yet: a signal sent
/// before `wait` makes the next wait return at once.
final class Wakeup: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.pending = true
            return nil
        }
        waiter?.resume()
    }

    /// Returns on a signal, after `timeout`, or when the task is cancelled.
    func wait(upTo timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForSignal() }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }

    private func waitForSignal() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    // A cancelled wait (its timeout won, or its task was
                    // cancelled) leaves a pending signal for the next one.
                    if Task.isCancelled { return true }
                    if state.pending {
                        state.pending = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
    }
}

/// Set once when the worker is asked to stop; runs the callbacks registered
/// before or after that moment exactly once each.
///
/// A cancelled task counts as stopped too: the service group cancels its
/// services once the shutdown deadline has passed, and every loop that runs
/// "until stopped" must then end.
final class StopSignal: Sendable {
    private struct State {
        var stopped = false
        var callbacks: [Int: @Sendable () -> Void] = [:]
        var nextKey = 0
    }

    private let state = Mutex(State())

    /// Asked to stop, or the calling task is cancelled.
    var isStopped: Bool { Task.isCancelled || state.withLock { $0.stopped } }

    func stop() {
        let callbacks = state.withLock { state -> [@Sendable () -> Void] in
            guard !state.stopped else { return [] }
            state.stopped = true
            defer { state.callbacks = [:] }
            return state.callbacks.sorted { $0.key < $1.key }.map(\.value)
        }
        for callback in callbacks { callback() }
    }

    /// Runs `callback` on stop (at once if already stopped); the key lets a
    /// caller that outlives its interest take it back (`forget`).
    @discardableResult
    func onStop(_ callback: @escaping @Sendable () -> Void) -> Int {
        let key = state.withLock { state -> Int? in
            if state.stopped { return nil }
            defer { state.nextKey += 1 }
            state.callbacks[state.nextKey] = callback
            return state.nextKey
        }
        guard let key else {
            callback()
            return -1
        }
        return key
    }

    /// Drops a callback registered with `onStop`.
    func forget(_ key: Int) {
        state.withLock { _ = $0.callbacks.removeValue(forKey: key) }
    }

    /// Sleeps for `duration`; returns early on stop or when the task is cancelled.
    func sleep(_ duration: Duration) async {
        guard !isStopped else { return }
        let wakeup = Wakeup()
        let key = onStop { wakeup.signal() }
        defer { forget(key) }
        await wakeup.wait(upTo: duration)
    }
}
