import Foundation
import Retry

/// The progress line a run prints once a second: what was sent and
/// answered so far, what is in flight, and both rates over the last interval.
public struct ProgressMeter: Sendable {
    private var last: (elapsed: Duration, sent: Int, answered: Int) = (.zero, 0, 0)

    public init() {}

    /// The line for the counts at `elapsed` after the start; the rates are
    /// over the time since the previous line.
    public mutating func line(elapsed: Duration, sent: Int, answered: Int) -> String {
        let interval = (elapsed - last.elapsed).seconds
        func rate(_ now: Int, _ before: Int) -> Int { interval > 0 ? Int((Double(now - before) / interval).rounded()) : 0 }
        let text =
            String(format: "%6.1f s", elapsed.seconds)
            + "  sent \(sent) (\(rate(sent, last.sent))/s)  answered \(answered) (\(rate(answered, last.answered))/s)"
            + "  in flight \(sent - answered)"
        last = (elapsed, sent, answered)
        return text
    }
}
