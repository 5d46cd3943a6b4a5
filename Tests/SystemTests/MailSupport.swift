import Foundation
import Identifiers
import Messaging
import Postgres
import TestSupport
import Testing
import WorkerHost

/// The notifications worker's settings for a test: its SMTP sink, a sender
/// that polls every 100 ms and retries a mail within a second.
func mailSettings(_ sink: SMTPSink) -> [String: String] {
    [
        "BATBERN_SMTP_URL": sink.url, "BATBERN_NOTIFICATIONS_POLL_INTERVAL": "100ms", "BATBERN_NOTIFICATIONS_RETRY_MAX": "1s",
    ]
}

/// `batbern worker notifications` as a process of its own (for SIGKILL), on
/// the fixture's vhost and notifications schema.
struct NotificationsProcess {
    let process: WorkerProcess
    let port: Int

    static func start(_ system: SystemFixture, environment: [String: String]) async throws -> NotificationsProcess {
        let port = Int.random(in: 200...319) * 100 + 6
        let process = try WorkerProcess.start(
            ["worker", "notifications", "--http-port", String(port), "--log-level", "notice"],
            environment: environment.merging(
                [
                    "BATBERN_AMQP_URL": system.amqpURL,
                    BoundedContext.notifications.databaseURLVariable: TestServers.postgresURL(searchPath: "notifications_\(system.suffix)"),
                    "BATBERN_RETRY_DELAYS": "200ms,400ms",
                ]
            ) { $1 })
        try await eventually("the notifications process ready", timeout: .seconds(60), every: .milliseconds(100)) {
            httpGet(port: port, path: "/health/ready", timeout: .seconds(1))?.status == 200
        }
        return NotificationsProcess(process: process, port: port)
    }
}

extension Array where Element == ReceivedMail {
    /// Mails of one kind to one address.
    func of(_ kind: String, to address: String) -> [ReceivedMail] {
        filter { $0.kind == kind && $0.to == address }
    }

    /// How many mails went out per Message-ID, for those sent more than once.
    var duplicates: [String: Int] {
        Dictionary(map { ($0.messageId, 1) }, uniquingKeysWith: +).filter { $0.value > 1 }
    }
}
