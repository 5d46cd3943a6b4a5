/// JSON as bytes under the test's full control: members in the order given
/// (duplicates allowed), numbers written as any text (`9223372036854775808`,
/// `1e400`), and raw bytes where a hostile body needs what no encoder writes.
indirect enum JSONText: Sendable {
    /// Written as is: a number, `true`, `null`, or any text at all.
    case literal(String)
    case string(String)
    case array([JSONText])
    case object([(String, JSONText)])
    /// Written as is, byte for byte (invalid UTF-8, a raw NUL).
    case bytes([UInt8])

    static let null = JSONText.literal("null")

    static func number(_ value: some BinaryInteger) -> JSONText { .literal("\(value)") }

    static func bool(_ value: Bool) -> JSONText { .literal(value ? "true" : "false") }

    var bytes: [UInt8] {
        var out: [UInt8] = []
        write(into: &out)
        return out
    }

    private func write(into out: inout [UInt8]) {
        switch self {
        case .literal(let text):
            out += Array(text.utf8)
        case .string(let text):
            Self.writeString(text, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                item.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                value.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .bytes(let raw):
            out += raw
        }
    }

    /// Quotes and backslashes escaped, control characters (NUL too) as `\u00XX`.
    private static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += Array(#"\""#.utf8)
            case "\\": out += Array(#"\\"#.utf8)
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            default: out += Array(String(scalar).utf8)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    // MARK: editing objects

    var members: [(String, JSONText)] {
        if case .object(let members) = self { return members }
        return []
    }

    subscript(key: String) -> JSONText? {
        members.first { $0.0 == key }?.1
    }

    /// The object with `key` set to `value` (in place when present, else appended).
    func setting(_ key: String, _ value: JSONText) -> JSONText {
        var members = members
        if let index = members.firstIndex(where: { $0.0 == key }) {
            members[index].1 = value
        } else {
            members.append((key, value))
        }
        return .object(members)
    }

    func removing(_ key: String) -> JSONText {
        .object(members.filter { $0.0 != key })
    }
}
