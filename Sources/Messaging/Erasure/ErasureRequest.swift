import Foundation

/// A handler's request that the messages waiting in its worker's retry and
/// parking queues which mention personal data being erased go away too
/// (`HandlerContext.forgetMessages(mentioning:ofTypes:reason:)`).
///
/// The needles are personal data themselves: the kernel keeps them only
/// until the queues are swept and the retry window has passed.
public struct ErasureRequest: Sendable, Hashable {
    /// What a message must mention to be removed, lowercased and trimmed.
    public let needles: [String]
    /// The routing keys of the messages it applies to; nil for every message.
    public let routingKeys: [String]?
    /// A code for the logs, such as `attendee_erased`: never personal data.
    public let reason: String

    /// A needle shorter than this would match unrelated messages (an email
    /// has at least six characters, `a@b.ch`; an identifier 36).
    public static let minimumNeedleLength = 6

    public init(needles: [String], routingKeys: [String]? = nil, reason: String) throws(InvalidErasureRequest) {
        let cleaned = needles.map { $0.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() }
        guard !cleaned.isEmpty else { throw InvalidErasureRequest("no needle to look for") }
        if let short = cleaned.firstIndex(where: { $0.count < Self.minimumNeedleLength }) {
            throw InvalidErasureRequest("needle \(short + 1) has fewer than \(Self.minimumNeedleLength) characters")
        }
        guard routingKeys?.isEmpty != true else { throw InvalidErasureRequest("an empty list of message types matches nothing") }
        guard Self.isCode(reason) else { throw InvalidErasureRequest("the reason must be a code of 1 to 64 of a-z, 0-9, _") }
        self.needles = Array(Set(cleaned)).sorted()
        self.routingKeys = routingKeys.map { Array(Set($0)).sorted() }
        self.reason = reason
    }

    private static func isCode(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count) && text.utf8.allSatisfy { (0x61...0x7a).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5f }
    }
}
