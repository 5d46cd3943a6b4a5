/// What one walk over a body finds, so the checks before decoding do not walk
/// it once each: whether it is Unicode throughout, and whether it may hold NUL.
///
/// Unicode means valid UTF-8 (RFC 8259 §8.1) and no `\u` escape naming one
/// half of a surrogate pair alone (§8.2). JSONDecoder checks only the
/// strings it decodes, so without this a field no handler reads could carry
/// either.
struct BodyScan: Equatable {
    let isUnicode: Bool
    /// A raw NUL, or a backslash followed by `u0000`: only then need
    /// `InputChecks.containsNUL` look string by string. Never false when
    /// that finds NUL.
    let mayHoldNUL: Bool

    init(_ json: [UInt8]) {
        (isUnicode, mayHoldNUL) = json.withUnsafeBufferPointer(Self.walk)
    }

    private static func walk(_ bytes: UnsafeBufferPointer<UInt8>) -> (Bool, Bool) {
        guard let base = bytes.baseAddress else { return (true, false) }
        var mayHoldNUL = false
        var index = 0
        while index < bytes.count {
            // Most of a body is ASCII without backslash or NUL: eight bytes at a time.
            if index + 8 <= bytes.count {
                let word = UnsafeRawPointer(base).loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if word & highBits == 0, !hasZeroByte(word), !hasZeroByte(word ^ backslashes) {
                    index += 8
                    continue
                }
            }
            let byte = bytes[index]
            if byte == backslash {
                guard let (end, isNUL) = escape(bytes, at: index) else { return (false, mayHoldNUL) }
                mayHoldNUL = mayHoldNUL || isNUL
                index = end
            } else if byte < 0x80 {
                mayHoldNUL = mayHoldNUL || byte == 0
                index += 1
            } else {
                guard let length = UTF8Scalar.length(in: bytes, at: index) else { return (false, mayHoldNUL) }
                index += length
            }
        }
        return (true, mayHoldNUL)
    }

    /// The escape whose backslash is at `index`: where the text goes on and
    /// whether it may be NUL, or nil for a lone surrogate half. A backslash
    /// starts an escape (escapes are only valid inside strings); an escaped
    /// backslash is skipped whole, an escaped non-ASCII byte is left to the
    /// UTF-8 check.
    private static func escape(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (end: Int, mayBeNUL: Bool)? {
        guard index + 1 < bytes.count else { return (index + 1, false) }
        let next = bytes[index + 1]
        guard next == UInt8(ascii: "u"), let unit = hexUnit(bytes, at: index + 2) else {
            // `\\u0000` is no NUL, but `containsNUL` decides that: say maybe.
            let mayBeNUL =
                next == 0
                || (next == backslash && index + 2 < bytes.count && bytes[index + 2] == UInt8(ascii: "u") && hexUnit(bytes, at: index + 3) == 0)
            return (next < 0x80 ? index + 2 : index + 1, mayBeNUL)
        }
        switch unit {
        case 0xD800...0xDBFF:
            guard index + 8 <= bytes.count, bytes[index + 6] == backslash, bytes[index + 7] == UInt8(ascii: "u"),
                let low = hexUnit(bytes, at: index + 8), (0xDC00...0xDFFF).contains(low)
            else { return nil }
            return (index + 12, false)
        case 0xDC00...0xDFFF:
            return nil
        default:
            return (index + 6, unit == 0)
        }
    }

    /// The four hex digits at `start`, if there are four.
    private static func hexUnit(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        guard start + 4 <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[start..<(start + 4)] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value * 16 + Int(digit)
        }
        return value
    }

    /// Whether a byte of `word` is zero; exact when no byte has its high bit set.
    private static func hasZeroByte(_ word: UInt64) -> Bool {
        (word &- lowBits) & ~word & highBits != 0
    }

    private static let backslash = UInt8(ascii: "\\")
    private static let lowBits: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080
    private static let backslashes: UInt64 = 0x5C5C_5C5C_5C5C_5C5C
}
