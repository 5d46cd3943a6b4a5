/// One UTF-8 encoded scalar of two to four bytes, checked as RFC 3629 (and
/// the Unicode standard's table 3-7) allows it: no overlong forms, no
/// surrogates, nothing past U+10FFFF. Shared by the envelope reader and the
/// body scan, so both call the same bytes valid.
enum UTF8Scalar {
    /// The length of the scalar whose lead byte (not ASCII) is at `index`, or
    /// nil when the bytes there are no well-formed scalar.
    static func length(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        var second: ClosedRange<UInt8> = 0x80...0xBF
        let length: Int
        switch bytes[index] {
        case 0xC2...0xDF: length = 2
        case 0xE0: (length, second) = (3, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: (length, second) = (3, 0x80...0x9F)
        case 0xF0: (length, second) = (4, 0x90...0xBF)
        case 0xF1...0xF3: length = 4
        case 0xF4: (length, second) = (4, 0x80...0x8F)
        default: return nil
        }
        guard index + length <= bytes.count, second.contains(bytes[index + 1]) else { return nil }
        for offset in 2..<length where !(0x80...0xBF).contains(bytes[index + offset]) { return nil }
        return length
    }
}
