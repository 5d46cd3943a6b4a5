import ArgumentParser
import Foundation
import Notifications
import Postgres
import WorkerHost

/// `batbern notifications`: what the notifications worker sent, and what failed.
struct NotificationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notifications",
        abstract: "Inspect the notifications worker's mails.",
        subcommands: [List.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "List mails: when written, status (pending, sent, failed), kind, language, address, attempts, and the SMTP server's answer to what is not sent.",
            discussion: """
                Reads the notifications database as its worker role ($BATBERN_NOTIFICATIONS_DATABASE_URL, \
                default the local batbern_notifications_worker). Addresses are personal data: the output is for operators.
                """
        )

        @Option(help: "Only mails to this address (any letter case).")
        var recipient: String?

        @Option(help: "Most mails to show, the newest.")
        var limit: Int = 100

        @Option(help: "Database URL (default: $BATBERN_NOTIFICATIONS_DATABASE_URL, then the local worker role).")
        var databaseURL: String?

        func validate() throws {
            guard (1...100_000).contains(limit) else { throw ValidationError("--limit is 1...100000") }
        }

        func run() async throws {
            let url = Settings().databaseURL(for: .notifications, override: databaseURL)
            let db = try await PostgresConnection.connect(try PostgresConnection.Configuration(url: url))
            let recipient = recipient
            let limit = limit
            do {
                let entries = try await db.transaction { db in try NotificationLog.list(recipient: recipient, limit: limit, db) }
                await db.close()
                if entries.isEmpty { print("no notifications" + (recipient == nil ? "" : " to that address")) }
                for entry in entries { print(entry.line) }
            } catch {
                await db.close()
                throw error
            }
        }
    }
}
