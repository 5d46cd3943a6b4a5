public import Foundation

/// The invitation saga's clock settings. Offsets are configuration so tests
/// can run the whole reminder-and-expiry path in seconds.
public struct SpeakersSettings: Sendable, Equatable {
    /// How long a speaker has to answer when the invitation names no deadline.
    public var responseWindow: TimeInterval
    /// Reminders this long before the response deadline.
    public var reminderOffsets: [TimeInterval]
    /// How long a speaker registered with an unknown company waits for the
    /// company to arrive before speakers reports it (SpeakerCompanyUnresolved).
    public var companyGracePeriod: TimeInterval

    public static let day: TimeInterval = 86_400

    public init(
        responseWindow: TimeInterval = 30 * day,
        reminderOffsets: [TimeInterval] = [14 * day, 7 * day, 3 * day],
        companyGracePeriod: TimeInterval = 3600
    ) {
        self.responseWindow = responseWindow
        self.reminderOffsets = reminderOffsets
        self.companyGracePeriod = companyGracePeriod
    }

    /// From the environment, defaults for what is not set:
    /// `BATBERN_SPEAKERS_RESPONSE_WINDOW_SECONDS`,
    /// `BATBERN_SPEAKERS_REMINDER_OFFSETS_SECONDS` (comma-separated),
    /// `BATBERN_SPEAKERS_COMPANY_GRACE_SECONDS`. Unparsable values are errors,
    /// not silently ignored.
    public init(environment: [String: String]) throws {
        self.init()
        if let text = environment["BATBERN_SPEAKERS_RESPONSE_WINDOW_SECONDS"] {
            responseWindow = try Self.seconds(text, "BATBERN_SPEAKERS_RESPONSE_WINDOW_SECONDS")
        }
        if let text = environment["BATBERN_SPEAKERS_REMINDER_OFFSETS_SECONDS"] {
            reminderOffsets = try text.split(separator: ",").map {
                try Self.seconds(String($0), "BATBERN_SPEAKERS_REMINDER_OFFSETS_SECONDS")
            }
        }
        if let text = environment["BATBERN_SPEAKERS_COMPANY_GRACE_SECONDS"] {
            companyGracePeriod = try Self.seconds(text, "BATBERN_SPEAKERS_COMPANY_GRACE_SECONDS")
        }
    }

    private static func seconds(_ text: String, _ name: String) throws -> TimeInterval {
        guard let value = TimeInterval(text.trimmingCharacters(in: .whitespaces)), value > 0, value.isFinite else {
            throw InvalidSetting(description: "\(name) must be a positive number of seconds, got \(text)")
        }
        return value
    }
}

public struct InvalidSetting: Error, CustomStringConvertible {
    public let description: String
}
