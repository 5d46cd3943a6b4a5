import Synchronization

/// Samples a growing count (answers seen so far) every `interval` while a
/// run goes on, for figures a failover test prints: the longest time without
/// a new answer, and answers per second before and after.
final class AnswerClock: Sendable {
    struct Sample: Sendable {
        let at: ContinuousClock.Instant
        let count: Int
    }

    private final class Samples: Sendable {
        let items = Mutex<[Sample]>([])
    }

    private let taken = Samples()
    private let sampler: Task<Void, Never>

    init(every interval: Duration = .milliseconds(50), count: @escaping @Sendable () -> Int) {
        let taken = self.taken
        sampler = Task {
            while !Task.isCancelled {
                let sample = Sample(at: .now, count: count())
                taken.items.withLock { $0.append(sample) }
                try? await Task.sleep(for: interval)
            }
        }
    }

    func stop() { sampler.cancel() }

    private var samples: [Sample] { taken.items.withLock { $0 } }

    /// The count at `instant` (the last sample at or before it).
    func count(at instant: ContinuousClock.Instant) -> Int {
        samples.last { $0.at <= instant }?.count ?? 0
    }

    /// The longest stretch without a new answer that ends after `from`.
    func longestSilence(after from: ContinuousClock.Instant) -> Duration {
        let all = samples
        var longest = Duration.zero
        var lastChange = all.first?.at ?? from
        for (previous, sample) in zip(all, all.dropFirst()) where sample.count != previous.count {
            if sample.at > from { longest = max(longest, sample.at - lastChange) }
            lastChange = sample.at
        }
        return longest
    }

    /// The first sample after `instant` whose count exceeds the count at `instant`.
    func firstAnswer(after instant: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        let before = count(at: instant)
        return samples.first { $0.at > instant && $0.count > before }?.at
    }

    /// Answers per second over `window` starting at `start`.
    func rate(from start: ContinuousClock.Instant, over window: Duration) -> Double {
        let (seconds, attoseconds) = window.components
        return Double(count(at: start + window) - count(at: start)) / (Double(seconds) + Double(attoseconds) / 1e18)
    }
}
