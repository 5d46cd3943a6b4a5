import Foundation
import Identifiers

/// Reads the top level of an envelope body in one pass over its bytes: the
/// header's fields straight from the bytes, and where the `data` value lies,
/// so the payload type alone goes through `JSONDecoder`. Setting up
/// `JSONDecoder` for a whole document and reading eight header fields through
/// keyed containers cost a fifth of a worker's CPU.
///
/// A fast path, not a parser of record: it answers only for the common,
/// well-formed shape and gives up (nil) on anything unusual, so the caller
/// runs `JSONDecoder`, whose answer and error stay the ones of record. It
/// gives up on: an escape in a header string or in any top-level key; a key
/// that is not ASCII; a duplicate header key; a header field that is null,
/// missing or of another JSON type; a timestamp, identifier or version that
/// does not read; JSON that is not strictly RFC 8259 anywhere (control
/// characters in strings, bad escapes or UTF-8, `01`, trailing commas);
/// nesting deeper than `maxDepth`; anything after the object. `JSONDecoder`
/// is more lenient than this (it skips values nobody reads without checking
/// them), never stricter, so what this accepts it accepts with the same
/// header; `EnvelopeReaderTests` holds the two side by side.
///
/// Unknown top-level keys are skipped, their duplicates too: no reader of the
/// envelope looks at them.
struct EnvelopeReader {
    /// Deeper nesting gives up (`JSONDecoder` refuses 512 levels; no message
    /// of ours nests more than a few).
    static let maxDepth = 64

    /// The header and the byte range of the `data` value (nil when the body
    /// has no `data`), or nil when the reader gives up.
    static func read(_ body: [UInt8]) -> (header: EnvelopeHeader, data: Range<Int>?)? {
        body.withUnsafeBufferPointer { bytes in
            var reader = EnvelopeReader(bytes)
            return reader.readEnvelope()
        }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The envelope's keys as bytes, each with its bit in the set of keys seen.
    private static let keys: [(name: [UInt8], key: EnvelopeHeader.Key, bit: UInt16)] =
        EnvelopeHeader.Key.allCases.enumerated().map { (Array($1.rawValue.utf8), $1, UInt16(1) << $0) }

    private mutating func readEnvelope() -> (header: EnvelopeHeader, data: Range<Int>?)? {
        var id: Identifier?
        var correlationId: Identifier?
        var causationId: Identifier?
        var aggregateId: String?
        var aggregateType: String?
        var eventType: String?
        var eventVersion: Int?
        var occurredAt: Date?
        var data: Range<Int>?
        var seen: UInt16 = 0
        skipWhitespace()
        guard take(.openBrace) else { return nil }
        repeat {
            skipWhitespace()
            guard let name = plainString() else { return nil }
            skipWhitespace()
            guard take(.colon) else { return nil }
            skipWhitespace()
            guard let (key, bit) = Self.key(named: name) else {
                guard !name.contains(where: { $0 >= 0x80 }), skipValue(depth: 1) else { return nil }
                skipWhitespace()
                continue
            }
            guard seen & bit == 0 else { return nil }
            seen |= bit
            // A field that is there must read, or the reader gives up.
            switch key {
            case .id:
                guard let value = identifier() else { return nil }
                id = value
            case .correlationId:
                guard let value = identifier() else { return nil }
                correlationId = value
            case .causationId:
                guard let value = identifier() else { return nil }
                causationId = value
            case .aggregateId:
                guard let value = plainString() else { return nil }
                aggregateId = Self.text(value)
            case .aggregateType:
                guard let value = plainString() else { return nil }
                aggregateType = Self.text(value)
            case .eventType:
                guard let value = plainString() else { return nil }
                eventType = Self.text(value)
            case .eventVersion:
                guard let value = integer() else { return nil }
                eventVersion = value
            case .occurredAt:
                guard let value = plainString().flatMap(MessageCoding.parseTimestamp) else { return nil }
                occurredAt = value
            case .data:
                let start = index
                guard skipValue(depth: 1) else { return nil }
                data = start..<index
            }
            skipWhitespace()
        } while take(.comma)
        guard take(.closeBrace) else { return nil }
        skipWhitespace()
        guard index == bytes.count, let id, let aggregateId, let aggregateType, let eventType, let eventVersion, let occurredAt,
            let correlationId
        else { return nil }
        let header = EnvelopeHeader(
            id: id, aggregateId: aggregateId, aggregateType: aggregateType, eventType: eventType, eventVersion: eventVersion,
            occurredAt: occurredAt, correlationId: correlationId, causationId: causationId
        )
        return (header, data)
    }

    private static func key(named name: UnsafeBufferPointer<UInt8>) -> (EnvelopeHeader.Key, UInt16)? {
        for entry in keys where entry.name.count == name.count && entry.name.elementsEqual(name) {
            return (entry.key, entry.bit)
        }
        return nil
    }

    private mutating func identifier() -> Identifier? {
        plainString().flatMap(Identifier.init(utf8:))
    }

    private static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        // Checked UTF-8 already (`skipScalar`): nothing is replaced.
        String(decoding: bytes, as: UTF8.self)
    }

    // MARK: the grammar

    /// A string without escapes: the bytes between its quotes, or nil.
    private mutating func plainString() -> UnsafeBufferPointer<UInt8>? {
        guard take(.quote) else { return nil }
        let start = index
        while index < bytes.count {
            switch bytes[index] {
            case .quote:
                defer { index += 1 }
                return UnsafeBufferPointer(rebasing: bytes[start..<index])
            case .backslash, 0..<0x20: return nil
            case 0x80...: guard skipScalar() else { return nil }
            default: index += 1
            }
        }
        return nil
    }

