import Foundation

/// Exponential backoff with full jitter, shared by every reconnect loop.
///
/// Full jitter (a uniform delay between zero and the capped exponential) keeps a
/// fleet of workers that lost the same server from reconnecting in lockstep.
public struct Backoff: Sendable, Hashable {
    /// Delay cap of the first retry. Default 100 ms.
    public var initial: Duration
    /// Largest delay ever returned. Default 10 s.
    public var maximum: Duration
    /// Growth per attempt. Default 2.
    public var multiplier: Double
    /// Whether delays are randomised (full jitter). Default true; tests turn it off.
    public var jitter: Bool

    public init(
        initial: Duration = .milliseconds(100),
        maximum: Duration = .seconds(10),
        multiplier: Double = 2,
        jitter: Bool = true
    ) {
        self.initial = initial
        self.maximum = maximum
        self.multiplier = multiplier
        self.jitter = jitter
    }

    /// The delay before retry number `attempt` (0 for the first retry).
    public func delay(attempt: Int) -> Duration {
        let base = initial.seconds * pow(multiplier, Double(max(0, min(attempt, 62))))
        let capped = min(base, maximum.seconds)
        let chosen = jitter ? Double.random(in: 0...capped) : capped
        return .nanoseconds(Int64(chosen * 1e9))
    }
}

extension Duration {
    /// The duration in seconds as a floating point number.
    public var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}

/// Retries `operation` with `backoff` for as long as `shouldRetry` says the error
/// is transient, until the task is cancelled.
///
/// `onRetry` sees each failure and the delay chosen, so callers can log it.
public func withRetry<T>(
    backoff: Backoff,
    maxAttempts: Int? = nil,
    shouldRetry: (any Error) -> Bool = { _ in true },
    onRetry: (_ attempt: Int, _ error: any Error, _ delay: Duration) -> Void = { _, _, _ in },
    _ operation: () async throws -> T
) async throws -> T {
    var attempt = 0
    while true {
        do {
            return try await operation()
        } catch {
            attempt += 1
            if let maxAttempts, attempt >= maxAttempts { throw error }
            guard shouldRetry(error) else { throw error }
            try Task.checkCancellation()
            let delay = backoff.delay(attempt: attempt - 1)
            onRetry(attempt, error, delay)
            try await Task.sleep(for: delay)
        }
    }
}
