import Foundation
import Identifiers
import Messaging
import Testing

/// What a handler may ask to forget, without I/O.
@Suite struct ErasureRequestTests {
    func context() -> HandlerContext {
        let header = EnvelopeHeader(
            id: Identifier(), aggregateId: "a-1", aggregateType: "test", eventType: "EraseIt", eventVersion: 1,
            occurredAt: Date(), correlationId: Identifier(), causationId: nil
        )
        return HandlerContext(worker: "test", now: Date(), incoming: header, key: .command("EraseIt", to: "test"))
    }

    @Test func needlesAreTrimmedLowercasedAndDeduplicated() throws {
        var context = context()
        try context.forgetMessages(
            mentioning: [" Anna@Example.CH ", "anna@example.ch", "2F1C0A9E-0000-7000-8000-00000000000A"], reason: "attendee_erased")
        #expect(
            context.erasures == [
                try ErasureRequest(
                    needles: ["2f1c0a9e-0000-7000-8000-00000000000a", "anna@example.ch"], reason: "attendee_erased"
                )
            ])
        #expect(context.erasures.first?.needles == ["2f1c0a9e-0000-7000-8000-00000000000a", "anna@example.ch"])
    }

    /// A short needle would take unrelated messages with it; a reason that is
    /// not a code could carry personal data into the logs.
    @Test(arguments: [
        ([String](), "attendee_erased"), (["a@b.c"], "attendee_erased"), (["   x    "], "attendee_erased"),
        (["anna@example.ch"], ""), (["anna@example.ch"], "erased anna@example.ch"), (["anna@example.ch"], String(repeating: "a", count: 65)),
    ])
    func refused(needles: [String], reason: String) {
        var context = context()
        #expect(throws: InvalidErasureRequest.self) { try context.forgetMessages(mentioning: needles, reason: reason) }
        #expect(context.erasures.isEmpty)
    }

    @Test func typesAreRoutingKeysAndNoTypesIsRefused() throws {
        var context = context()
        try context.forgetMessages(
            mentioning: ["anna@example.ch"], ofTypes: [AttendeeRegistered.self], reason: "attendee_erased"
        )
        #expect(context.erasures.first?.routingKeys == ["attendees.AttendeeRegistered"])
        #expect(throws: InvalidErasureRequest.self) {
            try context.forgetMessages(mentioning: ["anna@example.ch"], ofTypes: [], reason: "attendee_erased")
        }
    }

    struct AttendeeRegistered: DomainEvent {
        static let name = "AttendeeRegistered"
        static let context = "attendees"
        static let aggregateType = "Attendee"
    }

    @Test func theRefusalNeverRepeatsANeedle() throws {
        let error = try #require(throws: InvalidErasureRequest.self) {
            try ErasureRequest(needles: ["anna@example.ch", "ann"], reason: "x")
        }
        #expect(!error.description.contains("ann"))
    }
}
