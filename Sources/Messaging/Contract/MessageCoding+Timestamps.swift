extension MessageCoding {
    /// Whether `text` has the shape of an RFC 3339 date-time
    /// (`YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)`) and every field names
    /// something that exists: month 1–12, a day of that month, hour 0–23,
    /// minute and second 0–59 (no leap second), offset below 24 hours.
    static func hasRealFields(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<(start + count)] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        func byte(_ index: Int, is allowed: String) -> Bool {
            index < bytes.count && allowed.utf8.contains(bytes[index])
        }
        guard let year = number(0, 4), byte(4, is: "-"), let month = number(5, 2), byte(7, is: "-"), let day = number(8, 2),
            byte(10, is: "Tt"), let hour = number(11, 2), byte(13, is: ":"), let minute = number(14, 2), byte(16, is: ":"),
            let second = number(17, 2)
        else { return false }
        var index = 19
        if byte(index, is: ".") {
            index += 1
            let digits = index
            while number(index, 1) != nil { index += 1 }
            guard index > digits else { return false }
        }
        if byte(index, is: "Zz") {
            guard index + 1 == bytes.count else { return false }
        } else {
            guard byte(index, is: "+-"), index + 6 == bytes.count, let offsetHours = number(index + 1, 2), byte(index + 3, is: ":"),
                let offsetMinutes = number(index + 4, 2), offsetHours < 24, offsetMinutes < 60
            else { return false }
        }
        return (1...12).contains(month) && (1...days(inMonth: month, of: year)).contains(day) && hour < 24 && minute < 60
            && second < 60
    }

    private static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
