extension SettingParser where Value: FixedWidthInteger & Sendable {
    /// A whole number in `range`, e.g. `64`.
    public static func integer(in range: ClosedRange<Value>) -> SettingParser<Value> {
        SettingParser(allowed: "a whole number in \(range.lowerBound)...\(range.upperBound)") { text in
            let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
            guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else { return .failure(SettingRefusal("not a whole number")) }
            guard let value = Value(text), range.contains(value) else { return .failure(SettingRefusal("\(text) is out of range")) }
            return .success(value)
        }
    }

}

extension SettingParser where Value == Double {
    /// A number of seconds above 0 and at most `maximum`, fractions allowed,
    /// e.g. `2592000` or `0.5`.
    public static func seconds(upTo maximum: Double) -> SettingParser<Double> {
        SettingParser(allowed: "seconds, above 0 and at most \(Int(maximum))") { text in
            guard text.allSatisfy({ $0.isASCIIDigit || $0 == "." || $0 == "-" || $0 == "+" }), let value = Double(text), value.isFinite else {
                return .failure(SettingRefusal("not a number of seconds"))
            }
            guard value > 0, value <= maximum else { return .failure(SettingRefusal("\(text) is out of range")) }
            return .success(value)
        }
    }

}

extension SettingParser where Value: RawRepresentable & Sendable, Value.RawValue == String {
    /// One of `values`, by raw value, in any letter case (`INFO` is `info`).
    public static func oneOf(_ values: [Value]) -> SettingParser<Value> {
        SettingParser(allowed: "one of \(values.map(\.rawValue).joined(separator: ", "))") { text in
            guard let value = values.first(where: { $0.rawValue == text.lowercased() }) else {
                return .failure(SettingRefusal("not one of the allowed values"))
            }
            return .success(value)
        }
    }

}

extension SettingParser where Value == String {
    /// A dotted-quad IPv4 address such as `127.0.0.1` or `0.0.0.0` (no host
    /// names: nothing is resolved at start).
    public static var ipv4Address: SettingParser<String> {
        SettingParser(allowed: "an IPv4 address such as 127.0.0.1 or 0.0.0.0") { text in
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            let valid =
                parts.count == 4
                && parts.allSatisfy { part in
                    (1...3).contains(part.count) && part.allSatisfy(\.isASCIIDigit) && (Int(part) ?? 256) <= 255
                        && (part.count == 1 || part.first != "0")  // as inet_pton: no leading zeros
                }
            return valid ? .success(text) : .failure(SettingRefusal("not an IPv4 address"))
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isWholeNumber }
}
