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
        var generator = PooledRandom()
        self.init(version7At: Date(), using: &generator)
    }

    /// A version 7 identifier for `date` with randomness from `generator`.
    init<Generator: RandomNumberGenerator>(version7At date: Date, using generator: inout Generator) {
        let milliseconds = UInt64(max(0, (date.timeIntervalSince1970 * 1000).rounded(.down)))
        let random = (generator.next() as UInt64, generator.next() as UInt64)
        var value = Self.zero
        withUnsafeMutableBytes(of: &value) { bytes in
            for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - index))) }
            withUnsafeBytes(of: random) { random in
                for index in 6..<16 { bytes[index] = random[index - 6] }
            }
            bytes[6] = 0x70 | (bytes[6] & 0x0f)
            bytes[8] = 0x80 | (bytes[8] & 0x3f)
        }
        self.init(uuid: UUID(uuid: value))
    }

    /// Parses the 8-4-4-4-12 hex form in any case; nil for anything else
    /// (braces, URNs, missing dashes, non-ASCII digits).
    public init?(_ text: String) {
        var text = text
        guard let value = text.withUTF8(Self.parse) else { return nil }
        self.init(uuid: UUID(uuid: value))
    }

    /// The same text as UTF-8 bytes, for readers that find it inside a
    /// larger buffer (the envelope reader) and need no `String` for it.
    public init?(utf8 text: UnsafeBufferPointer<UInt8>) {
        guard let value = Self.parse(text) else { return nil }
        self.init(uuid: UUID(uuid: value))
    }

    /// Lowercase hex, 8-4-4-4-12.
    public var description: String {
        withUnsafeBytes(of: uuid.uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { text in
                var position = 0
                for (index, byte) in bytes.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        text[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    text[position] = Self.hexDigit(byte >> 4)
                    text[position + 1] = Self.hexDigit(byte & 0x0f)
                    position += 2
                }
                return position
            }
        }
    }

    /// Byte order, which is also the order of the lowercase text and, for
    /// version 7, creation order to the millisecond.
    public static func < (lhs: Identifier, rhs: Identifier) -> Bool {
        lhs.orderKey < rhs.orderKey
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

    /// The bytes as two big-endian numbers, whose order is the bytes' order.
    private var orderKey: (UInt64, UInt64) {
        withUnsafeBytes(of: uuid.uuid) { bytes in
            (
                UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            )
        }
    }

    private static let zero: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

    /// The 16 bytes of 36 characters of text, or nil.
    private static func parse(_ text: UnsafeBufferPointer<UInt8>) -> uuid_t? {
        guard text.count == 36 else { return nil }
        var value = Self.zero
        let parsed = withUnsafeMutableBytes(of: &value) { bytes in
            var index = 0
            for byteIndex in 0..<16 {
                if index == 8 || index == 13 || index == 18 || index == 23 {
                    guard text[index] == UInt8(ascii: "-") else { return false }
                    index += 1
                }
                guard let high = hexValue(text[index]), let low = hexValue(text[index + 1]) else { return false }
                bytes[byteIndex] = high << 4 | low
                index += 2
            }
            return true
        }
        return parsed ? value : nil
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }

    private static func hexValue(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
