import Foundation
import Identifiers
public import Logging
public import Postgres
public import Retry
public import ServiceLifecycle

/// Sends the notification rows: claims the rows due first (`FOR UPDATE SKIP
/// LOCKED`, so several senders share the work), hands them to the SMTP
/// server one after the other, and marks them in the same transaction.
/// Mails go over one `SMTPSession` (a thread and a connection kept from mail
/// to mail), closed with QUIT when the sender stops, after the mail in hand.
///
/// A transaction takes up to `batchSize` rows (four round trips to the
/// database for the batch, not for each mail) and ends early, marking what
/// it sent and leaving the rest pending for the next, once a mail was not
/// sent, once it has taken `batchTime`, or when the sender stops; so a
/// failing or slow mail holds the others back no longer than its own send.
///
/// - The server took it: `sent`. A crash between its 250 and the commit
///   sends it again on the next claim, with the same Message-ID; with it the
///   mails the batch sent before (at most `batchSize`, within `batchTime`).
/// - It failed for now (4xx, refused, timed out): tried again after
///   `retry.delay(attempts)`; other rows go first meanwhile.
/// - It was refused for good (5xx): `failed`, with the server's answer (the
///   address masked), counted in `batbern_notifications_failed_total`.
///
/// Logs name the row's id and kind, never an address or the words. The
/// rows stay locked while the server talks, so `batchTime` plus
/// `SMTPTransport.timeout` must stay below the database's
/// idle-in-transaction limit.
public final class NotificationSender: Service, Sendable {
    public struct Configuration: Sendable {
        /// How often to look for due rows when there are none. Default 1 s.
        public var pollInterval: Duration
        /// Wait before the next attempt of a mail that failed for now, by
        /// attempts so far. Default 1 s doubling up to 5 minutes, with jitter.
        public var retry: Backoff
        /// Wait after a database failure, by failures in a row. Default 200 ms doubling up to 5 s.
        public var reconnect: Backoff
        /// Most rows claimed and marked in one transaction. Default 20.
        public var batchSize: Int
        /// After a mail sent once a transaction has taken this long, it marks
        /// what it sent and ends. Default 1 s.
        public var batchTime: Duration

        public init(
            pollInterval: Duration = .seconds(1), retry: Backoff = Backoff(initial: .seconds(1), maximum: .seconds(300)),
            reconnect: Backoff = Backoff(initial: .milliseconds(200), maximum: .seconds(5)), batchSize: Int = 20,
            batchTime: Duration = .seconds(1)
        ) {
            self.pollInterval = pollInterval
            self.retry = retry
            self.reconnect = reconnect
            self.batchSize = batchSize
            self.batchTime = batchTime
        }
    }

    let database: PostgresConnection.Configuration
    let transport: SMTPTransport
    let configuration: Configuration
    let metrics: SenderMetrics
    let logger: Logger

    public init(
        database: PostgresConnection.Configuration, transport: SMTPTransport, configuration: Configuration, metrics: SenderMetrics,
        logger: Logger
    ) {
        self.database = database
        self.transport = transport
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
    }

