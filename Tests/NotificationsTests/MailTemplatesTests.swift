import Foundation
import Identifiers
import Testing

@testable import Notifications

/// The templates: every kind in both languages, both parts, escaping only in HTML.
@Suite struct MailTemplatesTests {
    let values = [
        "firstName": "Ada", "lastName": "Muster", "fullName": "Ada Muster", "eventTitle": "BATbern 57", "eventDate": "3. März 2026",
        "venue": "Kursaal", "deadline": "1. März 2026", "role": "Moderation", "daysLeft": "3", "position": "4", "reason": "Grund.",
        "speakerName": "Ada Muster", "presentationTitle": "Clean Code",
    ]

    @Test func everyKindRendersInBothLanguagesWithNoPlaceholderLeft() {
        for language in MailLanguage.allCases {
            for kind in MailKind.allCases {
                let mail = MailTemplates.all.render(kind, language, values: values)
                for part in [mail.subject, mail.text, mail.html] {
                    #expect(!part.isEmpty && !part.contains("{{") && !part.contains("}}"), "\(language) \(kind)")
                }
                #expect(mail.text.contains(language == .de ? "Freundliche Grüsse" : "Kind regards"), "\(language) \(kind)")
                #expect(mail.html.contains("<html lang=\"\(language.rawValue)\">") && mail.html.contains("<p>"), "\(language) \(kind)")
                #expect(mail.subject.contains("BATbern 57") || mail.subject.contains("Ada Muster"), "\(language) \(kind)")
            }
        }
    }

    @Test func theWordsDifferByLanguageAndCarryTheValues() {
        let german = MailTemplates.all.render(.registrationWaitlisted, .de, values: values)
        let english = MailTemplates.all.render(.registrationWaitlisted, .en, values: values)
        #expect(german.subject == "Warteliste: BATbern 57")
        #expect(english.subject == "Waiting list: BATbern 57")
        #expect(german.text.hasPrefix("Guten Tag Ada Muster\n\n") && german.text.contains("Platz 4 der Warteliste"))
        #expect(english.text.hasPrefix("Dear Ada Muster,\n\n") && english.text.contains("number 4 on the waiting list"))
        let invited = MailTemplates.all.render(.speakerInvited, .en, values: values)
        #expect(invited.text.contains("Please answer by 1. März 2026") && invited.text.contains("“Clean Code”"))
    }

    @Test func valuesAreEscapedInTheHTMLPartOnly() {
        var hostile = values
        hostile["fullName"] = "<script>x</script> & Co"
        let mail = MailTemplates.all.render(.registrationConfirmed, .en, values: hostile)
        #expect(mail.text.contains("Dear <script>x</script> & Co,"))
        #expect(!mail.html.contains("<script>") && mail.html.contains("&lt;script&gt;x&lt;/script&gt; &amp; Co"))
    }

    @Test func aMissingNameGivesAPlainGreeting() {
        var anonymous = values
        anonymous["fullName"] = nil
        #expect(MailTemplates.all.render(.registrationConfirmed, .de, values: anonymous).text.hasPrefix("Guten Tag\n\n"))
        #expect(MailTemplates.all.render(.registrationConfirmed, .en, values: anonymous).text.hasPrefix("Dear Sir or Madam,\n\n"))
    }
}
