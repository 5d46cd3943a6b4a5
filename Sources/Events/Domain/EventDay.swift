public import Foundation

/// The calendar day an event takes place on, in the organisers' time zone:
/// what its sessions must lie within, and what the timed lifecycle starts
/// and ends by.
public enum EventDay {
    /// From midnight to midnight of the day `eventDate` falls on in
    /// `timeZone` (23 or 25 hours on the days the clocks change).
    public static func interval(of eventDate: Date, in timeZone: TimeZone) -> DateInterval {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let start = calendar.startOfDay(for: eventDate)
        let end = calendar.date(byAdding: .day, value: 1, to: start) ?? start.addingTimeInterval(86_400)
        return DateInterval(start: start, end: end)
    }

    /// The session lies within the day (it may end at midnight).
    public static func holds(_ session: Session, day: DateInterval) -> Bool {
        session.startTime >= day.start && session.endTime <= day.end
    }
}
