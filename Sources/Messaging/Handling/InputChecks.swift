import Foundation

/// Checks of what a sender controls, made before (or instead of) trusting it:
/// pure, cheap, and never echoing the value they refuse.
enum InputChecks {
    /// None, or `application/json` with any parameters (`; charset=utf-8`).
    static func isJSON(contentType: String?) -> Bool {
        guard let contentType else { return true }
        let media = contentType.prefix { $0 != ";" }.trimmingCharacters(in: .whitespaces)
        return media.isEmpty || media.lowercased() == "application/json"
    }

    /// An aggregate id is 1 to 255 Unicode scalars without control
    /// characters (category Cc): it becomes a column, a lock key and an
    /// outbox row of every answer, so it must be printable and bounded.
    static func isValidAggregateId(_ id: String) -> Bool {
        var count = 0
        for scalar in id.unicodeScalars {
            count += 1
            if count > 255 || scalar.properties.generalCategory == .control { return false }
        }
        return count > 0
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
