import Synchronization

/// A continuation that is resumed at most once, by whichever comes first:
/// the connection thread's answer or the waiting task's cancellation.
///
/// The connection thread cannot take back work it has been given, so a
/// cancelled caller stops waiting at once and the answer, when it comes, is
/// dropped.
final class OnceContinuation<T: Sendable>: Sendable {
    private enum State {
        case idle
        case waiting(CheckedContinuation<T, any Error>)
        case finished
    }

    private let state = Mutex(State.idle)

    /// Waits for `resume` or cancellation; `start` runs once the waiter is in
    /// place, and not at all when the task is cancelled already.
    func wait(start: () -> Void) async throws -> T {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                let armed = state.withLock { state -> Bool in
                    guard case .idle = state, !Task.isCancelled else {
                        state = .finished
                        return false
                    }
                    state = .waiting(continuation)
                    return true
                }
                // Not armed: cancelled before the work was handed over (only
                // cancellation can finish a continuation nobody holds yet).
                if armed { start() } else { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            resume(.failure(CancellationError()))
        }
    }

    /// Resumes the waiter unless it was resumed before; false when it was (or
    /// when nobody waits yet: the coming wait then ends as cancelled).
    @discardableResult
    func resume(_ result: Result<T, any Error>) -> Bool {
        let waiter = state.withLock { state -> CheckedContinuation<T, any Error>? in
            switch state {
            case .waiting(let continuation):
                state = .finished
                return continuation
            case .idle:
                state = .finished
                return nil
            case .finished:
                return nil
            }
        }
        waiter?.resume(with: result)
        return waiter != nil
    }
}
