public import Foundation
public import Messaging

/// Checks messages against the contract in schemas/messages: the envelope
/// against envelope.json and the data against `<routing key>.json` (or
/// CommandRejected.json). Implements the JSON Schema subset those files use:
/// type, properties, required, additionalProperties (boolean), enum, const,
/// minLength, maxLength, minimum, maximum, format (uuid, date-time, date,
/// email, uri), pattern, items, minItems, maxItems. A `uuid` must be lowercase.
public final class ContractValidator: Sendable {
    private let schemas: [String: JSONValue]

    public init(folder: URL = TestServers.repositoryRoot.appendingPathComponent("schemas/messages")) throws {
        var schemas: [String: JSONValue] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".json") {
            let data = try Data(contentsOf: folder.appendingPathComponent(file))
            schemas[String(file.dropLast(5))] = try JSONDecoder().decode(JSONValue.self, from: data)
        }
        self.schemas = schemas
    }

    /// Names of the message schemas (`<context>.<Name>`), for coverage checks.
    public var messageNames: Set<String> { Set(schemas.keys).subtracting(["envelope", "CommandRejected"]) }

    /// Everything wrong with a message published under `routingKey`; empty when it fits.
    public func problems(body: [UInt8], routingKey: String) -> [String] {
        guard let whole = try? JSONDecoder().decode(JSONValue.self, from: Data(body)) else { return ["\(routingKey): not JSON"] }
        guard let envelope = schemas["envelope"] else { return ["envelope.json missing"] }
        var problems = check(whole, envelope, path: "\(routingKey)")
        let name = routingKey.hasSuffix(".CommandRejected") ? "CommandRejected" : routingKey
        guard let schema = schemas[name] else { return problems + ["\(routingKey): no schema \(name).json"] }
        problems += check(whole["data"] ?? .null, schema, path: "\(routingKey).data")
        return problems
    }

    /// Checks a bare data value against a message's schema.
    public func problems(data: JSONValue, message name: String) -> [String] {
        guard let schema = schemas[name] else { return ["no schema \(name).json"] }
        return check(data, schema, path: name)
    }

    private func check(_ value: JSONValue, _ schema: JSONValue, path: String) -> [String] {
        var problems: [String] = []
        if let type = schema["type"] {
            let allowed: [String] =
                switch type {
                case .string(let one): [one]
                case .array(let many): many.compactMap(\.stringValue)
                default: []
                }
            guard allowed.contains(where: { Self.matches(value, type: $0) }) else {
                return ["\(path): \(value) is not \(allowed.joined(separator: "|"))"]
            }
        }
        if case .array(let options)? = schema["enum"], !options.contains(value) {
            problems.append("\(path): \(value) is not one of the enum")
        }
        if let constant = schema["const"], constant != value { problems.append("\(path): \(value) is not \(constant)") }
        switch value {
        case .string(let text):
            let length = text.unicodeScalars.count
            if let min = schema["minLength"]?.doubleValue, Double(length) < min { problems.append("\(path): shorter than \(Int(min))") }
            if let max = schema["maxLength"]?.doubleValue, Double(length) > max { problems.append("\(path): longer than \(Int(max))") }
            if let format = schema["format"]?.stringValue, !Self.conforms(text, format: format) {
                problems.append("\(path): \(text) is not a \(format)")
            }
            if let pattern = schema["pattern"]?.stringValue, text.range(of: pattern, options: .regularExpression) == nil {
                problems.append("\(path): \(text) does not match \(pattern)")
            }
        case .number(let number):
            if let min = schema["minimum"]?.doubleValue, number < min { problems.append("\(path): below \(min)") }
            if let max = schema["maximum"]?.doubleValue, number > max { problems.append("\(path): above \(max)") }
        case .array(let items):
            if let min = schema["minItems"]?.doubleValue, Double(items.count) < min { problems.append("\(path): fewer than \(Int(min)) items") }
            if let max = schema["maxItems"]?.doubleValue, Double(items.count) > max { problems.append("\(path): more than \(Int(max)) items") }
            if let itemSchema = schema["items"] {
                for (index, item) in items.enumerated() { problems += check(item, itemSchema, path: "\(path)[\(index)]") }
            }
        case .object(let object):
            let properties: [String: JSONValue] = if case .object(let p)? = schema["properties"] { p } else { [:] }
            if case .array(let required)? = schema["required"] {
                for case .string(let name) in required where object[name] == nil { problems.append("\(path).\(name): required") }
            }
            for (name, member) in object.sorted(by: { $0.key < $1.key }) {
                if let sub = properties[name] {
                    problems += check(member, sub, path: "\(path).\(name)")
                } else if schema["additionalProperties"] == .bool(false) {
                    problems.append("\(path).\(name): not allowed")
                }
            }
        default:
            break
        }
        return problems
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("object", .object), ("array", .array), ("number", .number):
            true
        case ("integer", .number(let n)):
            n.rounded() == n
        default:
            false
        }
    }

    /// The 8-4-4-4-12 form in lowercase hex, as every schema's uuid pattern has it.
    private static let lowercaseUUID = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"

    /// RFC 3339's full-date: `YYYY-MM-DD`, a day that exists.
    private static func isFullDate(_ text: String) -> Bool {
        guard text.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil else { return false }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return false }
        let components = DateComponents(calendar: Calendar(identifier: .gregorian), year: parts[0], month: parts[1], day: parts[2])
        return components.isValidDate
    }

    private static func conforms(_ text: String, format: String) -> Bool {
        switch format {
        // Lowercase only: RFC 9562 asks for lowercase output, and clients
        // compare ids as strings.
        case "uuid": text.range(of: lowercaseUUID, options: .regularExpression) != nil
        case "date-time": MessageCoding.parseTimestamp(text) != nil
        case "date": isFullDate(text)
        case "email": text.range(of: #"^[^@\s]+@[^@\s]+\.[^@\s]+$"#, options: .regularExpression) != nil
        case "uri": URL(string: text)?.scheme != nil
        default: true
        }
    }
}
