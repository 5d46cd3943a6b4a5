import Foundation
import Identifiers
import Messaging
import Testing

@testable import Notifications

/// What goes over the wire: the SMTP URL, the message, the classification of answers.
@Suite struct DeliveryTests {
    @Test func theSMTPURLTakesCredentialsTLSAndAPort() throws {
        let plain = try #require(SMTPServer(url: "smtp://127.0.0.1:2525"))
        #expect(plain == .local)
        let auth = try #require(SMTPServer(url: "smtp://mailer:s%40cret@mail.example.ch:587?starttls=required"))
        #expect(auth.url == "smtp://mail.example.ch:587" && auth.username == "mailer" && auth.password == "s@cret" && auth.requireTLS)
        let implicit = try #require(SMTPServer(url: "smtps://mail.example.ch"))
        #expect(implicit.url == "smtps://mail.example.ch:465" && implicit.requireTLS && implicit.username == nil)
        for bad in ["http://x", "smtp://", "smtp://host/path", "smtp://host?starttls=maybe", "smtps://host?starttls=none", "smtp://host?x=1"] {
            #expect(SMTPServer(url: bad) == nil, "\(bad)")
        }
    }

    @Test func settingsAreCheckedAndNeverEchoAPassword() {
        var reader = SettingsReader(environment: [
            "BATBERN_SMTP_URL": "smtp://u:hunter2@host:99999", "BATBERN_NOTIFICATIONS_FROM": "not an address",
            "BATBERN_NOTIFICATIONS_LANGUAGE": "fr",
        ])
        _ = NotificationsSettings(reading: &reader)
        do {
            try reader.validate()
            Issue.record("bad settings accepted")
        } catch {
            let text = error.problems.joined(separator: "\n")
            #expect(error.problems.count == 3, "\(text)")
            #expect(!text.contains("hunter2"))
        }
        var good = SettingsReader(environment: [
            "BATBERN_SMTP_URL": "smtp://127.0.0.1:2600", "BATBERN_NOTIFICATIONS_ORGANISER_EMAIL": "programm@batbern.ch",
            "BATBERN_NOTIFICATIONS_RETRY_MAX": "2s", "BATBERN_NOTIFICATIONS_LANGUAGE": "EN",
        ])
        let settings = NotificationsSettings(reading: &good)
        #expect(settings.smtp.url == "smtp://127.0.0.1:2600" && settings.organiserEmail == "programm@batbern.ch")
        #expect(settings.retryMaximum == .seconds(2) && settings.defaultLanguage == .en)
    }

