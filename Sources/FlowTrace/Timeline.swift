import Foundation
public import Identifiers

/// A flow put back together from every context's records: in time order,
/// each entry tied to its cause. Pure: the reader does the I/O.
public struct Timeline: Sendable, Equatable {
    public let correlationId: Identifier
    public let entries: [TimelineEntry]

    public init(correlationId: Identifier, records: [TraceRecord]) {
        self.correlationId = correlationId
        let published = Dictionary(
            records.filter { $0.kind == .published }.map { ($0.messageId, $0) }, uniquingKeysWith: { first, _ in first }
        )
        let handled = Dictionary(
            records.filter { $0.kind == .handled }.map { (Key(context: $0.context, message: $0.messageId), $0) },
            uniquingKeysWith: { first, _ in first }
        )
        entries = records.sorted(by: Self.order).map { record in
            switch record.kind {
            case .published, .scheduled:
                let cause = record.causationId.flatMap { handled[Key(context: record.context, message: $0)] }
                return TimelineEntry(record: record, sinceCause: cause.map { record.at.duration(since: $0.at) }, from: nil)
            case .handled, .retried, .parked, .rejected:
                // Since the publication was written: the relay marks it sent
                // only after the broker confirmed it, often after delivery.
                let publication = published[record.messageId]
                return TimelineEntry(record: record, sinceCause: publication.map { record.at.duration(since: $0.at) }, from: publication?.context)
            }
        }
    }

    /// The contexts in the order they first appear.
    public var contexts: [String] {
        var seen: [String] = []
        for entry in entries where !seen.contains(entry.record.context) { seen.append(entry.record.context) }
        return seen
    }

    private struct Key: Hashable {
        let context: String
        let message: Identifier
    }

    /// Time order; at one instant a message's handling before what it caused.
    private static func order(_ a: TraceRecord, _ b: TraceRecord) -> Bool {
        if a.at != b.at { return a.at < b.at }
        return a.kind.rank < b.kind.rank
    }
}

extension TraceRecord.Kind {
    /// Handling first, then what it wrote, then what went wrong.
    var rank: Int {
        switch self {
        case .handled: 0
        case .published: 1
        case .scheduled: 2
        case .rejected: 3
        case .retried: 4
        case .parked: 5
        }
    }
}

extension Date {
    /// The duration from `earlier` to this date (negative if it is later), to
    /// the microsecond (PostgreSQL's precision).
    func duration(since earlier: Date) -> Duration {
        .microseconds(Int64((timeIntervalSince(earlier) * 1e6).rounded()))
    }
}
