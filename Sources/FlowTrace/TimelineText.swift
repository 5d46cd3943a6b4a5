import Foundation

/// A timeline as a table for a terminal: time, context, message, outcome,
/// and how long after its cause.
public enum TimelineText {
    public static func render(_ timeline: Timeline) -> String {
        guard let first = timeline.entries.first?.record.at else { return "no record of \(timeline.correlationId) in any context\n" }
        var rows = [["time", "context", "message", "outcome", "after cause"]]
        for entry in timeline.entries {
            let record = entry.record
            rows.append([
                "+" + milliseconds(record.at.duration(since: first)), record.context, record.messageType, outcome(record),
                entry.sinceCause.map(milliseconds) ?? "-",
            ])
        }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var text = "flow \(timeline.correlationId), \(timeline.entries.count) records from \(first.formatted(.iso8601))\n"
        for row in rows {
            text +=
                zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces) + "\n"
        }
        return text
    }

    static func outcome(_ record: TraceRecord) -> String {
        switch record.kind {
        case .handled: "handled"
        case .published:
            record.sentAt == nil
                ? "published (not sent yet)" : "published, sent +\(milliseconds(record.sentAt.map { $0.duration(since: record.at) } ?? .zero))"
        case .scheduled: "scheduled, due \(record.sentAt?.formatted(.iso8601) ?? "-")"
        case .retried: "retried: \(record.detail ?? "")"
        case .parked: "parked: \(record.detail ?? "")"
        case .rejected: "rejected: \(record.detail ?? "")"
        }
    }

    /// `12.3 ms`, `1.25 s`.
    static func milliseconds(_ duration: Duration) -> String {
        let ms = Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) / 1e15
        return abs(ms) < 1000 ? String(format: "%.1f ms", ms) : String(format: "%.2f s", ms / 1000)
    }
}
