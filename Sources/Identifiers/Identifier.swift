public import Foundation

/// The identifier of anything BATbern names (messages, companies, events,
/// registrations ...): a UUID that is written in lowercase and read in any case.
///
/// RFC 9562 asks for lowercase on output and case-insensitive comparison on
/// input. Foundation's `UUID` writes capital hex (`uuidString`, and so its
/// Codable form), which clients comparing ids as strings, and the kernel's
/// per-aggregate ordering, take for a different id. This type is the one form
/// used on the wire, in the stores and in the outbox.
public struct Identifier: Hashable, Comparable, Sendable, Codable, CustomStringConvertible, LosslessStringConvertible {
    /// The bridge to APIs that need a Foundation `UUID`.
    public let uuid: UUID

    public init(uuid: UUID) {
        self.uuid = uuid
    }

    /// A new identifier, UUID version 7 (RFC 9562 §5.7): 48 bits of Unix time
    /// in milliseconds, then the version and variant bits, the rest random.
    ///
    /// Time first means ids made one after the other sort one after the
    /// other, so new rows land at the end of the primary key's B-tree instead
    /// of at random pages (as version 4 does), and an id tells roughly when
    /// it was made. 74 random bits keep ids made in the same millisecond apart.
    public init() {
        var generator = SystemRandomNumberGenerator()
        self.init(version7At: Date(), using: &generator)
    }

    /// A version 7 identifier for `date` with randomness from `generator`.
    init<Generator: RandomNumberGenerator>(version7At date: Date, using generator: inout Generator) {
        let milliseconds = UInt64(max(0, (date.timeIntervalSince1970 * 1000).rounded(.down)))
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - index))) }
        for index in 6..<16 { bytes[index] = generator.next() }
        bytes[6] = 0x70 | (bytes[6] & 0x0f)
        bytes[8] = 0x80 | (bytes[8] & 0x3f)
        self.init(bytes: bytes)
    }

    /// Parses the 8-4-4-4-12 hex form in any case; nil for anything else
    /// (braces, URNs, missing dashes, non-ASCII digits).
    public init?(_ text: String) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 36 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        var index = 0
        while index < 36 {
            if Self.dashOffsets.contains(index) {
                guard utf8[index] == UInt8(ascii: "-") else { return nil }
                index += 1
                continue
            }
            guard let high = Self.hexValue(utf8[index]), let low = Self.hexValue(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        self.init(bytes: bytes)
    }

    /// Lowercase hex, 8-4-4-4-12.
    public var description: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            switch index {
            case 4, 6, 8, 10: text.append(UInt8(ascii: "-"))
            default: break
            }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Byte order, which is also the order of the lowercase text and, for
    /// version 7, creation order to the millisecond.
    public static func < (lhs: Identifier, rhs: Identifier) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let identifier = Identifier(text) else {
            // The text itself stays out of the error: it may be anything a client sent.
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a UUID (8-4-4-4-12 hex digits), got \(text.count) characters"
            )
        }
        self = identifier
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// The 16 bytes, most significant first.
    var bytes: [UInt8] {
        withUnsafeBytes(of: uuid.uuid) { Array($0) }
    }

    private init(bytes: [UInt8]) {
        uuid = UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }

    private static let dashOffsets: Set<Int> = [8, 13, 18, 23]

    private static func hexValue(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
