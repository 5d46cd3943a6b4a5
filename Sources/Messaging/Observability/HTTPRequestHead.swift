/// What the endpoint makes of a request head. Only the request line matters
/// (three GET routes, answered whatever the headers say), so headers are read
/// past, not parsed.
enum HTTPRequestHead: Equatable {
    /// A GET, with the path of its target (the query string dropped).
    case get(path: String)
    /// Any other method: answered 405.
    case otherMethod
    /// Not an HTTP/1.x request line with an origin-form target: answered 400.
    case malformed
    /// No end of head within the limit: answered 431.
    case tooLarge

    private static let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n"), space = UInt8(ascii: " ")

    /// The head in `bytes` received so far, or nil while it is incomplete and
    /// still within `limit` bytes. Empty lines before the request line are
    /// skipped (RFC 9112 §2.2); lines may end in CRLF or LF.
    static func parse(_ bytes: [UInt8], limit: Int) -> HTTPRequestHead? {
        let start = bytes.firstIndex { $0 != cr && $0 != lf } ?? bytes.endIndex
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = start
        var index = start
        while index < bytes.endIndex, index <= limit {
            if bytes[index] == lf {
                var line = bytes[lineStart..<index]
                if line.last == cr { line = line.dropLast() }
                if line.isEmpty { return requestLine(lines.first ?? []) }
                lines.append(line)
                lineStart = index + 1
            }
            index += 1
        }
        return bytes.count > limit ? .tooLarge : nil
    }

    /// `METHOD /path?query HTTP/1.x`.
    static func requestLine(_ line: ArraySlice<UInt8>) -> HTTPRequestHead {
        let words = line.split(separator: space, omittingEmptySubsequences: false)
        guard words.count == 3,
            words[2].starts(with: Array("HTTP/1.".utf8)), words[2].count == 8,
            words[1].first == UInt8(ascii: "/"),
            !words[0].isEmpty, words[0].allSatisfy({ (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) })
        else { return .malformed }
        guard words[0].elementsEqual("GET".utf8) else { return .otherMethod }
        return .get(path: String(decoding: words[1].prefix { $0 != UInt8(ascii: "?") }, as: UTF8.self))
    }
}
