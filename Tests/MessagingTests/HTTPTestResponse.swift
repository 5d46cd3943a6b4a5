import Foundation

/// What an endpoint test client received: the status line's code, the
/// headers and the body (all empty when the server closed without answering).
struct HTTPTestResponse {
    let status: Int?
    let headers: [String: String]
    let body: String

    init(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let parts = text.split(separator: "\r\n\r\n", maxSplits: 1, omittingEmptySubsequences: false)
        let head = parts.first.map { $0.split(separator: "\r\n") } ?? []
        status = head.first.flatMap { line in
            let words = line.split(separator: " ")
            return words.count >= 2 && words[0].hasPrefix("HTTP/1.") ? Int(words[1]) : nil
        }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        self.headers = headers
        body = parts.count > 1 ? String(parts[1]) : ""
    }
}
