import CoreMetrics
import Foundation
import Identifiers
import Logging
import Postgres
import ServiceLifecycle
import TestSupport
import Testing

@testable import Notifications

/// The sender against a real SMTP server (Tests/python/smtp_sink.py): how
/// many connections a burst of mails costs, and what becomes of mails when
/// the server ends a connection the sender wants to use again.
@Suite struct SenderConnectionTests {
    /// 40 mails due at once go over one connection, each once, and the
    /// connection ends with QUIT when the sender stops.
    @Test func aBurstOfMailsGoesOverOneConnectionAndEachArrivesOnce() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.tearDown() }
        try await sendsEachOnceWithoutPostponing(40, to: sink)
        #expect(sink.sessions() == 1, "one connection for the burst")
        #expect(sink.quits() == 1, "the connection ended with QUIT when the sender stopped")
    }

    /// The server closes each connection after its 3rd mail (as at an idle
    /// timeout or a restart): 20 mails arrive once each over 7 connections,
    /// none failed or postponed.
    @Test func aServerClosingTheConnectionLosesAndDoublesNothing() async throws {
        let sink = try await SMTPSink.start(closeAfter: 3)
        defer { sink.tearDown() }
        try await sendsEachOnceWithoutPostponing(20, to: sink)
        #expect(sink.sessions() == 7, "a new connection after each 3 mails")
    }

    /// The server answers the 4th MAIL FROM on a connection 421 and closes
    /// it (servers that limit mails per connection): the mail goes at once on
    /// a fresh connection, not after a backoff; each arrives once.
    @Test func aMailRefused421OnAReusedConnectionGoesAtOnceOnAFreshOne() async throws {
        let sink = try await SMTPSink.start(refuseAfter: 3)
        defer { sink.tearDown() }
        try await sendsEachOnceWithoutPostponing(20, to: sink)
        #expect(sink.sessions() == 7, "a new connection after each 3 mails")
    }

    /// A mail refused for good (550) is marked failed alone; the mails
    /// claimed with it still go, each once.
    @Test func aMailRefusedForGoodFailsAloneAndTheOthersOfItsBatchGo() async throws {
        let sink = try await SMTPSink.start(reject: "p3@")
        defer { sink.tearDown() }
        try await Mailroom.with { room in
            _ = try await room.pendingMails(10)
            try await room.sending(to: sink) {
                try await eventually("9 mails sent") { try await room.mailCount(status: "sent") == 9 }
            }
            #expect(try await room.mailCount(status: "failed") == 1)
            #expect(try await room.mailCount(attempts: 1) == 9, "none postponed")
            #expect(sink.mails().count == 9 && !sink.mails().contains { $0.to == "p3@example.ch" })
        }
    }

    /// Stopping while a batch is being sent: the mail in hand is finished
    /// and marked, the connection closed with QUIT, the rest left pending
    /// and untried.
    @Test func aStoppingSenderFinishesTheMailInHandAndLeavesTheRestPending() async throws {
        let sink = try await SMTPSink.start(delayFirst: 0.5)
        defer { sink.tearDown() }
        try await Mailroom.with { room in
            _ = try await room.pendingMails(10)
            try await room.sending(to: sink) {
                // In the Maildir, its 250 held back: the sender waits for it.
                try await eventually("the first mail arrived") { sink.mails().count == 1 }
            }
            #expect(try await room.mailCount(status: "sent") == 1, "the mail in hand finished and marked")
            #expect(try await room.mailCount(status: "pending", attempts: 0) == 9, "the rest untried")
            #expect(sink.mails().count == 1 && sink.quits() == 1)
        }
    }

    /// Writes `count` mails, runs a sender until all are sent, stops it, and
    /// checks that each arrived once and none was postponed.
    private func sendsEachOnceWithoutPostponing(_ count: Int, to sink: SMTPSink) async throws {
        try await Mailroom.with { room in
            let ids = try await room.pendingMails(count)
            try await room.sending(to: sink) {
                try await eventually("\(count) mails sent") { try await room.mailCount(status: "sent") == count }
            }
            #expect(sink.mails().map(\.messageId).sorted() == ids.map { "<\($0)@batbern.ch>" }.sorted(), "each mail once")
            #expect(try await room.mailCount(attempts: 1) == count, "none postponed")
        }
    }
}

extension Mailroom {
    /// `count` rendered mails due now, written as the handlers write them; their ids.
    fileprivate func pendingMails(_ count: Int) async throws -> [Identifier] {
        try await h.query(
            """
            INSERT INTO notifications (id, message_id, recipient_key, kind, person_id, to_address, language, subject,
                text_body, html_body, next_attempt_at, created_at)
            SELECT gen_random_uuid(), gen_random_uuid(), 'attendee:' || i, 'registration_confirmed', gen_random_uuid(),
                'p' || i || '@example.ch', 'de', 'Anmeldung ' || i, 'Grüezi ' || i, '<p>Grüezi ' || i || '</p>', NOW(), NOW()
            FROM generate_series(1, $1::int) AS i
            RETURNING id
            """, [count]
        ).map { try $0.decode(Identifier.self, at: 0) }
    }

    fileprivate func mailCount(status: String) async throws -> Int {
        try await h.query("SELECT count(*) FROM notifications WHERE status = $1", [status]).first?.decode(Int.self, at: 0) ?? 0
    }

    fileprivate func mailCount(status: String = "sent", attempts: Int) async throws -> Int {
        try await h.query("SELECT count(*) FROM notifications WHERE status = $1 AND attempts = $2", [status, attempts]).first?
            .decode(Int.self, at: 0) ?? 0
    }

    /// Runs a sender on this schema, handing mail to `sink`, while `body`
    /// runs; then shuts it down gracefully and waits until it stopped.
    fileprivate func sending(to sink: SMTPSink, _ body: () async throws -> Void) async throws {
        var database = try PostgresConnection.Configuration(url: TestServers.postgresURL)
        database.searchPath = h.schema
        var configuration = NotificationSender.Configuration()
        configuration.pollInterval = .milliseconds(50)
        let server = try #require(SMTPServer(url: sink.url))
        let logger = Logger(label: "sender")
        let sender = NotificationSender(
            database: database, transport: SMTPTransport(server: server, sender: MailSender()), configuration: configuration,
            metrics: SenderMetrics(worker: "notifications", factory: NOOPMetricsHandler.instance), logger: logger
        )
        let group = ServiceGroup(services: [sender], logger: logger)
        let running = Task { try await group.run() }
        do {
            try await body()
        } catch {
            await group.triggerGracefulShutdown()
            _ = try? await running.value
            throw error
        }
        await group.triggerGracefulShutdown()
        try await running.value
    }
}
