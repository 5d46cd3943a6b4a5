/// The count of deliveries by worker, kind and outcome, as the table the
/// issue's note quotes.
struct HostileTally {
    private struct Row {
        var sent = 0
        var outcomes: [String: Int] = [:]
        var parkReasons: [String: Int] = [:]
        var rejectionReasons: [String: Int] = [:]
        var problems = 0

        mutating func add(_ verdict: HostileVerdict) {
            sent += 1
            outcomes[verdict.outcome, default: 0] += 1
            for entry in verdict.parked { parkReasons[entry.reason, default: 0] += 1 }
            if let reason = verdict.rejectionReason { rejectionReasons[reason, default: 0] += 1 }
            if !verdict.problems.isEmpty { problems += 1 }
        }
    }

    static let columns = ["rejected", "rejected+parked", "handled", "parked", "lost"]
    private var rows: [String: [HostileKind: Row]] = [:]

    init(_ verdicts: [HostileVerdict]) {
        for verdict in verdicts {
            rows[verdict.worker, default: [:]][verdict.message.kind, default: Row()].add(verdict)
            rows["all", default: [:]][verdict.message.kind, default: Row()].add(verdict)
        }
    }

    /// One table per worker, then the total: a row per kind, a column per
    /// outcome, then the park and rejection reasons.
    func render() -> String {
        let workers = rows.keys.filter { $0 != "all" }.sorted() + ["all"]
        let header = ["kind", "sent"] + Self.columns + ["failing", "park reasons", "rejection reasons"]
        var lines: [String] = []
        for worker in workers {
            guard let kinds = rows[worker] else { continue }
            var table = [header]
            var total = Row()
            for kind in kinds.keys.sorted() {
                guard let row = kinds[kind] else { continue }
                table.append(line(kind.rawValue, row))
                total.sent += row.sent
                total.problems += row.problems
                total.outcomes.merge(row.outcomes, uniquingKeysWith: +)
                total.parkReasons.merge(row.parkReasons, uniquingKeysWith: +)
                total.rejectionReasons.merge(row.rejectionReasons, uniquingKeysWith: +)
            }
            table.append(line("total", total))
            lines.append("\n\(worker == "all" ? "all workers" : worker)")
            lines += Self.format(table)
        }
        return lines.joined(separator: "\n")
    }

    private func line(_ name: String, _ row: Row) -> [String] {
        [name, "\(row.sent)"] + Self.columns.map { "\(row.outcomes[$0] ?? 0)" } + [
            "\(row.problems)", Self.reasons(row.parkReasons), Self.reasons(row.rejectionReasons),
        ]
    }

    /// The four most frequent, then how many other reasons there were.
    private static func reasons(_ counts: [String: Int]) -> String {
        let sorted = counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
        let shown = sorted.prefix(4).map { "\($0.key) \($0.value)" }
        return (shown + (sorted.count > 4 ? ["\(sorted.count - 4) more"] : [])).joined(separator: ", ")
    }

    /// Columns padded to their widest cell; numbers right-aligned.
    private static func format(_ table: [[String]]) -> [String] {
        let widths = (0..<(table.first?.count ?? 0)).map { column in table.map { $0[column].count }.max() ?? 0 }
        return table.map { cells in
            cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 || column >= cells.count - 2 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
    }
}