    @Test func answersAreClassifiedByTheirCode() {
        #expect(SMTPOutcome.classify(curlCode: 0, replyCode: 250, reply: "250 OK", error: "") == .sent)
        #expect(SMTPOutcome.classify(curlCode: 55, replyCode: 550, reply: "550 no such user", error: "") == .permanent(reply: "550 no such user"))
        #expect(SMTPOutcome.classify(curlCode: 55, replyCode: 451, reply: "451 later", error: "") == .temporary(reply: "451 later"))
        #expect(SMTPOutcome.classify(curlCode: 7, replyCode: 0, reply: "", error: "Couldn't connect") == .temporary(reply: "Couldn't connect"))
        #expect(
            SMTPOutcome.classify(curlCode: 67, replyCode: 535, reply: "535 bad credentials", error: "") == .temporary(reply: "535 bad credentials"))
    }

    /// Only a reused connection that failed before the whole message was
    /// handed over, without a 5xx for the mail, is tried again at once: the
    /// server cannot have taken that mail.
    @Test func aMailIsSentAgainOnAFreshConnectionOnlyWhenTheServerCannotHaveTakenIt() {
        // 421 at MAIL FROM (too many mails on this connection), a connection found dead (56: receive failure).
        #expect(SMTPClient.triesAgain(curlCode: 55, replyCode: 421, reusedConnection: true, messageHandedOver: false))
        #expect(SMTPClient.triesAgain(curlCode: 56, replyCode: 0, reusedConnection: true, messageHandedOver: false))
        // A connection of its own: the usual classification, no second try.
        #expect(!SMTPClient.triesAgain(curlCode: 55, replyCode: 421, reusedConnection: false, messageHandedOver: false))
        // A timeout: a second one would hold the row's lock too long.
        #expect(!SMTPClient.triesAgain(curlCode: 28, replyCode: 0, reusedConnection: true, messageHandedOver: false))
        // The whole message was handed over: the server may have taken it.
        #expect(!SMTPClient.triesAgain(curlCode: 56, replyCode: 0, reusedConnection: true, messageHandedOver: true))
        // The server refused this mail; sent, or not sent because of it.
        #expect(!SMTPClient.triesAgain(curlCode: 55, replyCode: 550, reusedConnection: true, messageHandedOver: false))
        #expect(!SMTPClient.triesAgain(curlCode: 0, replyCode: 250, reusedConnection: true, messageHandedOver: true))
    }

    @Test func theMessageHasBothPartsAndAMessageIDDerivedFromTheRow() throws {
        let id = Identifier()
        let mail = OutgoingMail(
            id: id, kind: "registration_confirmed", to: "ada@example.ch", language: "de", subject: "Anmeldung bestätigt: BATbern",
            text: "Grüezi\n", html: "<p>Grüezi</p>\n", createdAt: Date(timeIntervalSince1970: 0)
        )
        let text = mail.rendered(from: MailSender())
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(text.contains("\r\nMessage-ID: <\(id)@batbern.ch>\r\n"))
        #expect(mail.rendered(from: MailSender()) == text, "the same row gives the same message")
        #expect(text.contains("To: <ada@example.ch>\r\n") && text.contains("Content-Language: de\r\n"))
        #expect(text.contains("Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"))
        #expect(text.contains("X-BATbern-Notification: registration_confirmed\r\n"))
        let subject = try #require(text.components(separatedBy: "\r\n").first { $0.hasPrefix("Subject: ") })
        let encoded = String(subject.dropFirst("Subject: =?UTF-8?B?".count).dropLast(2))
        #expect(String(decoding: try #require(Data(base64Encoded: encoded)), as: UTF8.self) == "Anmeldung bestätigt: BATbern")
        #expect(text.contains("Content-Type: text/plain; charset=UTF-8") && text.contains("Content-Type: text/html; charset=UTF-8"))
        #expect(text.contains(Data("Grüezi\n".utf8).base64EncodedString()) && text.hasSuffix("--batbern-\(id)--\r\n"))
    }

    /// The hand-written Date header equals what Foundation's formatter writes
    /// (to the millisecond: the formatter rounds a fraction past .9995 up to
    /// the next second, the header truncates).
    @Test func theDateHeaderIsWhatDateFormatterWrites() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        var generator = SystemRandomNumberGenerator()
        let edges: [Double] = [0, -1, 86_399, 86_400, 951_782_400, 4_102_444_799.999]
        for seconds in edges + (0..<2_000).map({ _ in Double(Int.random(in: -2_208_988_800_000...4_102_444_800_000, using: &generator)) / 1000 }) {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(OutgoingMail.rfc5322Date(date) == formatter.string(from: date), "\(seconds)")
        }
        #expect(OutgoingMail.rfc5322Date(.distantFuture) == formatter.string(from: .distantFuture))
        #expect(OutgoingMail.rfc5322Date(Date(timeIntervalSince1970: .infinity)) == "Fri, 31 Dec 9999 23:59:59 +0000")
        #expect(OutgoingMail.rfc5322Date(Date(timeIntervalSince1970: -.infinity)) == "Mon, 01 Jan 0001 00:00:00 +0000")
    }

    @Test func theServersAnswerIsKeptWithoutTheAddress() {
        #expect(NotificationSender.masking("Ada@Example.ch", in: "550 5.1.1 <ada@example.ch>: unknown") == "550 5.1.1 <<recipient>>: unknown")
    }
}
