import Foundation

extension LoadReport {
    /// The report for a person: throughput, a latency table, the events'
    /// tallies and each invariant with ok or FAIL.
    public var text: String {
        var lines: [String] = []
        let over = capacity.map { " into \(targets) event(s) of \($0) seats" } ?? " over \(targets) session(s)"
        lines.append("\(saga): \(sent) sent\(over) in \(format(sendingSeconds)) s (offered \(format(rate))/s for \(format(durationSeconds)) s)")
        lines.append(
            "answered \(answered) of \(sent), \(missing) missing, in \(format(elapsedSeconds)) s: \(format(throughput)) sagas/s"
                + (duplicateDeliveries > 0 ? ", \(duplicateDeliveries) duplicate deliveries" : ""))
        let width = max(4, steps.map(\.step.count).max() ?? 0)
        lines.append(pad("step", width) + "   count      p50 ms      p90 ms      p99 ms      max ms")
        for step in steps {
            lines.append(
                pad(step.step, width) + column("\(step.count)", 8)
                    + [step.p50, step.p90, step.p99, step.max].map { column(String(format: "%.1f", $0), 12) }.joined())
        }
        for tally in events {
            lines.append(
                "event \(tally.event): \(tally.registrations) registrations, \(tally.confirmed) confirmed of \(tally.capacity) seats, "
                    + "\(tally.waitlisted) waitlisted, \(tally.refused) refused, \(tally.unanswered) unanswered")
        }
        for check in invariants {
            lines.append((check.holds ? "ok    " : "FAIL  ") + check.name + (check.holds ? "" : ": \(check.detail)"))
        }
        return lines.joined(separator: "\n")
    }

    private func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.2f", value)
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    private func column(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(1, width - text.count)) + text
    }
}