    public func run() async throws {
        var connection: PostgresConnection?
        var failures = 0
        let smtp = SMTPSession(transport: transport)
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let db: PostgresConnection
                if let connection {
                    db = connection
                } else {
                    db = try await PostgresConnection.connect(database, logger: logger)
                    connection = db
                }
                if try await sendNext(db, over: smtp) {
                    failures = 0
                    continue
                }
                failures = 0
                metrics.pending.record(try await db.pendingCount())
                let wait = try await untilNextDue(db)
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
            } catch {
                if Task.isCancelled { break }
                if let current = connection, await !current.isUsable {
                    await current.close()
                    connection = nil
                }
                let delay = configuration.reconnect.delay(attempt: failures)
                failures += 1
                logger.warning("notification sender failed; retrying", metadata: ["sender_error": "\(error)", "sender_retry_in": "\(delay)"])
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: delay) }
            }
        }
        await smtp.close()
        await connection?.close()
        logger.info("notification sender stopped")
    }

    /// Sends a batch of due rows; false when none is due.
    private func sendNext(_ db: PostgresConnection, over smtp: SMTPSession) async throws -> Bool {
        try await db.runScript("BEGIN")
        do {
            let mails = try await db.claim(limit: max(1, configuration.batchSize))
            if mails.isEmpty {
                try await db.runScript("COMMIT")
                return false
            }
            let started = ContinuousClock.now
            var sent: [OutgoingMail] = []
            batch: for mail in mails {
                switch await smtp.send(mail) {
                case .sent:
                    sent.append(mail)
                case .temporary(let reply):
                    try await postpone(mail, reply: reply, db)
                    break batch
                case .permanent(let reply):
                    try await fail(mail, reply: reply, db)
                    break batch
                }
                if ContinuousClock.now - started >= configuration.batchTime || Task.isCancelled || Task.isShuttingDownGracefully { break }
            }
            if !sent.isEmpty { try await db.markSent(sent.map(\.id)) }
            try await db.runScript("COMMIT")
            for mail in sent {
                metrics.sent.increment()
                logger.debug("mail sent", metadata: ["notification": "\(mail.id)", "kind": "\(mail.kind)"])
            }
            return true
        } catch {
            if await db.isUsable { try? await db.runScript("ROLLBACK") }
            throw error
        }
    }

    /// A mail that failed for now: tried again after `retry.delay(attempts)`.
    private func postpone(_ mail: OutgoingMail, reply: String, _ db: PostgresConnection) async throws {
        let attempts = try await db.postpone(mail.id, reply: Self.masking(mail.to, in: reply), retry: configuration.retry)
        metrics.deferred.increment()
        logger.notice(
            "mail not sent for now; will retry", metadata: ["notification": "\(mail.id)", "kind": "\(mail.kind)", "attempts": "\(attempts)"])
    }

    /// A mail the server refused for good.
    private func fail(_ mail: OutgoingMail, reply: String, _ db: PostgresConnection) async throws {
        try await db.markFailed(mail.id, reply: Self.masking(mail.to, in: reply))
        metrics.failed.increment()
        logger.warning("mail refused by the SMTP server; marked failed", metadata: ["notification": "\(mail.id)", "kind": "\(mail.kind)"])
    }

    /// Until the next row is due, at most the poll interval.
    private func untilNextDue(_ db: PostgresConnection) async throws -> Duration {
        guard let next = try await db.nextDue() else { return configuration.pollInterval }
        let milliseconds = max(10, Int64(next.timeIntervalSinceNow * 1000) + 1)
        return min(configuration.pollInterval, .milliseconds(milliseconds))
    }

    /// The server's answer as kept in the row: the recipient's address, which
    /// servers like to quote, replaced.
    static func masking(_ address: String, in reply: String) -> String {
        reply.replacingOccurrences(of: address, with: "<recipient>", options: .caseInsensitive)
    }
}

extension PostgresConnection {
    fileprivate func claim(limit: Int) throws -> [OutgoingMail] { try NotificationQueue.claim(limit: limit, self) }
    fileprivate func nextDue() throws -> Date? { try NotificationQueue.nextDue(self) }
    fileprivate func pendingCount() throws -> Int { try NotificationQueue.pendingCount(self) }
    fileprivate func markSent(_ ids: [Identifier]) throws { try NotificationQueue.markSent(ids, reply: "250", self) }
    fileprivate func markFailed(_ id: Identifier, reply: String) throws { try NotificationQueue.markFailed(id, reply: reply, self) }
    fileprivate func postpone(_ id: Identifier, reply: String, retry: Backoff) throws -> Int {
        try NotificationQueue.postpone(id, reply: reply, retry: retry, self)
    }
}
