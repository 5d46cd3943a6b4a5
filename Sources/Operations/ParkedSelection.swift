public import Messaging

/// Which parked messages a `replay` or `delete` acts on: one by its id, a
/// group (a reason, a message type, or both), or all. Nothing is picked
/// unless something was asked for.
public struct ParkedSelection: Sendable, Hashable, CustomStringConvertible {
    public var messageId: String?
    public var reason: String?
    /// A routing key (`speakers.InviteSpeaker`); a bare type (`InviteSpeaker`) matches any context's.
    public var type: String?
    public var all = false

    public init(messageId: String? = nil, reason: String? = nil, type: String? = nil, all: Bool = false) {
        self.messageId = messageId
        self.reason = reason
        self.type = type
        self.all = all
    }

    /// Why the selection cannot be used, or nil: exactly one of an id, a
    /// group or all.
    public var problem: String? {
        let group = reason != nil || type != nil
        let ways = [messageId != nil, group, all].filter { $0 }.count
        return ways == 1 ? nil : "give --message-id, or --reason and/or --type (a group), or --all"
    }

    public func matches(_ entry: ParkingLot.Entry) -> Bool {
        guard problem == nil else { return false }
        if all { return true }
        if let messageId { return entry.messageId == messageId }
        if let reason, entry.reason != reason { return false }
        if let type, entry.routingKey != type, !entry.routingKey.hasSuffix(".\(type)") { return false }
        return true
    }

    public var description: String {
        if all { return "every parked message" }
        if let messageId { return "message \(messageId)" }
        return "the group " + [reason.map { "reason=\($0)" }, type.map { "type=\($0)" }].compactMap { $0 }.joined(separator: " ")
    }
}
