import Synchronization

/// The broker's answer to one published message, to be awaited later.
///
/// `AMQPChannel.send` returns one as soon as the message is written to the
/// socket, so a single task can put many messages in flight in a fixed order
/// and then wait for all their confirms.
public final class PublishConfirm: Sendable {
    private enum State {
        /// Waiters by a number of their own, so a cancelled one can leave.
        case pending(waiters: [Int: CheckedContinuation<Void, any Error>], next: Int)
        case done(Result<Void, AMQPError>)
    }

    private let state = Mutex(State.pending(waiters: [:], next: 0))

    init() {}

    init(_ result: Result<Void, AMQPError>) {
        state.withLock { $0 = .done(result) }
    }

    func complete(_ result: Result<Void, AMQPError>) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            guard case .pending(let waiters, _) = state else { return [] }
            state = .done(result)
            return Array(waiters.values)
        }
        for waiter in waiters { waiter.resume(with: result) }
    }

    /// Returns when the broker confirmed; throws `.publishNacked`,
    /// `.publishReturned`, a connection or channel failure, or
    /// `CancellationError` when the task is cancelled first.
    ///
    /// A broker blocked by a resource alarm confirms nothing until the alarm
    /// clears: prefer `wait(timeout:)`.
    public func wait() async throws {
        // A number for this waiter, so that its cancellation removes only it.
        let key = state.withLock { state -> Int in
            guard case .pending(let waiters, let next) = state else { return -1 }
            state = .pending(waiters: waiters, next: next + 1)
            return next
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = state.withLock { state -> Result<Void, any Error>? in
                    switch state {
                    case .done(let result):
                        return result.mapError { $0 }
                    case .pending(var waiters, let next):
                        if Task.isCancelled { return .failure(CancellationError()) }
                        waiters[key] = continuation
                        state = .pending(waiters: waiters, next: next)
                        return nil
                    }
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, any Error>? in
                guard case .pending(var waiters, let next) = state, let waiter = waiters.removeValue(forKey: key) else {
                    return nil
                }
                state = .pending(waiters: waiters, next: next)
                return waiter
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// Like `wait()`, but gives up after `timeout` with `.timeout`. The
    /// message may still be confirmed later; the caller decides what the
    /// connection is worth (a relay closes it).
    public func wait(timeout: Duration) async throws {
        if let known = result { return try known.get() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.wait() }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw AMQPError(.timeout, "no publisher confirm within \(timeout)")
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    /// The outcome if it is known already.
    public var result: Result<Void, AMQPError>? {
        state.withLock { state in
            if case .done(let result) = state { return result }
            return nil
        }
    }
}
