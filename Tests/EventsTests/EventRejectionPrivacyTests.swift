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

    @Test func noMaterialOrSessionFieldIsRepeated() {
        let event = anEvent(status: .published)
        let session = aSession(event)
        let secret = Self.secret
        func material(_ change: (inout AddSessionMaterial) -> Void) -> AddSessionMaterial {
            var command = AddSessionMaterial(
                sessionId: session.id, kind: "slides", fileName: "a.pdf", mimeType: "application/pdf", fileSizeBytes: 1, storageKey: "k",
                actorId: Identifier(), actorRole: "organiser")
            change(&command)
            return command
        }
        let materials = [
            material { $0.kind = secret }, material { $0.actorRole = secret }, material { $0.mimeType = secret },
            material { $0.fileName = secret + String(repeating: "x", count: 255) }, material { $0.url = secret },
            material {
                $0.kind = "link"
                ($0.fileName, $0.mimeType, $0.fileSizeBytes, $0.storageKey, $0.url) = (nil, nil, nil, nil, "ftp://\(secret)")
            },
        ]
        var messages: [String] = []
        for command in materials {
            do {
                _ = try MaterialRules.add(
                    command, newId: Identifier(), session: session, event: event, existingWithId: nil, confirmedSpeakers: [], count: 0, now: t0)
                Issue.record("accepted \(command)")
            } catch { messages.append(error.message) }
        }
        for command in [
            UpdateSession(sessionId: session.id, targetAudience: .set([secret])), UpdateSession(sessionId: session.id, sessionType: .set(secret)),
            UpdateSession(sessionId: session.id, tags: .set([secret + String(repeating: "x", count: 50)])),
        ] {
            do {
                _ = try SessionRules.update(command, session: session, event: event, hasSpeakers: false)
                Issue.record("accepted \(command)")
            } catch { messages.append(error.message) }
        }
        #expect(messages.count == 9)
        #expect(messages.allSatisfy { !$0.contains("secret") }, "\(messages)")
    }
}
