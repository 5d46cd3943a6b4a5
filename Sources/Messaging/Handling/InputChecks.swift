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

    /// Whether a JSON text holds NUL, raw or as the escape `\u0000`: libpq
    /// passes text as C strings and would silently cut the value there.
    ///
    /// Walks string by string, to tell a real escape from an escaped
    /// backslash followed by `u0000`; `BodyScan` says when it is worth asking.
    static func containsNUL(_ json: [UInt8]) -> Bool {
        if json.contains(0) { return true }
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
}
