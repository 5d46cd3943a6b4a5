/// An answer of the endpoint, as bytes: status line, the few headers it
/// sends, body. Every answer closes the connection.
struct HTTPResponse: Equatable {
    let status: Int
    let contentType: String
    let body: [UInt8]
    /// The methods allowed, for a 405 (RFC 9110 §15.5.6 requires it).
    let allow: String?

    init(status: Int, contentType: String = "text/plain", body: [UInt8] = [], allow: String? = nil) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.allow = allow
    }

    static let reasons = [
        200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 408: "Request Timeout",
        431: "Request Header Fields Too Large", 500: "Internal Server Error", 503: "Service Unavailable",
    ]

    var bytes: [UInt8] {
        var head = "HTTP/1.1 \(status) \(Self.reasons[status] ?? "Status")\r\n"
        head += "Content-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n"
        if let allow { head += "Allow: \(allow)\r\n" }
        head += "Connection: close\r\n\r\n"
        return Array(head.utf8) + body
    }
}
