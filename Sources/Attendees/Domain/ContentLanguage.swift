/// The languages BATbern's sessions are held in, for an attendee's
/// preference: Bern's, the country's other two and English.
public enum ContentLanguage: String, Codable, Sendable, Hashable, CaseIterable {
    case de
    case en
    case fr
    case it
}
