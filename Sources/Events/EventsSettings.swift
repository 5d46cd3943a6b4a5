public import Foundation
public import Messaging

/// The timed lifecycle's clock settings. Offsets are configuration so an
/// operator can close registration a little after the deadline, and tests
/// can run the whole lifecycle in seconds.
public struct EventsSettings: Sendable, Equatable {
    /// The organisers' time zone: where an event's day starts and ends.
    public var timeZone: TimeZone
    /// `registration_open → registration_closed` this long after the
    /// registration deadline (negative: before it).
    public var closeOffset: TimeInterval
    /// `→ in_progress` this long after the start of the event's day.
    public var startOffset: TimeInterval
    /// `in_progress → completed` this long after the end of the event's day.
    public var completeOffset: TimeInterval

    /// Largest offset either way: a week.
    public static let maxOffset = 7 * 86_400

    public init(
        timeZone: TimeZone = TimeZone(identifier: "Europe/Zurich") ?? .gmt, closeOffset: TimeInterval = 0,
        startOffset: TimeInterval = 0, completeOffset: TimeInterval = 0
    ) {
        self.timeZone = timeZone
        self.closeOffset = closeOffset
        self.startOffset = startOffset
        self.completeOffset = completeOffset
    }

    /// From the environment, defaults for what is not set. Bad values are
    /// errors, not silently ignored.
    public init(environment: [String: String]) throws(InvalidSettings) {
        var reader = SettingsReader(environment: environment)
        self.init(reading: &reader)
        try reader.validate()
    }

    /// The same, with problems recorded in `reader` to be reported with the
    /// worker's other settings: `BATBERN_EVENTS_TIME_ZONE`,
    /// `BATBERN_EVENTS_CLOSE_OFFSET_SECONDS`, `BATBERN_EVENTS_START_OFFSET_SECONDS`,
    /// `BATBERN_EVENTS_COMPLETE_OFFSET_SECONDS`.
    public init(reading reader: inout SettingsReader) {
        self.init()
        reader.read("BATBERN_EVENTS_TIME_ZONE", Self.timeZoneParser, into: &timeZone)
        let offset = SettingParser<Int>.integer(in: -Self.maxOffset...Self.maxOffset).map { TimeInterval($0) }
        reader.read("BATBERN_EVENTS_CLOSE_OFFSET_SECONDS", offset, into: &closeOffset)
        reader.read("BATBERN_EVENTS_START_OFFSET_SECONDS", offset, into: &startOffset)
        reader.read("BATBERN_EVENTS_COMPLETE_OFFSET_SECONDS", offset, into: &completeOffset)
    }

    private static let timeZoneParser = SettingParser<TimeZone>(allowed: "a time zone name such as Europe/Zurich or UTC") { text in
        guard let zone = TimeZone(identifier: text) else { return .failure(SettingRefusal("not a known time zone")) }
        return .success(zone)
    }
}
