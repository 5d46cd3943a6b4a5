public import Foundation
import Postgres

/// Timestamps on the wire, written and read by hand: Foundation's ISO 8601
/// styles cost more per message than the rest of the envelope together.
extension MessageCoding {
    /// `2026-11-26T04:10:10.850Z`: UTC, milliseconds cut (not rounded), as
    /// Foundation's `ISO8601FormatStyle` writes them.
    public static func formatTimestamp(_ date: Date) -> String {
        // Counted from the reference date (2001) as `Date` keeps it and
        // Foundation does, so both cut the same millisecond.
        let interval = date.timeIntervalSinceReferenceDate
        let wholeSeconds = interval.rounded(.down)
        // Years 0–9999 by hand; beyond (no message of ours names one), Foundation's own style.
        guard (Self.yearZero..<Self.yearTenThousand).contains(wholeSeconds) else {
            return date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
        }
        let millisecond = min(999, Int(((interval - wholeSeconds) * 1000).rounded(.down)))
        let (days, secondOfDay) = (Int(wholeSeconds) + secondsFrom1970To2001).quotientAndRemainderFlooring(dividingBy: 86_400)
        return String(unsafeUninitializedCapacity: 24) { text in
            var writer = TimestampWriter(text)
            writer.putDateTime(days: days, secondOfDay: secondOfDay, separator: "T")
            writer.put(".")
            writer.put(millisecond, digits: 3)
            writer.put("Z")
            return writer.count
        }
    }

    /// Reads an RFC 3339 date-time (`YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)`)
    /// whose every field names something that exists: month 1–12, a day of
    /// that month, hour 0–23, minute and second 0–59 (no leap second), offset
    /// below 24 hours. A parser that rolled `2026-02-30T25:61:00Z` over into
    /// March would accept what a client never meant.
    public static func parseTimestamp(_ text: String) -> Date? {
        var text = text
        return text.withUTF8(parseTimestamp)
    }

    /// The same from UTF-8 bytes (the envelope reader's, without a `String`).
    static func parseTimestamp(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<(start + count)] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        func byte(_ index: Int, is first: Unicode.Scalar, or second: Unicode.Scalar? = nil) -> Bool {
            guard index < bytes.count else { return false }
            return bytes[index] == UInt8(ascii: first) || second.map { bytes[index] == UInt8(ascii: $0) } == true
        }
        guard let year = number(0, 4), byte(4, is: "-"), let month = number(5, 2), byte(7, is: "-"), let day = number(8, 2),
            byte(10, is: "T", or: "t"), let hour = number(11, 2), byte(13, is: ":"), let minute = number(14, 2), byte(16, is: ":"),
            let second = number(17, 2)
        else { return nil }
        var index = 19
        var nanoseconds = 0
        if byte(index, is: ".") {
            index += 1
            let digits = index
            while let digit = number(index, 1) {
                if index - digits < 9 { nanoseconds = nanoseconds * 10 + digit }
                index += 1
            }
            guard index > digits else { return nil }
            for _ in min(index - digits, 9)..<9 { nanoseconds *= 10 }
        }
        var offset = 0
        if byte(index, is: "Z", or: "z") {
            guard index + 1 == bytes.count else { return nil }
        } else {
            guard byte(index, is: "+", or: "-"), index + 6 == bytes.count, let offsetHours = number(index + 1, 2), byte(index + 3, is: ":"),
                let offsetMinutes = number(index + 4, 2), offsetHours < 24, offsetMinutes < 60
            else { return nil }
            offset = (offsetHours * 3600 + offsetMinutes * 60) * (byte(index, is: "-") ? -1 : 1)
        }
        guard (1...12).contains(month), (1...days(inMonth: month, of: year)).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        let seconds = CivilDays.daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSinceReferenceDate: Double(seconds - secondsFrom1970To2001) + Double(nanoseconds) / 1_000_000_000)
    }

    private static let secondsFrom1970To2001 = 978_307_200
    /// 0000-01-01 and 10000-01-01 in seconds from the reference date (2001).
    private static let yearZero: Double = -63_145_526_400
    private static let yearTenThousand: Double = 252_423_993_600

    private static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

extension Int {
    /// Quotient and a remainder that is never negative (days before 1970).
    fileprivate func quotientAndRemainderFlooring(dividingBy divisor: Int) -> (Int, Int) {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }
}
