import Foundation

/// The text form of timestamptz under `DateStyle=ISO, TimeZone=UTC`, with
/// microseconds, which is PostgreSQL's own precision.
enum PostgresTimestamp {
    static func format(_ date: Date) -> String {
        var micros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        let totalSeconds = Int((micros / 1_000_000).rounded(.down))
        micros -= Double(totalSeconds) * 1_000_000
        var days = totalSeconds / 86_400
        var secondOfDay = totalSeconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let fraction = Int(micros)
        return String(unsafeUninitializedCapacity: 40) { text in
            var writer = TimestampWriter(text)
            writer.putDateTime(days: days, secondOfDay: secondOfDay, separator: " ")
            if fraction > 0 {
                writer.put(".")
                writer.put(fraction, digits: 6)
            }
            writer.put("+")
            writer.put(0, digits: 2)
            return writer.count
        }
    }

    /// Parses `YYYY-MM-DD HH:MM:SS[.f{1,6}](+|-)HH[:MM[:SS]]` (also with `T`).
    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for _ in 0..<digits {
                let byte = bytes[index]
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
                index += 1
            }
            return value
        }
        /// Four digits, or more past year 9999.
        func yearNumber() -> Int? {
            var digits = 4
            while index + digits < bytes.count, bytes[index + digits] >= 48, bytes[index + digits] <= 57, digits < 9 { digits += 1 }
            return number(digits)
        }
        func expect(_ characters: Set<UInt8>) -> Bool {
            guard index < bytes.count, characters.contains(bytes[index]) else { return false }
            index += 1
            return true
        }
        guard let year = yearNumber(), expect([45]), let month = number(2), expect([45]), let day = number(2),
            expect([32, 84]), let hour = number(2), expect([58]), let minute = number(2), expect([58]),
            let second = number(2)
        else { return nil }
        var micros = 0
        if index < bytes.count && bytes[index] == 46 {
            index += 1
            var digits = 0
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                if digits < 6 { micros = micros * 10 + Int(bytes[index] - 48) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            if digits < 6 { for _ in digits..<6 { micros *= 10 } }
        }
        var offset = 0
        if index < bytes.count {
            let sign: Int
            switch bytes[index] {
            case 43: sign = 1
            case 45: sign = -1
            case 90: sign = 0
            default: return nil
            }
            index += 1
            if sign != 0 {
                guard let offsetHours = number(2) else { return nil }
                var seconds = offsetHours * 3600
                if expect([58]) {
                    guard let offsetMinutes = number(2) else { return nil }
                    seconds += offsetMinutes * 60
                    if expect([58]) {
                        guard let offsetSeconds = number(2) else { return nil }
                        seconds += offsetSeconds
                    }
                }
                offset = sign * seconds
            }
        }
        guard index == bytes.count, (1...12).contains(month), (1...31).contains(day) else { return nil }
        let days = CivilDays.daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + Double(micros) / 1_000_000)
    }
}

/// Parses the text form of a one-dimensional array: `{a,"b c",NULL}`.
enum PostgresArrayParser {
    static func parse(_ text: String) -> [String?]? {
        var characters = Array(text.unicodeScalars)[...]
        guard characters.first == "{", characters.last == "}" else { return nil }
        characters = characters.dropFirst().dropLast()
        if characters.isEmpty { return [] }
        var result: [String?] = []
        var current = String.UnicodeScalarView()
        var quoted = false
        var wasQuoted = false
        var escaped = false
        for scalar in characters {
            if escaped {
                current.append(scalar)
                escaped = false
            } else if scalar == "\\" {
                escaped = true
            } else if scalar == "\"" {
                quoted.toggle()
                wasQuoted = true
            } else if scalar == "," && !quoted {
                result.append(element(current, wasQuoted))
                current = String.UnicodeScalarView()
                wasQuoted = false
            } else if scalar == "{" && !quoted {
                return nil
            } else {
                current.append(scalar)
            }
        }
        guard !quoted, !escaped else { return nil }
        result.append(element(current, wasQuoted))
        return result
    }

    private static func element(_ scalars: String.UnicodeScalarView, _ wasQuoted: Bool) -> String? {
        let text = String(scalars)
        return !wasQuoted && text == "NULL" ? nil : text
    }
}
