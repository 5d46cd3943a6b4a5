import Synchronization

/// Deliveries of one consumer waiting to be taken.
///
/// Unbounded on purpose: the channel's prefetch is what bounds it. Unlike an
/// AsyncStream it can hand out everything that is already here in one go,
/// which is what lets a worker handle a batch in one transaction.
final class DeliveryBuffer: Sendable {
    private struct State {
        var deliveries: [AMQPDelivery] = []
        var head = 0
        var finished = false
        var failure: (any Error)?
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    func yield(_ delivery: AMQPDelivery) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.finished else { return nil }
            state.deliveries.append(delivery)
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// No more deliveries will come; what is buffered can still be taken.
    func finish(throwing error: (any Error)? = nil) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.finished else { return nil }
            state.finished = true
            state.failure = error
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Waits for at least one delivery and returns up to `max` of those
    /// buffered. Empty means the consumer ended normally; a failure throws
    /// once the buffer is drained. Cancelling the waiting task throws
    /// `CancellationError` (what is buffered stays for a later call).
    func nextBatch(max: Int) async throws -> [AMQPDelivery] {
        while true {
            try Task.checkCancellation()
            let taken = try state.withLock { state -> [AMQPDelivery]? in
                let available = state.deliveries.count - state.head
                if available > 0 {
                    let count = min(available, max)
                    let batch = Array(state.deliveries[state.head..<state.head + count])
                    state.head += count
                    if state.head == state.deliveries.count {
                        state.deliveries.removeAll(keepingCapacity: true)
                        state.head = 0
                    } else if state.head > 1024 {
                        state.deliveries.removeFirst(state.head)
                        state.head = 0
                    }
                    return batch
                }
                if state.finished {
                    if let failure = state.failure { throw failure }
                    return []
                }
                return nil
            }
            if let taken { return taken }
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let ready = state.withLock { state -> Bool in
                        // Checked under the lock, so a cancellation that came
                        // before the waiter was stored is not missed.
                        if state.deliveries.count > state.head || state.finished || Task.isCancelled { return true }
                        state.waiter = continuation
                        return false
                    }
                    if ready { continuation.resume() }
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
}
