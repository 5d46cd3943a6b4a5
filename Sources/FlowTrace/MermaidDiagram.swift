/// A timeline as a Mermaid sequence diagram: one participant per context
/// (and `client` for what came from outside), an arrow per message handled.
public enum MermaidDiagram {
    public static func render(_ timeline: Timeline) -> String {
        var lines = ["sequenceDiagram"]
        let fromOutside = timeline.entries.contains { $0.record.kind != .published && $0.record.kind != .scheduled && $0.from == nil }
        if fromOutside { lines.append("    participant client") }
        for context in timeline.contexts { lines.append("    participant \(name(context))") }
        let handledSomewhere = Set(timeline.entries.filter { $0.record.kind == .handled }.map(\.record.messageId))
        for entry in timeline.entries {
            let record = entry.record
            let here = name(record.context)
            let type = text(record.typeName)
            let after = entry.sinceCause.map { " (+\(TimelineText.milliseconds($0)))" } ?? ""
            switch record.kind {
            case .handled:
                lines.append("    \(entry.from.map(name) ?? "client")->>\(here): \(type)\(after)")
            case .published where record.typeName == "CommandRejected":
                continue
            case .published:
                guard !handledSomewhere.contains(record.messageId) else { continue }
                lines.append("    Note right of \(here): published \(type)")
            case .scheduled:
                lines.append("    Note right of \(here): \(type) scheduled")
            case .retried:
                lines.append("    \(here)-x\(here): \(type) failed, retried: \(text(record.detail ?? ""))")
            case .parked:
                lines.append("    Note over \(here): \(type) parked: \(text(record.detail ?? ""))")
            case .rejected:
                lines.append("    \(here)--)\(entry.from.map(name) ?? "client"): CommandRejected \(text(record.detail ?? ""))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A participant name Mermaid accepts as it is.
    private static func name(_ context: String) -> String {
        String(context.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
    }

    /// Message text without what Mermaid reads as syntax (`;`, `#`, line breaks).
    private static func text(_ value: String) -> String {
        String(value.prefix(120).map { $0 == ";" || $0 == "#" || $0.isNewline ? " " : $0 })
    }
}
