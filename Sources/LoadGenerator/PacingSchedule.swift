import Retry

/// When each command of an open-loop run is due: command `n` at `n / rate`
/// seconds after the start, whatever the answers do. A system that falls
/// behind then shows as latency instead of slowing the offer down (no
/// coordinated omission).
public struct PacingSchedule: Sendable, Equatable {
    /// Commands offered per second.
    public let rate: Double
    /// How long commands are offered.
    public let duration: Duration

    /// `rate` must be positive and `duration` not negative (the command checks both).
    public init(rate: Double, duration: Duration) {
        self.rate = rate
        self.duration = duration
    }

    /// Commands in the run: rate × duration, rounded down (a hair of slack,
    /// so 0.1/s for 30 s makes 3 and not 2).
    public var count: Int {
        Int((rate * duration.seconds + 1e-9).rounded(.down))
    }

    /// When command `index` is due, counted from the start, to the nanosecond.
    public func due(_ index: Int) -> Duration {
        .nanoseconds(Int64((Double(index) * 1e9 / rate).rounded()))
    }

    /// Which of `targets` targets (events, sessions) command `index` goes to:
    /// round robin, so each gets an equal share within one.
    public static func target(of index: Int, among targets: Int) -> Int {
        index % targets
    }
}
