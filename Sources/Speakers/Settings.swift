public import Foundation
public import Messaging

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
    /// `BATBERN_SPEAKERS_REMINDER_OFFSETS_SECONDS` (comma-separated, `none`
    /// for no reminders), `BATBERN_SPEAKERS_COMPANY_GRACE_SECONDS`. Bad
    /// values are errors, not silently ignored.
    public init(environment: [String: String]) throws(InvalidSettings) {
        var reader = SettingsReader(environment: environment)
        self.init(reading: &reader)
        try reader.validate()
    }

    /// The same, with problems recorded in `reader` to be reported with the
    /// worker's other settings.
    public init(reading reader: inout SettingsReader) {
        self.init()
        let seconds = SettingParser.seconds(upTo: 365 * Self.day)
        reader.read("BATBERN_SPEAKERS_RESPONSE_WINDOW_SECONDS", seconds, into: &responseWindow)
        reader.read(
            "BATBERN_SPEAKERS_REMINDER_OFFSETS_SECONDS", .list(of: seconds, maxCount: 10, noneMeans: "no reminders"),
            into: &reminderOffsets
        )
        reader.read("BATBERN_SPEAKERS_COMPANY_GRACE_SECONDS", seconds, into: &companyGracePeriod)
    }
}
