import Foundation
import Messaging
import Operations
import Testing

/// `batbern parked show`: looking at a message does not show who it is
/// about, unless the operator asks with `--reveal`.
@Suite struct PersonalDataMaskTests {
    static let registration = Array(
        #"""
        {"id":"0193a1f2-0000-7000-8000-000000000001","eventType":"RegisterAttendee","data":{
          "eventId":"0193a1f2-0000-7000-8000-000000000002","email":"anna.muster@example.ch","firstName":"Anna","lastName":"Muster",
          "company":{"name":"Acme AG"},"position":"CTO","specialRequests":"wheelchair access, call +41 79 123 45 67",
          "consent":true,"employeeCount":40,"note":"write to anna@example.ch", "tags":["a@b.ch","vip"]}}
        """#.utf8)

    @Test func personalFieldsAndEmailsAnywhereAreMaskedTheRestStays() throws {
        let text = PersonalDataMask.render(Self.registration, reveal: false)
        for secret in ["anna.muster@example.ch", "Anna", "Muster", "CTO", "wheelchair", "+41 79", "anna@example.ch", "a@b.ch"] {
            #expect(!text.contains(secret), "\(secret) shown in:\n\(text)")
        }
        let masked = try MessageCoding.decode(JSONValue.self, from: Array(text.utf8))
        let data = try #require(masked["data"])
        #expect(data["email"] == .string("***") && data["firstName"] == .string("***") && data["specialRequests"] == .string("***"))
        #expect(data["note"] == .string("***"), "free text holding an address is hidden whole")
        #expect(data["tags"] == .array([.string("***"), .string("vip")]))
        // What says nothing about her stays, so the operator can still tell what it is.
        #expect(data["eventId"] == .string("0193a1f2-0000-7000-8000-000000000002"))
        #expect(data["company"]?["name"] == .string("Acme AG"))
        #expect(data["consent"] == .bool(true) && data["employeeCount"] == .number(40))
        #expect(masked["eventType"] == .string("RegisterAttendee"))
    }

    @Test func revealShowsEverything() {
        let text = PersonalDataMask.render(Self.registration, reveal: true)
        for value in ["anna.muster@example.ch", "Anna", "Muster", "wheelchair access, call +41 79 123 45 67"] {
            #expect(text.contains(value))
        }
    }

    @Test func aBodyThatIsNotJSONIsNotShownAtAll() {
        let body = Array("firstName=Anna email=anna@example.ch".utf8)
        let text = PersonalDataMask.render(body, reveal: false)
        #expect(!text.contains("Anna") && text.contains("\(body.count) bytes"))
        #expect(PersonalDataMask.render(body, reveal: true).contains("Anna"))
    }

    @Test func aNullOrNumberInAPersonalFieldKeepsItsShape() {
        let masked = PersonalDataMask.mask(.object(["position": .null, "phone": .number(41_791_234_567), "reason": .array([.string("x")])]))
        #expect(masked == .object(["position": .null, "phone": .string("***"), "reason": .array([.string("***")])]))
    }
}
