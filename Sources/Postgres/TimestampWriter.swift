/// Writes a timestamp's text into a string being filled byte by byte: the
/// part PostgreSQL's text form and the messages' RFC 3339 share
/// (`YYYY-MM-DD?hh:mm:ss`), and the digits and characters either adds.
public struct TimestampWriter {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    /// Bytes written so far.
    public private(set) var count = 0

    public init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    /// The date of `days` since 1970-01-01, `separator`, then the time of
    /// `secondOfDay`. A year past 9999 keeps all its digits; one before
    /// year 0 gets a minus (which PostgreSQL refuses, as it should).
    public mutating func putDateTime(days: Int, secondOfDay: Int, separator: Unicode.Scalar) {
        let (year, month, day) = CivilDays.civil(fromDays: days)
        if year < 0 { put("-") }
        put(year.magnitude, digits: max(4, String(year.magnitude).utf8.count))
        put("-")
        put(month, digits: 2)
        put("-")
        put(day, digits: 2)
        put(separator)
        put(secondOfDay / 3600, digits: 2)
        put(":")
        put(secondOfDay % 3600 / 60, digits: 2)
        put(":")
        put(secondOfDay % 60, digits: 2)
    }

    /// `value` in `digits` decimal digits, zero-padded on the left.
    public mutating func put(_ value: Int, digits: Int) {
        put(value.magnitude, digits: digits)
    }

    private mutating func put(_ value: UInt, digits: Int) {
        var value = value
        for offset in stride(from: digits - 1, through: 0, by: -1) {
            buffer[count + offset] = UInt8(ascii: "0") + UInt8(value % 10)
            value /= 10
        }
        count += digits
    }

    public mutating func put(_ character: Unicode.Scalar) {
        buffer[count] = UInt8(ascii: character)
        count += 1
    }
}
