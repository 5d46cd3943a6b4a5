import Foundation

/// Settled sagas per time window, from their settlement times: the figures
/// the Cluster tests print (pure, no I/O).
struct ThroughputWindows {
    let start: Double
    let width: Double
    let counts: [Int]

    init(times: [Double], width: Double, from start: Double? = nil) {
        let origin = start ?? times.min() ?? 0
        self.start = origin
        self.width = width
        let last = times.max() ?? origin
        var counts = Array(repeating: 0, count: Int(((last - origin) / width).rounded(.down)) + 1)
        for time in times where time >= origin { counts[Int((time - origin) / width)] += 1 }
        self.counts = counts
    }

    func rate(_ index: Int) -> Double { Double(counts[index]) / width }

    /// The mean rate over the whole windows from `from` to `to` (seconds since 1970).
    func meanRate(from: Double, to: Double) -> Double {
        let indices = counts.indices.filter { start + Double($0) * width >= from && start + Double($0 + 1) * width <= to }
        guard !indices.isEmpty else { return 0 }
        return Double(indices.map { counts[$0] }.reduce(0, +)) / (Double(indices.count) * width)
    }

    /// Seconds from `event` to the start of the first window after it whose
    /// rate is at least `fraction` of `baseline`; nil when none is.
    func recovery(after event: Double, baseline: Double, fraction: Double = 0.8) -> Double? {
        counts.indices.first { start + Double($0) * width >= event && rate($0) >= fraction * baseline }
            .map { start + Double($0) * width - event }
    }

    /// One line per window, each marked before, during or after `event`'s
    /// window.
    func lines(marking event: Double) -> [String] {
        counts.indices.map { index in
            let from = Double(index) * width
            let when: String
            if start + from + width <= event {
                when = "before"
            } else if start + from <= event {
                when = "kill"
            } else {
                when = "after"
            }
            return String(format: "  %5.0f-%-5.0f s  %6.1f/s  ", from, from + width, rate(index)) + when
        }
    }
}
