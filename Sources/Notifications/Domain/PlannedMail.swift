public import Identifiers

/// A mail a handler decided to send: to whom, why, in which language, and
/// the values its template fills in. Written as one notification row,
/// rendered, in the handler's transaction.
public struct PlannedMail: Sendable, Equatable {
    public var kind: MailKind
    /// With the triggering message's id and the kind, the row's unique key:
    /// `speaker:<id>`, `attendee:<id>` or `organiser`.
    public var recipientKey: String
    /// Whom the mail is about: erasing this person deletes the row.
    public var personId: Identifier
    public var to: String
    public var language: MailLanguage
    public var values: [String: String]

    public init(
        kind: MailKind, recipientKey: String, personId: Identifier, to: String, language: MailLanguage, values: [String: String]
    ) {
        self.kind = kind
        self.recipientKey = recipientKey
        self.personId = personId
        self.to = to
        self.language = language
        self.values = values
    }
}
