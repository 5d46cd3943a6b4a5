public import Foundation
import Synchronization

/// Codes of other contexts put into words, and dates as a reader of each
/// language expects them. Unknown codes are shown as they are rather than
/// dropped.
public enum Wording {
    public static func role(_ code: String, in language: MailLanguage) -> String {
        switch (code, language) {
        case ("primary_speaker", .de): "Hauptreferent·in"
        case ("primary_speaker", .en): "primary speaker"
        case ("co_speaker", .de): "Co-Referent·in"
        case ("co_speaker", .en): "co-speaker"
        case ("moderator", .de): "Moderation"
        case ("moderator", .en): "moderator"
        case ("panelist", .de): "Podiumsgast"
        case ("panelist", .en): "panellist"
        default: code.replacingOccurrences(of: "_", with: " ")
        }
    }

    /// Why a registration was refused (`RegistrationRejected.reason`).
    public static func rejection(_ code: String, in language: MailLanguage) -> String {
        switch (code, language) {
        case ("registration_closed", .de): "Die Anmeldung für diesen Anlass ist geschlossen."
        case ("registration_closed", .en): "Registration for this event is closed."
        case ("deadline_passed", .de): "Die Anmeldefrist ist abgelaufen."
        case ("deadline_passed", .en): "The registration deadline has passed."
        case ("unknown_event", .de): "Wir finden diesen Anlass nicht."
        case ("unknown_event", .en): "We could not find this event."
        case (_, .de): "Die Anmeldung war nicht möglich."
        case (_, .en): "The registration was not possible."
        }
    }

    /// Why a speaker was released (`SpeakerReleased.reason`).
    public static func release(_ code: String, in language: MailLanguage) -> String {
        switch (code, language) {
        case ("session_cancelled", .de): "Die Session wurde abgesagt."
        case ("session_cancelled", .en): "The session was cancelled."
        case ("event_cancelled", .de): "Der Anlass wurde abgesagt."
        case ("event_cancelled", .en): "The event was cancelled."
        case ("conflict", .de): "Die Session überschneidet sich mit einem anderen bestätigten Auftritt."
        case ("conflict", .en): "The session overlaps another session you confirmed."
        case (_, .de): "Die Einladung gilt nicht mehr."
        case (_, .en): "The invitation no longer stands."
        }
    }

    /// A moment as a reader of `language` expects it, in the events' time zone.
    public static func date(_ date: Date, in language: MailLanguage, timeZone: TimeZone) -> String {
        formatters.withLock { formatters in
            let key = "\(language) \(timeZone.identifier)"
            if let formatter = formatters[key] { return formatter.string(from: date) }
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: language == .de ? "de_CH" : "en_GB")
            formatter.timeZone = timeZone
            formatter.dateStyle = .long
            formatter.timeStyle = .short
            formatters[key] = formatter
            return formatter.string(from: date)
        }
    }

    /// By language and time zone: making a `DateFormatter` costs far more
    /// than formatting with one (a mail per registration). Used only under
    /// the lock.
    private static let formatters = Mutex<[String: DateFormatter]>([:])
}
