extension SettingParser where Value == Duration {
    /// A duration with its unit, in `range`: `500ms`, `25s`, `2m`, `1h`.
    public static func duration(in range: ClosedRange<Duration>) -> SettingParser<Duration> {
        SettingParser(allowed: "a duration such as 500ms, 25s or 2m, from \(durationText(range.lowerBound)) to \(durationText(range.upperBound))") {
            text in
            let digits = text.prefix { $0.isASCIIDigit }
            let units: [Substring: Int64] = ["ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000]
            guard !digits.isEmpty, let unit = units[text.dropFirst(digits.count)], let count = Int64(digits) else {
                return .failure(SettingRefusal("not a duration"))
            }
            let (milliseconds, overflow) = count.multipliedReportingOverflow(by: unit)
            guard !overflow, range.contains(.milliseconds(milliseconds)) else {
                return .failure(SettingRefusal("\(text) is out of range"))
            }
            return .success(.milliseconds(milliseconds))
        }
    }
}

extension SettingParser where Value == Int {
    /// A size in bytes, in `range`: `1048576`, `512KiB`, `1MiB`, `2GiB`
    /// (binary units), or `500kB`, `1MB` (decimal units).
    public static func byteSize(in range: ClosedRange<Int>) -> SettingParser<Int> {
        SettingParser(allowed: "a size such as 65536, 512KiB or 1MiB, from \(byteSizeText(range.lowerBound)) to \(byteSizeText(range.upperBound))") {
            text in
            let digits = text.prefix { $0.isASCIIDigit }
            let units: [Substring: Int] = [
                "": 1, "B": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "kB": 1000, "MB": 1_000_000, "GB": 1_000_000_000,
            ]
            guard !digits.isEmpty, let unit = units[text.dropFirst(digits.count)], let count = Int(digits) else {
                return .failure(SettingRefusal("not a size"))
            }
            let (bytes, overflow) = count.multipliedReportingOverflow(by: unit)
            guard !overflow, range.contains(bytes) else { return .failure(SettingRefusal("\(text) is out of range")) }
            return .success(bytes)
        }
    }
}

/// `duration` in the largest unit that states it exactly: `90s`, `2m`, `1500ms`.
func durationText(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
    for (unit, size) in [("h", Int64(3_600_000)), ("m", 60_000), ("s", 1000)] where milliseconds % size == 0 && milliseconds != 0 {
        return "\(milliseconds / size)\(unit)"
    }
    return "\(milliseconds)ms"
}

/// `bytes` in the largest binary unit that states it exactly: `1MiB`, `1500B`.
func byteSizeText(_ bytes: Int) -> String {
    for (unit, size) in [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] where bytes % size == 0 && bytes != 0 {
        return "\(bytes / size)\(unit)"
    }
    return "\(bytes)B"
}
