/// Parked messages a replay left parked because they were parked longer ago
/// than the inbox retention: the inbox may have forgotten that they were
/// handled, so replaying them could apply them twice.
public struct ReplayRefused: Error, Sendable, CustomStringConvertible {
    public struct Message: Sendable, Hashable {
        public let messageId: String?
        /// The kernel's `x-batbern-parked-at` header; nil when missing.
        public let parkedAt: String?
    }

    public let messages: [Message]
    public let inboxRetention: Duration
    /// How many others the same replay did send back.
    public let replayed: Int

    public var description: String {
        let days = inboxRetention.components.seconds / 86_400
        let retention = days * 86_400 == inboxRetention.components.seconds ? "\(days) days" : "\(inboxRetention)"
        return messages.map { message in
            "refused to replay message \(message.messageId ?? "-"): parked at \(message.parkedAt ?? "an unknown time"), "
                + "longer ago than the inbox retention (\(retention)), so replaying it could apply it twice; it stays parked"
        }.joined(separator: "\n")
    }
}
