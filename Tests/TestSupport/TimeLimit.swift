import Synchronization

/// Runs `operation` and throws `TimedOut` when it has not ended within
/// `limit`, cancelling it (an operation that ignores cancellation is left
/// behind). For showing that something ends in time, such as a shutdown.
public func withTimeLimit<T: Sendable>(
    _ limit: Duration, _ what: String, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let outcome = Outcome<T>()
    let task = Task {
        let result: Result<T, any Error>
        do { result = .success(try await operation()) } catch { result = .failure(error) }
        outcome.result.withLock { $0 = result }
    }
    do {
        try await eventually(what, timeout: limit, every: .milliseconds(20)) { outcome.result.withLock { $0 != nil } }
    } catch {
        task.cancel()
        throw error
    }
    guard let result = outcome.result.withLock({ $0 }) else { throw TimedOut(what: what) }
    return try result.get()
}

private final class Outcome<T: Sendable>: Sendable {
    let result = Mutex<Result<T, any Error>?>(nil)
}
