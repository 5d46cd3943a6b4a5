/// Reads one setting's text (already trimmed, never empty) into a typed
/// value, or refuses it with a reason; `allowed` says what it takes, for
/// the problem line and the README.
public struct SettingParser<Value>: Sendable {
    /// What the setting allows, e.g. "a whole number in 1...65535".
    public let allowed: String
    public let parse: @Sendable (String) -> Result<Value, SettingRefusal>

    public init(allowed: String, parse: @escaping @Sendable (String) -> Result<Value, SettingRefusal>) {
        self.allowed = allowed
        self.parse = parse
    }

    /// The same check, its value converted.
    public func map<Other>(_ transform: @escaping @Sendable (Value) -> Other) -> SettingParser<Other> {
        let parse = parse
        return SettingParser<Other>(allowed: allowed) { parse($0).map(transform) }
    }

    /// A comma-separated list of what `element` reads, at most `maxCount`
    /// items; `none` is the empty list (an empty text is refused, being more
    /// often a templating slip than a decision).
    public static func list<Element>(of element: SettingParser<Element>, maxCount: Int, noneMeans meaning: String)
        -> SettingParser<[Element]> where Value == [Element]
    {
        let parse = element.parse
        return SettingParser(
            allowed: "comma-separated, at most \(maxCount), each \(element.allowed); or none for \(meaning)"
        ) { text in
            if text == "none" { return .success([]) }
            let items = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace }
            guard items.count <= maxCount else { return .failure(SettingRefusal("\(items.count) items, more than \(maxCount)")) }
            var values: [Element] = []
            for (index, item) in items.enumerated() {
                guard !item.isEmpty else { return .failure(SettingRefusal("item \(index + 1) is empty")) }
                switch parse(item) {
                case .success(let value): values.append(value)
                case .failure(let refusal): return .failure(SettingRefusal("item \(index + 1): \(refusal.reason)"))
                }
            }
            return .success(values)
        }
    }
}
