import Foundation
import Identifiers
public import Logging
public import Postgres
public import Retry
public import ServiceLifecycle

/// Sends the notification rows: claims the row due first (`FOR UPDATE SKIP
/// LOCKED`, so several senders share the work), hands it to the SMTP server,
/// and marks it in the same transaction. One row per transaction, so a
/// failed mail never holds the others back. Mails go over one `SMTPSession`
/// (a thread and a connection kept from mail to mail), closed with QUIT when
/// the sender stops, after the mail in hand.
///
/// - The server took it: `sent`. A crash between its 250 and the commit
///   sends it again on the next claim, with the same Message-ID.
/// - It failed for now (4xx, refused, timed out): tried again after
///   `retry.delay(attempts)`; other rows go first meanwhile.
/// - It was refused for good (5xx): `failed`, with the server's answer (the
///   address masked), counted in `batbern_notifications_failed_total`.
///
/// Logs name the row's id and kind, never an address or the words. The
/// row stays locked while the server talks, so `SMTPTransport.timeout`
/// must stay below the database's idle-in-transaction limit.
public final class NotificationSender: Service, Sendable {
    public struct Configuration: Sendable {
        /// How often to look for due rows when there are none. Default 1 s.
        public var pollInterval: Duration
        /// Wait before the next attempt of a mail that failed for now, by
        /// attempts so far. Default 1 s doubling up to 5 minutes, with jitter.
        public var retry: Backoff
        /// Wait after a database failure, by failures in a row. Default 200 ms doubling up to 5 s.
        public var reconnect: Backoff

        public init(
            pollInterval: Duration = .seconds(1), retry: Backoff = Backoff(initial: .seconds(1), maximum: .seconds(300)),
            reconnect: Backoff = Backoff(initial: .milliseconds(200), maximum: .seconds(5))
        ) {
            self.pollInterval = pollInterval
            self.retry = retry
            self.reconnect = reconnect
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

    /// Sends the row due first; false when none is due.
    private func sendNext(_ db: PostgresConnection, over smtp: SMTPSession) async throws -> Bool {
        try await db.runScript("BEGIN")
        do {
            guard let mail = try await db.claim() else {
                try await db.runScript("COMMIT")
                return false
            }
            let outcome = await smtp.send(mail)
            try await record(outcome, of: mail, db)
            try await db.runScript("COMMIT")
            return true
        } catch {
            if await db.isUsable { try? await db.runScript("ROLLBACK") }
            throw error
        }
    }

    private func record(_ outcome: SMTPOutcome, of mail: OutgoingMail, _ db: PostgresConnection) async throws {
        let metadata: Logger.Metadata = ["notification": "\(mail.id)", "kind": "\(mail.kind)"]
        switch outcome {
        case .sent:
            try await db.markSent(mail.id)
            metrics.sent.increment()
            logger.debug("mail sent", metadata: metadata)
        case .temporary(let reply):
            let attempts = try await db.postpone(mail.id, reply: Self.masking(mail.to, in: reply), retry: configuration.retry)
            metrics.deferred.increment()
            logger.notice("mail not sent for now; will retry", metadata: metadata.merging(["attempts": "\(attempts)"]) { $1 })
        case .permanent(let reply):
            try await db.markFailed(mail.id, reply: Self.masking(mail.to, in: reply))
            metrics.failed.increment()
            logger.warning("mail refused by the SMTP server; marked failed", metadata: metadata)
        }
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
    fileprivate func claim() throws -> OutgoingMail? { try NotificationQueue.claim(self) }
    fileprivate func nextDue() throws -> Date? { try NotificationQueue.nextDue(self) }
    fileprivate func pendingCount() throws -> Int { try NotificationQueue.pendingCount(self) }
    fileprivate func markSent(_ id: Identifier) throws { try NotificationQueue.markSent(id, reply: "250", self) }
    fileprivate func markFailed(_ id: Identifier, reply: String) throws { try NotificationQueue.markFailed(id, reply: reply, self) }
    fileprivate func postpone(_ id: Identifier, reply: String, retry: Backoff) throws -> Int {
        try NotificationQueue.postpone(id, reply: reply, retry: retry, self)
    }
}
