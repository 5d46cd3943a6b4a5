public import Foundation
public import Identifiers

/// One notification row as the sender claimed it, and the RFC 5322 message
/// it becomes: plain text and HTML alternatives, UTF-8, base64, with a
/// `Message-ID` derived from the row's id, so a mail sent again after a
/// crash between the server's 250 and the mark is recognisably the same mail.
public struct OutgoingMail: Sendable, Equatable {
    public let id: Identifier
    public let kind: String
    public let to: String
    public let language: String
    public let subject: String
    public let text: String
    public let html: String
    /// When the mail was written (its `Date` header).
    public let createdAt: Date

    public init(id: Identifier, kind: String, to: String, language: String, subject: String, text: String, html: String, createdAt: Date) {
        self.id = id
        self.kind = kind
        self.to = to
        self.language = language
        self.subject = subject
        self.text = text
        self.html = html
        self.createdAt = createdAt
    }

    /// `<id@domain>`, the domain of the sender's address.
    public func messageId(domain: String) -> String { "<\(id)@\(domain)>" }

    /// The whole message, CRLF line ends, ASCII only.
    public func rendered(from sender: MailSender) -> String {
        let boundary = "batbern-\(id)"
        let headers = [
            "From: \(Self.encodedWord(sender.name)) <\(sender.address)>",
            "To: <\(to)>",
            "Subject: \(Self.encodedWord(subject))",
            "Date: \(Self.rfc5322Date(createdAt))",
            "Message-ID: \(messageId(domain: sender.domain))",
            "MIME-Version: 1.0",
            "Content-Language: \(language)",
            "Auto-Submitted: auto-generated",
            "X-BATbern-Notification: \(kind)",
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
        ]
        let parts = [("text/plain", text), ("text/html", html)].map { type, body in
            "--\(boundary)\r\nContent-Type: \(type); charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Self.base64Lines(body) + "\r\n"
        }
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + parts.joined() + "--\(boundary)--\r\n"
    }

    /// An RFC 2047 encoded word when the text is not plain printable ASCII.
    static func encodedWord(_ text: String) -> String {
        let plain = text.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7f }
        if plain { return text }
        return "=?UTF-8?B?\(Data(text.utf8).base64EncodedString())?="
    }

    /// Base64 in lines of 76 characters (RFC 2045).
    static func base64Lines(_ text: String) -> String {
        let encoded = Data(text.utf8).base64EncodedString()
        var lines: [Substring] = []
        var rest = encoded[...]
        while !rest.isEmpty {
            lines.append(rest.prefix(76))
            rest = rest.dropFirst(76)
        }
        return lines.joined(separator: "\r\n")
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
