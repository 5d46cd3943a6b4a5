/// A worker's `/metrics` page (Prometheus text format 0.0.4), read into
/// samples: what `batbern status` needs of it, nothing more (no types, no
/// help, no escapes beyond `\"` and `\\` in label values).
public struct PrometheusText: Sendable, Hashable {
    public struct Sample: Sendable, Hashable {
        public let name: String
        public let labels: [String: String]
        public let value: Double

        func has(_ wanted: [String: String]) -> Bool {
            wanted.allSatisfy { key, value in labels[key] == value }
        }
    }

    public let samples: [Sample]

    public init(_ text: String) {
        samples = text.split(separator: "\n").compactMap(Self.sample)
    }

    /// The value of the sample `name` whose labels include `labels`; nil when none.
    public func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.has(labels) }?.value
    }

    /// A histogram's cumulative buckets (`<name>_bucket`), by upper bound, `+Inf` last.
    public func buckets(_ name: String, _ labels: [String: String] = [:]) -> [(upperBound: Double, count: Double)] {
        samples.filter { $0.name == name + "_bucket" && $0.has(labels) }
            .compactMap { sample in
                guard let bound = sample.labels["le"].flatMap({ $0 == "+Inf" ? Double.infinity : Double($0) }) else { return nil }
                return (bound, sample.value)
            }
            .sorted { $0.upperBound < $1.upperBound }
    }

    static func sample(_ line: Substring) -> Sample? {
        let line = line.trimmingPrefix(while: \.isWhitespace)
        guard !line.isEmpty, !line.hasPrefix("#") else { return nil }
        var labels: [String: String] = [:]
        let name: Substring
        let rest: Substring
        if let open = line.firstIndex(of: "{") {
            name = line[..<open]
            guard let (parsed, end) = parseLabels(line[line.index(after: open)...]) else { return nil }
            labels = parsed
            rest = line[end...]
        } else {
            guard let space = line.firstIndex(of: " ") else { return nil }
            name = line[..<space]
            rest = line[space...]
        }
        guard let text = rest.split(separator: " ").first, let value = Double(text) ?? (text == "+Inf" ? .infinity : nil) else {
            return nil
        }
        return Sample(name: String(name), labels: labels, value: value)
    }

    /// `key="value",...}`: the labels and where the text after `}` starts.
    static func parseLabels(_ text: Substring) -> ([String: String], Substring.Index)? {
        var labels: [String: String] = [:]
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "}" { return (labels, text.index(after: index)) }
            if text[index] == "," || text[index] == " " {
                index = text.index(after: index)
                continue
            }
            guard let equals = text[index...].firstIndex(of: "="), text.index(after: equals) < text.endIndex,
                text[text.index(after: equals)] == "\""
            else { return nil }
            let key = String(text[index..<equals])
            var value = ""
            var cursor = text.index(equals, offsetBy: 2)
            while cursor < text.endIndex, text[cursor] != "\"" {
                if text[cursor] == "\\", text.index(after: cursor) < text.endIndex { cursor = text.index(after: cursor) }
                value.append(text[cursor])
                cursor = text.index(after: cursor)
            }
            guard cursor < text.endIndex else { return nil }
            labels[key] = value
            index = text.index(after: cursor)
        }
        return nil
    }
}
