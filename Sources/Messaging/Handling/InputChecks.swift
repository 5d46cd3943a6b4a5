import Foundation

/// Checks of what a sender controls, made before (or instead of) trusting it:
/// pure, cheap, and never echoing the value they refuse.
enum InputChecks {
    /// None, or `application/json` with any parameters (`; charset=utf-8`).
    static func isJSON(contentType: String?) -> Bool {
        guard let contentType else { return true }
        if contentType == "application/json" { return true }  // what every sender of ours writes: no trimming, no lowercasing
        let media = contentType.prefix { $0 != ";" }.trimmingCharacters(in: .whitespaces)
        return media.isEmpty || media.lowercased() == "application/json"
    }

    /// An aggregate id is 1 to 255 Unicode scalars without control
    /// characters (category Cc): it becomes a column, a lock key and an
    /// outbox row of every answer, so it must be printable and bounded.
    static func isValidAggregateId(_ id: String) -> Bool {
        !id.isEmpty && isPrintable(id, atMost: 255)
    }

    /// An aggregate type is at most 100 Unicode scalars (the contract's
    /// bound) without control characters: every answer repeats it.
    static func isValidAggregateType(_ type: String) -> Bool {
        isPrintable(type, atMost: 100)
    }

    private static func isPrintable(_ text: String, atMost limit: Int) -> Bool {
        var count = 0
        for scalar in text.unicodeScalars {
            count += 1
            guard count <= limit else { return false }
            // ASCII's controls are below the space and DEL; only others need Unicode's tables.
            if scalar.isASCII ? scalar.value < 0x20 || scalar.value == 0x7f : scalar.properties.generalCategory == .control {
                return false
            }
        }
        return true
    }

    /// Whether a JSON text is Unicode throughout: valid UTF-8 (RFC 8259
    /// §8.1) and no `\u` escape naming one half of a surrogate pair alone
    /// (§8.2). JSONDecoder checks only the strings it decodes, so without
    /// this a field no handler reads could carry either.
    static func isUnicode(_ json: [UInt8]) -> Bool {
        String(validating: json, as: UTF8.self) != nil && !containsLoneSurrogateEscape(json)
    }

    /// A `\uD800`–`\uDBFF` escape not followed by a `\uDC00`–`\uDFFF` one,
    /// or the latter alone. Escapes are only valid inside strings, so every
    /// backslash starts one; an escaped backslash is skipped whole.
    static func containsLoneSurrogateEscape(_ json: [UInt8]) -> Bool {
        var index = json.startIndex
        while let found = json[index...].firstIndex(of: backslash) {
            guard found + 1 < json.endIndex, json[found + 1] == UInt8(ascii: "u"), let unit = hexUnit(json, at: found + 2) else {
                index = min(found + 2, json.endIndex)
                continue
            }
            switch unit {
            case 0xD800...0xDBFF:
                guard json[(found + 6)...].starts(with: [backslash, UInt8(ascii: "u")]),
                    let low = hexUnit(json, at: found + 8), (0xDC00...0xDFFF).contains(low)
                else { return true }
                index = found + 12
            case 0xDC00...0xDFFF:
                return true
            default:
                index = found + 6
            }
        }
        return false
    }

    /// The four hex digits at `start`, if there are four.
    private static func hexUnit(_ json: [UInt8], at start: Int) -> Int? {
        guard start + 4 <= json.endIndex else { return nil }
        var value = 0
        for byte in json[start..<(start + 4)] {
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

    /// Whether a JSON text holds NUL, raw or as the escape `\u0000`: libpq
    /// passes text as C strings and would silently cut the value there.
    ///
    /// A quick search for the escape's bytes first; only a body containing
    /// them is walked string by string, to tell a real escape from an escaped
    /// backslash followed by `u0000`.
    static func containsNUL(_ json: [UInt8]) -> Bool {
        if json.contains(0) { return true }
        guard containsEscapedNULBytes(json) else { return false }
        var inString = false
        var index = json.startIndex
        while index < json.endIndex {
            let byte = json[index]
            if !inString {
                inString = byte == quote
            } else if byte == quote {
                inString = false
            } else if byte == backslash {
                if json[(index + 1)...].starts(with: escapedNULTail) { return true }
                index += 1  // skip the escaped character
            }
            index += 1
        }
        return false
    }

    private static let quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")
    private static let escapedNULTail = Array("u0000".utf8)

    private static func containsEscapedNULBytes(_ json: [UInt8]) -> Bool {
        var index = json.startIndex
        while let found = json[index...].firstIndex(of: backslash) {
            if json[(found + 1)...].starts(with: escapedNULTail) { return true }
            index = found + 1
        }
        return false
    }
}
