import Foundation

/// `batbern status`'s output: one table, one row per worker, then one line
/// per worker that needs attention. `needsAttention` decides the exit status.
public struct StatusReport: Sendable {
    public let rows: [WorkerStatus]
    public let thresholds: WorkerStatus.Thresholds

    public init(rows: [WorkerStatus], thresholds: WorkerStatus.Thresholds = WorkerStatus.Thresholds()) {
        self.rows = rows
        self.thresholds = thresholds
    }

    public var needsAttention: Bool { rows.contains { !$0.problems(thresholds).isEmpty } }

    public var text: String {
        var table = TextTable(
            header: [
                "WORKER", "READY", "CONSUMERS", "QUEUE", "RETRYING", "PARKED", "OUTBOX", "OLDEST", "TIMERS DUE", "HANDLED/S", "P99",
                "CONFLICTS",
            ],
            rightAligned: [2, 3, 5, 6, 7, 8, 9, 10, 11]
        )
        for row in rows {
            table.rows.append([
                row.worker, row.readiness.rawValue, Self.count(row.consumers), Self.count(row.queueDepth),
                row.retries.map { $0.map(String.init).joined(separator: "/") } ?? "?", Self.count(row.parked),
                Self.count(row.outboxUnsent), row.outboxOldest.map { $0 > 0 ? Age.text(seconds: $0) : "-" } ?? "?",
                Self.count(row.timersDue), row.metrics?.handledPerSecond.map(Self.rate) ?? "?",
                row.metrics.map { $0.p99.map { Age.text(seconds: $0) } ?? "-" } ?? "?",
                row.metrics?.conflicts.map { String(format: "%.0f", $0) } ?? "?",
            ])
        }
        let attention = rows.compactMap { row -> String? in
            let problems = row.problems(thresholds)
            return problems.isEmpty ? nil : "attention: \(row.worker): \(problems.joined(separator: ", "))"
        }
        return ([table.text] + (attention.isEmpty ? ["all well"] : attention)).joined(separator: "\n")
    }

    static func count(_ value: Int?) -> String { value.map(String.init) ?? "?" }

    static func rate(_ value: Double) -> String {
        value == 0 ? "0" : value < 10 ? String(format: "%.1f", value) : String(Int(value.rounded()))
    }
}
