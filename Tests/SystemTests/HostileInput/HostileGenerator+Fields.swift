import Identifiers
import Messaging

/// Each field of each target's schema in turn: another JSON type, absent or
/// null, past its column's length, NUL, combining marks, outside its enum or
/// format, numbers out of range; and what is merely unusual (capitals in an
/// id, a boundary length, combining marks in a name).
extension HostileGenerator {
    func fieldVariants(_ target: HostileTarget) -> [HostileMessage] {
        target.properties.flatMap { fieldVariants(target, $0.name, $0.schema) }
    }

    private func fieldVariants(_ target: HostileTarget, _ field: String, _ schema: JSONValue) -> [HostileMessage] {
        let marker = Self.marker
        let types: [String] =
            switch schema["type"] {
            case .string(let one)?: [one]
            case .array(let many)?: many.compactMap(\.stringValue)
            default: ["string"]
            }
        let main = types.first { $0 != "null" } ?? "string"
        let format = schema["format"]?.stringValue
        let command = target.isCommand
        var out: [HostileMessage] = []
        func add(_ kind: HostileKind, _ label: String, _ fault: HostileFault, _ value: JSONText) {
            out.append(make(target, kind, "\(field) \(label)", fault, data: target.baseline.setting(field, value)))
        }

        switch main {
        case "string": add(.wrongTypes, "as a number", .unreadable(field), .number(42))
        case "integer", "number": add(.wrongTypes, "as a string", .unreadable(field), .string("\(marker)-seven"))
        case "boolean": add(.wrongTypes, "as a string", .unreadable(field), .string("\(marker)-true"))
        // An object is opaque to its readers (metadata): one of another type is outside the contract, not unreadable.
        case "object": add(.wrongTypes, "as a number", .outOfContract, .number(42))
        default: add(.wrongTypes, "as a string", .unreadable(field), .string(marker))
        }
        if command {
            add(
                .wrongTypes, "as an object", main == "object" ? .outOfContract : .unreadable(field),
                main == "object" ? .array([]) : .object([(marker, .number(1))]))
        }
        if !types.contains("null") { add(.missingFields, "null", .missing(field), .null) }
        if target.required.contains(field) {
            out.append(make(target, .missingFields, "\(field) absent", .missing(field), data: target.baseline.removing(field)))
        }

        switch main {
        case "string":
            if let maxLength = schema["maxLength"]?.doubleValue.map({ Int($0) }) {
                add(.overLength, "of \(maxLength + 1) characters", .outOfContract, .string(text(maxLength + 1, format: format)))
                if command {
                    add(.overLength, "of exactly \(maxLength) characters", .unusual, .string(text(maxLength, format: format, wide: true)))
                }
            }
            add(.nul, "with NUL", .kernel, .string("a\u{0}\(marker)"))
            valueVariants(target, field, schema, format: format, add: add)
        case "integer", "number":
            if let minimum = schema["minimum"]?.doubleValue {
                add(.outOfRange, "below its minimum", .outOfContract, .literal(number(minimum - 1)))
            }
            if let maximum = schema["maximum"]?.doubleValue {
                add(.outOfRange, "above its maximum", .outOfContract, .literal(number(maximum + 1)))
            }
            add(.outOfRange, "1e400", .unreadable(field), .literal("1e400"))
            if main == "integer" {
                add(.outOfRange, "2^63", .unreadable(field), .literal("9223372036854775808"))
                if command { add(.outOfRange, "1.5", .unreadable(field), .literal("1.5")) }
            }
        case "array":
            if let items = schema["items"], let maxLength = items["maxLength"]?.doubleValue.map({ Int($0) }) {
                add(.overLength, "with an item of \(maxLength + 1) characters", .outOfContract, .array([.string(text(maxLength + 1, format: nil))]))
            }
            if let maxItems = schema["maxItems"]?.doubleValue.map({ Int($0) }) {
                add(
                    .overLength, "with \(maxItems + 1) items", .outOfContract,
                    .array((0...maxItems).map { .string("\(marker)-\($0)") }))
            }
            add(.nul, "with NUL in an item", .kernel, .array([.string("a\u{0}\(marker)")]))
        default:
            break
        }
        return out
    }

    /// A string field's formats and enums: what breaks them, what only looks odd.
    private func valueVariants(
        _ target: HostileTarget, _ field: String, _ schema: JSONValue, format: String?,
        add: (HostileKind, String, HostileFault, JSONText) -> Void
    ) {
        let marker = Self.marker
        let command = target.isCommand
        // A reader may take an enum's text as it is (a reason it passes on):
        // outside the contract, but refused only where it is interpreted.
        if case .array(let options)? = schema["enum"], let first = options.first?.stringValue {
            add(.invalidValues, "outside its enum", .outOfContract, .string("\(marker)-unknown"))
            add(.combining, "with a combining mark", .outOfContract, .string(first + "\u{301}"))
            return
        }
        switch format {
        case "uuid":
            add(.invalidValues, "not a UUID", .unreadable(field), .string("\(marker)-not-a-uuid"))
            add(.combining, "a UUID with a combining mark", .unreadable(field), .string(Identifier().description + "\u{301}"))
            let current = target.baseline[field].flatMap { if case .string(let text) = $0 { text } else { nil } }
            add(.unusual, "in capitals", .unusual, .string((current ?? Identifier().description).uppercased()))
            if command { add(.invalidValues, "empty", .unreadable(field), .string("")) }
        case "date-time":
            add(.invalidValues, "not a date", .unreadable(field), .string("2026-02-30T25:61:00Z"))
            if command {
                add(.invalidValues, "not a date at all", .unreadable(field), .string("\(marker)T10:00:00Z"))
                add(.outOfRange, "in year 1", .unusual, .string("0001-01-01T00:00:00Z"))
                add(.outOfRange, "in year 9999", .unusual, .string("9999-12-31T23:59:59.999Z"))
            }
        case "date":
            add(.invalidValues, "not a date", .unreadable(field), .string("2026-13-45"))
            if command { add(.invalidValues, "not a date at all", .unreadable(field), .string("\(marker)-01-01")) }
        case "email":
            add(.invalidValues, "without @", .outOfContract, .string("\(marker)-no-at-sign"))
            if command { add(.combining, "with a combining mark", .unusual, .string("\(marker).e\u{301}@example.ch")) }
        case "uri":
            add(.invalidValues, "without a scheme", .outOfContract, .string("www.\(marker).example.ch"))
        default:
            add(.combining, "with combining marks", .unusual, .string("e\u{301}\(marker)"))
            if command, (schema["minLength"]?.doubleValue ?? 0) >= 1 {
                add(.invalidValues, "blank (the contract allows it, the rules do not)", .unusual, .string("   "))
            }
        }
    }

    /// A schema bound plus or minus one, written as JSON writes numbers.
    private func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
