import Foundation
import Identifiers
import Messaging
import Testing

@testable import Events

/// A rejection is published on the bus and may be logged: it names the
/// field and what is allowed, never repeats the value that was sent.
@Suite struct EventRejectionPrivacyTests {
    static let secret = "secret.person@example.com"

    @Test func anUnknownStatusIsNotRepeated() throws {
        let rejection = try #require(throws: CommandRejection.self) {
            try EventRules.changeStatus(anEvent(), to: Self.secret, agendaReady: true, now: t0)
        }
        #expect(rejection.reason == "invalid_status")
        #expect(!rejection.message.contains("secret"), "\(rejection.message)")
        #expect(rejection.message.contains("status"))
    }

    @Test func anUnknownSessionTypeIsNotRepeated() throws {
        let event = anEvent()
        let command = ScheduleSession(
            eventId: event.id, title: "Talk", sessionType: Self.secret, startTime: t0 + 60 * day, endTime: t0 + 60 * day + 3600
        )
        let rejection = try #require(throws: CommandRejection.self) {
            try SessionRules.schedule(command, newId: Identifier(), event: event, existingWithId: nil)
        }
        #expect(rejection.reason == "invalid_session_type")
        #expect(!rejection.message.contains("secret"), "\(rejection.message)")
        #expect(rejection.message.contains("sessionType"))
    }
}
