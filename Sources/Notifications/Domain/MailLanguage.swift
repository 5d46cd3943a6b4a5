/// The languages mails are written in.
public enum MailLanguage: String, Sendable, CaseIterable, Codable {
    case de, en

    /// The language for a recipient's language tag (`de`, `de-CH`, `en-GB`,
    /// `fr` ...): German for any German tag, English for any other; `fallback`
    /// when the recipient named none.
    public static func forTag(_ tag: String?, fallback: MailLanguage) -> MailLanguage {
        guard let tag, let primary = tag.split(separator: "-").first, !primary.isEmpty else { return fallback }
        return primary.lowercased() == "de" ? .de : .en
    }
}
