import Foundation
import Messaging
import Testing
import TestSupport
@testable import Attendees

/// Checks a JSON value against the JSON Schema subset schemas/messages uses.
/// A stand-in until the lead's validator is on main.
struct SubsetSchema {
    let schema: JSONValue

    static func load(_ file: String) throws -> SubsetSchema {
        let url = TestServers.repositoryRoot.appendingPathComponent("schemas/messages/\(file)")
        return SubsetSchema(schema: try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: url)))
    }

    func errors(_ value: JSONValue) -> [String] { check(value, schema, path: "data") }

    private func check(_ value: JSONValue, _ schema: JSONValue, path: String) -> [String] {
        var errors: [String] = []
        if let type = schema["type"] {
            let allowed: [String] = switch type {
            case .string(let one): [one]
            case .array(let many): many.compactMap(\.stringValue)
            default: []
            }
            if !allowed.contains(where: { Self.matches(value, type: $0) }) {
                return ["\(path): \(value) is not \(allowed)"]
            }
        }
        if let options = schema["enum"], case .array(let values) = options, !values.contains(value) {
            errors.append("\(path): \(value) not in enum")
        }
        if let constant = schema["const"], constant != value { errors.append("\(path): \(value) is not \(constant)") }
        if case .string(let text) = value {
            let length = text.unicodeScalars.count
            if let min = schema["minLength"]?.doubleValue, Double(length) < min { errors.append("\(path): shorter than \(min)") }
            if let max = schema["maxLength"]?.doubleValue, Double(length) > max { errors.append("\(path): longer than \(max)") }
            if let format = schema["format"]?.stringValue, !Self.conforms(text, format: format) {
                errors.append("\(path): \(text) is not a \(format)")
            }
        }
        if case .number(let number) = value {
            if let min = schema["minimum"]?.doubleValue, number < min { errors.append("\(path): below \(min)") }
            if let max = schema["maximum"]?.doubleValue, number > max { errors.append("\(path): above \(max)") }
        }
        if case .object(let object) = value {
            let properties: [String: JSONValue] = if case .object(let p)? = schema["properties"] { p } else { [:] }
            let required: [JSONValue] = if case .array(let r)? = schema["required"] { r } else { [] }
            for case .string(let name) in required where object[name] == nil {
                errors.append("\(path).\(name): required")
            }
            for (name, member) in object {
                if let sub = properties[name] {
                    errors += check(member, sub, path: "\(path).\(name)")
                } else if schema["additionalProperties"] == .bool(false) {
                    errors.append("\(path).\(name): not allowed")
                }
            }
        }
        return errors
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

    private static func conforms(_ text: String, format: String) -> Bool {
        switch format {
        case "uuid": UUID(uuidString: text) != nil && text.count == 36
        case "date-time": MessageCoding.parseTimestamp(text) != nil
        case "email": Validation.isValidEmail(text)
        default: true
        }
    }
}

@Suite struct SchemaConformanceTests {
    @Test func everyAttendeesMessageHasASchemaThatItsPayloadsMeet() async throws {
        let h = try await attendeesHarness()
        var seen: [PublishedMessage] = []
        func run(_ result: HarnessResult) -> HarnessResult {
            seen += result.published
            return result
        }
        let event = UUID()
        let full = run(try await h.send(Key.register, data: command(
            eventId: event, email: "schema@example.ch", companyId: UUID(), position: "Architect", newsletter: true, specialRequests: "none"
        )))
        let first = try full.one("RegistrationRequested", as: RegistrationRequested.self)
        _ = run(try await h.reserve(first.registrationId, event: event))
        let second = try await h.registerSomeone(event: event)
        _ = run(try await h.refuse(second.registration, event: event))
        let third = try await h.registerSomeone(event: event)
        _ = run(try await h.refuse(third.registration, event: event, .unknownEvent))
        _ = run(try await h.send(Key.attend, data: RecordAttendance(registrationId: first.registrationId)))
        _ = run(try await h.send(Key.engage, data: RecordContentEngagement(
            attendeeId: first.attendeeId, contentType: "session", contentId: UUID(), engagementType: "rating", engagementValue: 5
        )))
        _ = run(try await h.send(Key.engage, data: RecordContentEngagement(
            attendeeId: first.attendeeId, contentType: "video", contentId: UUID(), engagementType: "view"
        )))
        _ = run(try await h.send(Key.cancel, data: CancelRegistration(registrationId: second.registration)))
        _ = run(try await h.send(Key.erase, data: EraseAttendee(attendeeId: first.attendeeId)))
        _ = run(try await h.send(Key.register, data: command(gdprConsent: false)))

        let names = Set(seen.map(\.header.eventType))
        #expect(names == [
            "AttendeeRegistered", "RegistrationRequested", "RegistrationConfirmed", "RegistrationWaitlisted",
            "RegistrationRejected", "RegistrationCancelled", "AttendanceRecorded", "ContentEngaged", "AttendeeErased",
            "CommandRejected",
        ])
        let envelope = try SubsetSchema.load("envelope.json")
        for message in seen {
            let file = message.header.eventType == "CommandRejected" ? "CommandRejected.json" : "\(message.routingKey).json"
            let schema = try SubsetSchema.load(file)
            #expect(schema.errors(message.data) == [], "\(message.routingKey)")
            let whole = try JSONDecoder().decode(JSONValue.self, from: Data(message.body.utf8))
            #expect(envelope.errors(whole) == [], "envelope of \(message.routingKey)")
        }
        try await h.drop()
    }

    @Test func theCommandsWeSendMeetTheirSchemas() throws {
        let commands: [(String, any Encodable)] = [
            ("RegisterAttendee", command(companyId: UUID(), position: "CTO", newsletter: false, specialRequests: "x")),
            ("RegisterAttendee", command()),
            ("CancelRegistration", CancelRegistration(registrationId: UUID())),
            ("RecordAttendance", RecordAttendance(registrationId: UUID())),
            ("RecordContentEngagement", RecordContentEngagement(attendeeId: UUID(), contentType: "session", contentId: UUID(), engagementType: "rating", engagementValue: 4.25)),
            ("EraseAttendee", EraseAttendee(attendeeId: UUID())),
        ]
        for (name, data) in commands {
            let json = try JSONDecoder().decode(JSONValue.self, from: MessageCoding.encoder().encode(data))
            #expect(try SubsetSchema.load("attendees.\(name).json").errors(json) == [], "\(name)")
        }
        // And the validator does catch what the schema forbids.
        let bad = try JSONDecoder().decode(JSONValue.self, from: MessageCoding.encoder().encode(command(firstName: String(repeating: "x", count: 101))))
        #expect(try SubsetSchema.load("attendees.RegisterAttendee.json").errors(bad) == ["data.firstName: longer than 100.0"])
    }
}
