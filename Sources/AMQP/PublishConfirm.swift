import Synchronization

/// The broker's answer to one published message, to be awaited later.
///
/// `AMQPChannel.send` returns one as soon as the message is written to the
/// socket, so a single task can put many messages in flight in a fixed order
/// and then wait for all their confirms.
public final class PublishConfirm: Sendable {
    private enum State {
        case pending([CheckedContinuation<Void, any Error>])
        case done(Result<Void, AMQPError>)
    }

    private let state = Mutex(State.pending([]))

    init() {}

    init(_ result: Result<Void, AMQPError>) {
        state.withLock { $0 = .done(result) }
    }

    func complete(_ result: Result<Void, AMQPError>) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            guard case .pending(let waiters) = state else { return [] }
            state = .done(result)
            return waiters
        }
        for waiter in waiters { waiter.resume(with: result) }
    }

    /// Returns when the broker confirmed; throws `.publishNacked`,
    /// `.publishReturned`, or a connection or channel failure.
    public func wait() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let done = state.withLock { state -> Result<Void, AMQPError>? in
                switch state {
                case .pending(var waiters):
                    waiters.append(continuation)
                    state = .pending(waiters)
                    return nil
                case .done(let result):
                    return result
                }
            }
            if let done { continuation.resume(with: done) }
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
