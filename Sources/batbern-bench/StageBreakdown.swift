import Foundation

/// Where a command's time went on its way to its event, from the driver's
/// clock and the worker's rows (same machine, same wall clock): queued
/// (published → its batch's transaction began: broker and lane buffer),
/// handled (→ its event's outbox row written), relayed (→ the broker
/// confirmed the event: commit, relay wake, claim, publish, confirm) and
/// delivered (confirmed → the driver received it; negative when delivery
/// beats the confirm). For the typical command and for the slowest 1 %, so
/// a tail can be put on the stage that makes it.
struct StageBreakdown: Equatable {
    /// One command's stages, in milliseconds.
    struct Stages: Equatable {
        var queued: Double
        var handled: Double
        var relayed: Double
        var delivered: Double
        var total: Double { queued + handled + relayed + delivered }
    }

    /// Median of each stage over all commands.
    let typical: Stages
    /// Median of each stage over the commands at or above the 99th percentile of the total.
    let slowest: Stages
    let slowestCount: Int

    /// Nil when no command has all four instants.
    init?(_ commands: [Stages]) {
        guard !commands.isEmpty else { return nil }
        let ordered = commands.sorted { $0.total < $1.total }
        let tail = Array(ordered[min(ordered.count - 1, Int(Double(ordered.count) * 0.99))...])
        typical = Self.medians(ordered)
        slowest = Self.medians(tail)
        slowestCount = tail.count
    }

    private static func medians(_ commands: [Stages]) -> Stages {
        func median(_ stage: KeyPath<Stages, Double>) -> Double {
            let values = commands.map { $0[keyPath: stage] }.sorted()
            return values[values.count / 2]
        }
        return Stages(queued: median(\.queued), handled: median(\.handled), relayed: median(\.relayed), delivered: median(\.delivered))
    }

    var description: String {
        func line(_ stages: Stages) -> String {
            String(
                format: "queued %.1f, handled %.1f, relayed %.1f, delivered %.1f ms", stages.queued, stages.handled, stages.relayed,
                stages.delivered)
        }
        return "stages (median): all \(line(typical)); slowest 1 % (\(slowestCount)) \(line(slowest))"
    }
}
