/// The German mails (Swiss spelling: no ß).
enum GermanTemplates {
    static let greeting = "Guten Tag{{#fullName}} {{fullName}}{{/fullName}}"
    static let signature = "Freundliche Grüsse\nBATbern"

    static func template(_ kind: MailKind) -> MailTemplate {
        switch kind {
        case .speakerInvited:
            MailTemplate(
                subject: "Einladung: {{eventTitle}}",
                body: """
                    Wir laden Sie herzlich ein, am Anlass «{{eventTitle}}» vom {{eventDate}} ({{venue}}) als {{role}} aufzutreten.\
                    {{#presentationTitle}} Vorgesehenes Thema: «{{presentationTitle}}».{{/presentationTitle}}

                    Bitte antworten Sie bis {{deadline}}.
                    """)
        case .invitationReminder:
            MailTemplate(
                subject: "Erinnerung: Ihre Einladung zu {{eventTitle}}",
                body: """
                    Wir haben noch keine Antwort auf unsere Einladung zum Anlass «{{eventTitle}}» vom {{eventDate}} erhalten.

                    Bitte antworten Sie bis {{deadline}} (noch {{daysLeft}} Tage).
                    """)
        case .invitationExpired:
            MailTemplate(
                subject: "Einladung abgelaufen: {{eventTitle}}",
                body: """
                    Die Antwortfrist für unsere Einladung zum Anlass «{{eventTitle}}» ist am {{deadline}} abgelaufen, ohne dass wir \
                    eine Antwort erhalten haben. Wir betrachten die Einladung als abgelehnt.

                    Gerne laden wir Sie ein anderes Mal wieder ein.
                    """)
        case .speakerConfirmed:
            MailTemplate(
                subject: "Zusage: {{speakerName}} für {{eventTitle}}",
                body: """
                    {{speakerName}} hat die Einladung als {{role}} für den Anlass «{{eventTitle}}» vom {{eventDate}} angenommen.
                    """)
        case .speakerReleased:
            MailTemplate(
                subject: "Ihr Auftritt an {{eventTitle}} entfällt",
                body: """
                    Ihr Auftritt als {{role}} am Anlass «{{eventTitle}}» vom {{eventDate}} entfällt. {{reason}}

                    Wir danken Ihnen für Ihre Bereitschaft.
                    """)
        case .programmePublished:
            MailTemplate(
                subject: "Programm: {{eventTitle}}",
                body: """
                    Das Programm von „{{eventTitle}}“ am {{eventDate}} ({{venue}}):

                    {{programme}}
                    """)
        case .registrationConfirmed:
            MailTemplate(
                subject: "Anmeldung bestätigt: {{eventTitle}}",
                body: """
                    Ihre Anmeldung für den Anlass «{{eventTitle}}» vom {{eventDate}} ist bestätigt. Ihr Platz ist reserviert.

                    Ort: {{venue}}
                    """)
        case .registrationWaitlisted:
            MailTemplate(
                subject: "Warteliste: {{eventTitle}}",
                body: """
                    Der Anlass «{{eventTitle}}» vom {{eventDate}} ist ausgebucht. Sie stehen auf Platz {{position}} der Warteliste.

                    Sobald ein Platz frei wird, erhalten Sie ihn und eine Bestätigung von uns.
                    """)
        case .registrationPromoted:
            MailTemplate(
                subject: "Ein Platz ist frei: {{eventTitle}}",
                body: """
                    Gute Nachricht: Für den Anlass «{{eventTitle}}» vom {{eventDate}} ist ein Platz frei geworden. \
                    Ihre Anmeldung von der Warteliste ist jetzt bestätigt.

                    Ort: {{venue}}
                    """)
        case .registrationRejected:
            MailTemplate(
                subject: "Anmeldung nicht möglich: {{eventTitle}}",
                body: """
                    Ihre Anmeldung für den Anlass «{{eventTitle}}» konnten wir leider nicht annehmen. {{reason}}
                    """)
        case .registrationCancelled:
            MailTemplate(
                subject: "Abmeldung: {{eventTitle}}",
                body: """
                    Ihre Anmeldung für den Anlass «{{eventTitle}}» vom {{eventDate}} ist storniert.
                    """)
        }
    }
}
