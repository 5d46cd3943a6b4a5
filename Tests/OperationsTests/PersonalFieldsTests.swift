import Foundation
import Operations
import Testing

/// The contract decides what is personal: every free string field of every
/// message schema is in exactly one of `PersonalFields`' two lists, so a new
/// field cannot slip into `parked show` undecided.
@Suite struct PersonalFieldsTests {
    static let schemas: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("schemas/messages")
    }()

    /// Property names whose values are strings (or arrays of strings) that
    /// are not enums, identifiers or timestamps, over every schema.
    static func freeStringFields() throws -> Set<String> {
        var found: Set<String> = []
        func isFreeString(_ schema: [String: Any]) -> Bool {
            let types = (schema["type"] as? [String]) ?? [(schema["type"] as? String) ?? ""]
            guard types.contains("string"), schema["enum"] == nil, schema["const"] == nil else { return false }
            return !["uuid", "date-time", "date"].contains(schema["format"] as? String ?? "")
        }
        func walk(_ node: Any) {
            if let object = node as? [String: Any] {
                for (name, value) in (object["properties"] as? [String: Any]) ?? [:] {
                    guard let schema = value as? [String: Any] else { continue }
                    if isFreeString(schema) || (schema["items"] as? [String: Any]).map(isFreeString) == true { found.insert(name) }
                }
                object.values.forEach(walk)
            } else if let array = node as? [Any] {
                array.forEach(walk)
            }
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: schemas.path).filter { $0.hasSuffix(".json") }
        #expect(files.count > 50, "the contract's schemas are there")
        for file in files {
            walk(try JSONSerialization.jsonObject(with: Data(contentsOf: schemas.appendingPathComponent(file))))
        }
        return found
    }

    @Test func everyFreeStringFieldOfTheContractIsDecided() throws {
        let fields = try Self.freeStringFields()
        let undecided = fields.subtracting(PersonalFields.masked).subtracting(PersonalFields.notPersonal)
        #expect(undecided.isEmpty, "decide in PersonalFields whether these are personal: \(undecided.sorted())")
        #expect(fields.contains("email") && fields.contains("firstName") && fields.contains("specialRequests"))
    }

    @Test func noFieldIsBothMaskedAndNotPersonal() {
        #expect(PersonalFields.masked.isDisjoint(with: PersonalFields.notPersonal))
    }
}