    /// Any string, its escapes checked.
    private mutating func skipString() -> Bool {
        guard take(.quote) else { return false }
        while index < bytes.count {
            switch bytes[index] {
            case .quote:
                index += 1
                return true
            case .backslash: guard skipEscape() else { return false }
            case 0..<0x20: return false
            case 0x80...: guard skipScalar() else { return false }
            default: index += 1
            }
        }
        return false
    }

    private mutating func skipEscape() -> Bool {
        index += 1
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case .quote, .backslash, .slash, .b, .f, .n, .r, .t:
            index += 1
            return true
        case .u:
            guard index + 4 < bytes.count else { return false }
            for offset in 1...4 where !bytes[index + offset].isHexDigit { return false }
            index += 5
            return true
        default: return false
        }
    }

    /// One UTF-8 encoded scalar of two to four bytes (`UTF8Scalar`).
    private mutating func skipScalar() -> Bool {
        guard let length = UTF8Scalar.length(in: bytes, at: index) else { return false }
        index += length
        return true
    }

    /// A JSON integer without sign, fraction or exponent that fits in 18 digits.
    private mutating func integer() -> Int? {
        let start = index
        var value = 0
        // 18 digits at most, so `value` cannot overflow; a 19th gives up.
        while index < bytes.count, bytes[index].isDigit, index - start < 18 {
            value = value * 10 + Int(bytes[index] - .digitZero)
            index += 1
        }
        let digits = index - start
        guard digits > 0, digits == 1 || bytes[start] != .digitZero else { return nil }
        guard index < bytes.count else { return value }
        switch bytes[index] {
        case .dot, .e, .capitalE: return nil
        case let byte where byte.isDigit: return nil
        default: return value
        }
    }

    /// Any JSON value, checked, at nesting `depth` (the envelope is 1).
    private mutating func skipValue(depth: Int) -> Bool {
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case .quote: return skipString()
        case .openBrace: return skipContainer(depth: depth, close: .closeBrace, keyed: true)
        case .openBracket: return skipContainer(depth: depth, close: .closeBracket, keyed: false)
        case .t: return skipLiteral("true")
        case .f: return skipLiteral("false")
        case .n: return skipLiteral("null")
        case .minus: return skipNumber()
        case let byte where byte.isDigit: return skipNumber()
        default: return false
        }
    }

    /// An object (members `"key": value`) or an array, nested one level below `depth`.
    private mutating func skipContainer(depth: Int, close: UInt8, keyed: Bool) -> Bool {
        guard depth < Self.maxDepth else { return false }
        index += 1
        skipWhitespace()
        if take(close) { return true }
        repeat {
            skipWhitespace()
            if keyed {
                guard skipString() else { return false }
                skipWhitespace()
                guard take(.colon) else { return false }
                skipWhitespace()
            }
            guard skipValue(depth: depth + 1) else { return false }
            skipWhitespace()
        } while take(.comma)
        return take(close)
    }

    private mutating func skipLiteral(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: count)
        guard bytes[index..<(index + count)].elementsEqual(expected) else { return false }
        index += count
        return true
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    private mutating func skipNumber() -> Bool {
        _ = take(.minus)
        if take(.digitZero) {
            guard index >= bytes.count || !bytes[index].isDigit else { return false }
        } else {
            guard skipDigits() else { return false }
        }
        if take(.dot) {
            guard skipDigits() else { return false }
        }
        if take(.e) || take(.capitalE) {
            if !take(.plus) { _ = take(.minus) }
            guard skipDigits() else { return false }
        }
        return true
    }

    /// One digit or more.
    private mutating func skipDigits() -> Bool {
        let start = index
        while index < bytes.count, bytes[index].isDigit { index += 1 }
        return index > start
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case .space, .tab, .lineFeed, .carriageReturn: index += 1
            default: return
            }
        }
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }
}

extension UInt8 {
    fileprivate static let quote = UInt8(ascii: "\"")
    fileprivate static let backslash = UInt8(ascii: "\\")
    fileprivate static let slash = UInt8(ascii: "/")
    fileprivate static let openBrace = UInt8(ascii: "{")
    fileprivate static let closeBrace = UInt8(ascii: "}")
    fileprivate static let openBracket = UInt8(ascii: "[")
    fileprivate static let closeBracket = UInt8(ascii: "]")
    fileprivate static let colon = UInt8(ascii: ":")
    fileprivate static let comma = UInt8(ascii: ",")
    fileprivate static let minus = UInt8(ascii: "-")
    fileprivate static let plus = UInt8(ascii: "+")
    fileprivate static let dot = UInt8(ascii: ".")
    fileprivate static let digitZero = UInt8(ascii: "0")
    fileprivate static let b = UInt8(ascii: "b")
    fileprivate static let e = UInt8(ascii: "e")
    fileprivate static let capitalE = UInt8(ascii: "E")
    fileprivate static let f = UInt8(ascii: "f")
    fileprivate static let n = UInt8(ascii: "n")
    fileprivate static let r = UInt8(ascii: "r")
    fileprivate static let t = UInt8(ascii: "t")
    fileprivate static let u = UInt8(ascii: "u")
    fileprivate static let space = UInt8(ascii: " ")
    fileprivate static let tab = UInt8(ascii: "\t")
    fileprivate static let lineFeed = UInt8(ascii: "\n")
    fileprivate static let carriageReturn = UInt8(ascii: "\r")

    fileprivate var isDigit: Bool { self >= .digitZero && self <= .digitZero + 9 }

    fileprivate var isHexDigit: Bool {
        isDigit || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(self)
    }
}
