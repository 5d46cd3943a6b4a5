import Histogram

/// Latencies of a run, one HdrHistogram per saga step, in microseconds
/// from 1 µs to an hour with three significant digits (0.1 % error).
public struct LatencyBook: Sendable {
    /// The steps in the order they are reported.
    public let steps: [String]
    private var histograms: [String: Histogram<UInt64>]

    /// The highest latency kept as it is; a longer one counts as an hour.
    static let highest: UInt64 = 3_600_000_000

    public init(steps: [String]) {
        self.steps = steps
        histograms = Dictionary(
            uniqueKeysWithValues: steps.map {
                ($0, Histogram<UInt64>(highestTrackableValue: Self.highest, numberOfSignificantValueDigits: .three))
            })
    }

    /// Records one latency of `step` (a step not given to `init` is ignored;
    /// a negative latency counts as zero).
    public mutating func record(_ step: String, _ latency: Duration) {
        let (seconds, attoseconds) = latency.components
        let microseconds = seconds < 0 ? 0 : UInt64(seconds) * 1_000_000 + UInt64(max(0, attoseconds) / 1_000_000_000_000)
        _ = histograms[step]?.record(min(microseconds, Self.highest))
    }

    /// p50, p90, p99 and max of every step, in `steps` order.
    public var summary: [StepLatency] {
        steps.map { step in
            guard let histogram = histograms[step], histogram.totalCount > 0 else {
                return StepLatency(step: step, count: 0, p50: 0, p90: 0, p99: 0, max: 0)
            }
            func milliseconds(_ microseconds: UInt64) -> Double { Double(microseconds) / 1000 }
            return StepLatency(
                step: step, count: Int(histogram.totalCount),
                p50: milliseconds(histogram.valueAtPercentile(50)), p90: milliseconds(histogram.valueAtPercentile(90)),
                p99: milliseconds(histogram.valueAtPercentile(99)), max: milliseconds(histogram.maxRecorded)
            )
        }
    }
}
