import Messaging
import Testing

/// Whether a message body mentions what is being erased: pure.
@Suite struct ErasureNeedlesTests {
    let needles = ErasureNeedles(["anna@example.ch", "0193a3b4-7c2d-7e5f-9a1b-2c3d4e5f6a7b"])

    @Test(arguments: [
        #"{"data":{"email":"anna@example.ch"}}"#,
        #"{"data":{"email":"Anna@Example.CH"}}"#,
        #"{"data":{"email":"anna\u0040example.ch"}}"#,
        #"{"data":{"email":"\u0041nna@example.ch"}}"#,
        #"{"data":{"note":"for anna@example.ch, thanks"}}"#,
        #"{"data":{"attendeeId":"0193A3B4-7C2D-7E5F-9A1B-2C3D4E5F6A7B"}}"#,
        #"{"anna@example.ch":1}"#,
        "not json at all, but anna@example.ch",
    ])
    func mentioned(body: String) {
        #expect(needles.isMentioned(in: Array(body.utf8)))
    }

    @Test(arguments: [
        #"{"data":{"email":"hanna@example.com"}}"#,
        #"{"data":{"email":"anna@example.c"}}"#,
        #"{"data":{"email":"anna\\u0040example.ch"}}"#,
        #"{"data":{"attendeeId":"0193a3b4-7c2d-7e5f-9a1b-2c3d4e5f6a7c"}}"#,
        "", "not json \\ with a backslash",
    ])
    func notMentioned(body: String) {
        #expect(!needles.isMentioned(in: Array(body.utf8)))
    }

    @Test func noNeedlesMentionNothing() {
        #expect(!ErasureNeedles([]).isMentioned(in: Array(#"{"a":"b"}"#.utf8)))
        #expect(ErasureNeedles([""]).needles.isEmpty, "an empty needle would match everything")
        #expect(!ErasureNeedles([""]).isMentioned(in: Array(#"{"a":"b"}"#.utf8)))
    }

    /// With types, only messages of those types are named.
    @Test func typesNarrowWhatIsNamed() {
        let registered = ErasureNeedles(["anna@example.ch"], routingKeys: ["attendees.AttendeeRegistered"])
        let body = Array(#"{"data":{"email":"anna@example.ch"}}"#.utf8)
        #expect(registered.names(routingKey: "attendees.AttendeeRegistered", body: body))
        #expect(!registered.names(routingKey: "attendees.AttendanceRecorded", body: body))
        #expect(needles.names(routingKey: "attendees.AttendanceRecorded", body: body), "without types, every type")
    }
}
