/// The English mails (British spelling).
enum EnglishTemplates {
    static let greeting = "Dear {{#fullName}}{{fullName}}{{/fullName}}{{^fullName}}Sir or Madam{{/fullName}},"
    static let signature = "Kind regards\nBATbern"

    static func template(_ kind: MailKind) -> MailTemplate {
        switch kind {
        case .speakerInvited:
            MailTemplate(
                subject: "Invitation: {{eventTitle}}",
                body: """
                    We would be delighted to have you as {{role}} at “{{eventTitle}}” on {{eventDate}} ({{venue}}).\
                    {{#presentationTitle}} Proposed topic: “{{presentationTitle}}”.{{/presentationTitle}}

                    Please answer by {{deadline}}.
                    """)
        case .invitationReminder:
            MailTemplate(
                subject: "Reminder: your invitation to {{eventTitle}}",
                body: """
                    We have not yet had your answer to our invitation to “{{eventTitle}}” on {{eventDate}}.

                    Please answer by {{deadline}} ({{daysLeft}} days left).
                    """)
        case .invitationExpired:
            MailTemplate(
                subject: "Invitation expired: {{eventTitle}}",
                body: """
                    The time to answer our invitation to “{{eventTitle}}” ended on {{deadline}} without an answer from you. \
                    We take the invitation as declined.

                    We hope to invite you again another time.
                    """)
        case .speakerConfirmed:
            MailTemplate(
                subject: "Accepted: {{speakerName}} for {{eventTitle}}",
                body: """
                    {{speakerName}} accepted the invitation as {{role}} at “{{eventTitle}}” on {{eventDate}}.
                    """)
        case .speakerReleased:
            MailTemplate(
                subject: "Your part in {{eventTitle}} is cancelled",
                body: """
                    Your part as {{role}} at “{{eventTitle}}” on {{eventDate}} is cancelled. {{reason}}

                    Thank you for having been willing to take part.
                    """)
        case .programmePublished:
            MailTemplate(
                subject: "Programme: {{eventTitle}}",
                body: """
                    The programme of “{{eventTitle}}” on {{eventDate}} ({{venue}}):

                    {{programme}}
                    """)
        case .registrationConfirmed:
            MailTemplate(
                subject: "Registration confirmed: {{eventTitle}}",
                body: """
                    Your registration for “{{eventTitle}}” on {{eventDate}} is confirmed. Your seat is reserved.

                    Venue: {{venue}}
                    """)
        case .registrationWaitlisted:
            MailTemplate(
                subject: "Waiting list: {{eventTitle}}",
                body: """
                    “{{eventTitle}}” on {{eventDate}} is fully booked. You are number {{position}} on the waiting list.

                    As soon as a seat is free it is yours, and we will confirm it.
                    """)
        case .registrationPromoted:
            MailTemplate(
                subject: "A seat is free: {{eventTitle}}",
                body: """
                    Good news: a seat at “{{eventTitle}}” on {{eventDate}} became free. \
                    Your registration from the waiting list is now confirmed.

                    Venue: {{venue}}
                    """)
        case .registrationRejected:
            MailTemplate(
                subject: "Registration not possible: {{eventTitle}}",
                body: """
                    We are sorry, we could not accept your registration for “{{eventTitle}}”. {{reason}}
                    """)
        case .registrationCancelled:
            MailTemplate(
                subject: "Registration cancelled: {{eventTitle}}",
                body: """
                    Your registration for “{{eventTitle}}” on {{eventDate}} is cancelled.
                    """)
        }
    }
}
