public import Foundation
public import Messaging

/// Parked messages of one reason and one message type, like ServicePulse's
/// failed message groups: what failed the same way is looked at, replayed
/// or deleted together.
public struct ParkedGroup: Sendable, Hashable {
    public let reason: String
    /// The message's original routing key: its context and type.
    public let routingKey: String
    public let count: Int
    /// The earliest and latest `parked-at` of the group; nil when none has one.
    public let oldest: Date?
    public let newest: Date?

    /// The groups of `entries`, largest first, then by reason and type.
    public static func groups(of entries: [ParkingLot.Entry]) -> [ParkedGroup] {
        Dictionary(grouping: entries) { GroupKey(reason: $0.reason, routingKey: $0.routingKey) }
            .map { key, members in
                let times = members.compactMap { $0.parkedAt.flatMap(MessageCoding.parseTimestamp) }
                return ParkedGroup(
                    reason: key.reason, routingKey: key.routingKey, count: members.count, oldest: times.min(), newest: times.max()
                )
            }
            .sorted { ($1.count, $0.reason, $0.routingKey) < ($0.count, $1.reason, $1.routingKey) }
    }

    private struct GroupKey: Hashable {
        let reason: String
        let routingKey: String
    }
}
