/// The words of one kind of mail in one language, as Mustache: a subject
/// line and a body of paragraphs separated by blank lines. The greeting and
/// the signature are added around the body, once for the plain text part and
/// once (HTML-escaped, a `<p>` per paragraph) for the HTML part.
struct MailTemplate: Sendable {
    let subject: String
    let body: String
}
