import Foundation

/// A mail as it arrived at the SMTP sink: its headers and its plain text
/// part, decoded.
public struct ReceivedMail: Sendable {
    public let headers: [String: String]
    public let text: String
    public let html: String

    /// Parses the message the notifications worker writes: headers, then
    /// a multipart/alternative body of base64 parts.
    public init(_ raw: String) {
        let normalized = raw.replacingOccurrences(of: "\r\n", with: "\n")
        let split = normalized.components(separatedBy: "\n\n")
        var headers: [String: String] = [:]
        var last: String?
        for line in (split.first ?? "").split(separator: "\n", omittingEmptySubsequences: false) {
            if line.first == " " || line.first == "\t", let name = last {
                headers[name, default: ""] += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                let name = line[..<colon].lowercased()
                headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                last = name
            }
        }
        self.headers = headers
        let body = split.dropFirst().joined(separator: "\n\n")
        text = Self.part("text/plain", in: body)
        html = Self.part("text/html", in: body)
    }

    public subscript(header: String) -> String? { headers[header.lowercased()] }

    public var to: String { (self["To"] ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "<> ")) }
    public var messageId: String { self["Message-ID"] ?? "" }
    public var kind: String { self["X-BATbern-Notification"] ?? "" }
    public var language: String { self["Content-Language"] ?? "" }

    /// The subject, an RFC 2047 encoded word decoded.
    public var subject: String {
        let value = self["Subject"] ?? ""
        guard value.hasPrefix("=?UTF-8?B?"), value.hasSuffix("?="),
            let data = Data(base64Encoded: String(value.dropFirst(10).dropLast(2)))
        else { return value }
        return String(decoding: data, as: UTF8.self)
    }

    private static func part(_ type: String, in body: String) -> String {
        guard let start = body.range(of: "Content-Type: \(type)") else { return "" }
        let rest = body[start.upperBound...]
        guard let blank = rest.range(of: "\n\n") else { return "" }
        let encoded = rest[blank.upperBound...].prefix { $0 != "-" }.filter { !$0.isWhitespace }
        return Data(base64Encoded: String(encoded)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
