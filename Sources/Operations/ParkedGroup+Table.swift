public import Foundation
import Messaging

extension ParkedGroup {
    /// The groups as a table: reason, type, count, oldest and newest (as
    /// timestamps, with their age at `now`).
    public static func table(_ groups: [ParkedGroup], now: Date) -> String {
        var table = TextTable(header: ["REASON", "TYPE", "COUNT", "OLDEST", "NEWEST"], rightAligned: [2])
        for group in groups {
            table.rows.append([
                group.reason, group.routingKey, String(group.count), stamp(group.oldest, now: now), stamp(group.newest, now: now),
            ])
        }
        return table.text
    }

    static func stamp(_ date: Date?, now: Date) -> String {
        guard let date else { return "-" }
        return "\(MessageCoding.formatTimestamp(date)) (\(Age.text(seconds: now.timeIntervalSince(date))) ago)"
    }
}
