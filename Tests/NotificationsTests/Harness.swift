import Foundation
import Identifiers
import Messaging
import Postgres
import TestSupport

@testable import Notifications

/// The notifications handlers on a schema of their own, with the messages
/// of other contexts they read sent as those contexts would.
struct Mailroom {
    let h: HandlerHarness

    static func with(organiser: String? = nil, _ body: (Mailroom) async throws -> Void) async throws {
        let worker = NotificationsWorker.definition(NotificationsSettings(organiserEmail: organiser))
        try await HandlerHarness.with(worker: worker, context: "notifications") { try await body(Mailroom(h: $0)) }
    }

    @discardableResult
    func send<M: Message>(_ message: M, id: Identifier = Identifier(), at now: Date = Date()) async throws -> HarnessResult {
        try await h.send(M.key, data: message, id: id, now: now)
    }

    func speaker(language: String? = nil, optOut: Bool = false, email: String = "ada@example.ch") async throws -> Identifier {
        let id = Identifier()
        try await send(SpeakerRegistered(speakerId: id, email: email, firstName: "Ada", lastName: "Muster"))
        if language != nil || optOut {
            try await send(
                SpeakerProfileUpdated(
                    speakerId: id, email: email, firstName: "Ada", lastName: "Muster",
                    communicationPreferences: SpeakerPreferences(language: language, reminderOptOut: optOut)
                ))
        }
        return id
    }

    func attendee(email: String = "bob@example.ch") async throws -> Identifier {
        let id = Identifier()
        try await send(AttendeeRegistered(attendeeId: id, email: email, firstName: "Bob", lastName: "Beispiel", newsletterSubscription: true))
        return id
    }

    func event() async throws -> Identifier {
        let id = Identifier()
        try await send(EventCreated(eventId: id, title: "BATbern 57", eventDate: Date(timeIntervalSince1970: 1_780_000_000), venueName: "Kursaal"))
        return id
    }

    struct Row: Equatable {
        let kind: String
        let to: String
        let language: String
        let subject: String
    }

    func rows() async throws -> [Row] {
        try await h.query("SELECT kind, to_address, language, subject FROM notifications ORDER BY created_at, kind").map {
            Row(kind: try $0.decode(at: 0), to: try $0.decode(at: 1), language: try $0.decode(at: 2), subject: try $0.decode(at: 3))
        }
    }

    /// Rows of every table of the schema whose text mentions `needle`, by table.
    func mentions(_ needle: String) async throws -> [String: Int] {
        let tables = try await h.query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'", [h.schema]
        ).map { try $0.decode(String.self, at: 0) }
        var found: [String: Int] = [:]
        for table in tables {
            let count =
                try await h.query("SELECT count(*) FROM \(table) t WHERE t::text ILIKE '%' || $1 || '%'", [needle]).first?
                .decode(Int.self, at: 0) ?? 0
            if count > 0 { found[table] = count }
        }
        return found
    }
}
