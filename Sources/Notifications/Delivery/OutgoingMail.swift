public import Foundation
public import Identifiers
import Postgres

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

    /// `Thu, 01 Jan 1970 00:00:00 +0000`, in UTC, for years 1 to 9999 (a
    /// date outside them is written as the nearest end). By hand: a
    /// `DateFormatter` per mail cost the sender more than everything else it
    /// does per mail.
    static func rfc5322Date(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970.isNaN ? 0 : date.timeIntervalSince1970
        let seconds = Int(min(max(interval, -62_135_596_800), 253_402_300_799).rounded(.down))
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let second = seconds - days * 86_400
        let (year, month, day) = CivilDays.civil(fromDays: days)
        let weekday = weekdays[((days % 7) + 7) % 7]
        return "\(weekday), \(padded(day, 2)) \(months[month - 1]) \(padded(year, 4)) "
            + "\(padded(second / 3600, 2)):\(padded(second % 3600 / 60, 2)):\(padded(second % 60, 2)) +0000"
    }

    /// From 1970-01-01, a Thursday.
    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func padded(_ value: Int, _ digits: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
