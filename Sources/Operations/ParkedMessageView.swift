import AMQP
import Foundation
public import Messaging

/// `batbern parked show`: a parked message's properties, headers and body,
/// personal data masked unless `reveal`. Kernel headers (`x-batbern-*`:
/// reason, error, attempts, times) never hold personal data and are shown as
/// they are; any other header's text is masked like a personal field.
public struct ParkedMessageView: Sendable {
    public let entry: ParkingLot.Entry
    public let reveal: Bool

    public init(entry: ParkingLot.Entry, reveal: Bool) {
        self.entry = entry
        self.reveal = reveal
    }

    public var text: String {
        let properties = entry.properties
        let summary: [(String, String)] = [
            ("type", entry.routingKey), ("reason", entry.reason), ("error", entry.error.isEmpty ? "-" : entry.error),
            ("attempts", String(entry.attempts)), ("parked at", entry.parkedAt ?? "-"),
        ]
        let named: [(String, String)] = [
            ("content_type", properties.contentType), ("correlation_id", properties.correlationId),
            ("type", properties.type), ("app_id", properties.appId), ("timestamp", properties.timestamp.map(String.init)),
        ].compactMap { name, value in value.map { (name, $0) } }
        let headers = properties.headers.entries.sorted { $0.key < $1.key }
        let width = (summary.map(\.0.count) + named.map(\.0.count) + headers.map(\.key.count)).max().map { $0 + 2 } ?? 0
        func line(_ name: String, _ value: String) -> String { "  " + name.padding(toLength: width, withPad: " ", startingAt: 0) + value }

        var lines = ["message \(entry.messageId ?? "-")"] + summary.map(line)
        lines.append("properties")
        lines += named.map(line)
        lines.append("headers")
        for (key, value) in headers { lines.append(line(key, reveal || key.hasPrefix("x-batbern-") ? Self.text(value) : Self.masked(value))) }
        lines.append("body\(reveal ? "" : " (personal fields masked; --reveal shows them)")")
        lines.append(PersonalDataMask.render(entry.body, reveal: reveal))
        return lines.joined(separator: "\n")
    }

    /// Text (which could say anything) is hidden; numbers, flags and times are not.
    static func masked(_ value: AMQPValue) -> String {
        switch value {
        case .string, .bytes, .table, .array: PersonalDataMask.placeholder
        default: text(value)
        }
    }

    static func text(_ value: AMQPValue) -> String {
        if let string = value.stringValue { return string }
        if let number = value.intValue { return String(number) }
        return "\(value)"
    }
}
