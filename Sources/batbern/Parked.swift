import AMQP
import ArgumentParser
import Foundation
import Messaging
import WorkerHost

struct Parked: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inspect and replay a worker's parked messages.",
        subcommands: [List.self, Replay.self]
    )

    struct Target: ParsableArguments {
        @Argument(help: "The worker (queue) name: a context, or a probe's name.")
        var worker: String

        @Option(help: "Operator's broker URL (default: $BATBERN_ADMIN_AMQP_URL, then batbern-admin on the local server).")
        var amqpURL: String?

        func lot() throws -> (ParkingLot, AMQPConnection.Configuration) {
            var configuration = try AMQPConnection.Configuration(url: Settings().adminAMQPURL(override: amqpURL))
            configuration.connectionName = "batbern-parked-\(worker)"
            return (ParkingLot(topology: Topology(worker: worker, bindings: [])), configuration)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List parked messages without removing them.",
            discussion: "Each listed message is given back at once; nothing is consumed, changed or dropped."
        )

        @OptionGroup var target: Target

        @Option(help: "Most messages to show.")
        var limit: Int = 100

        @Flag(help: "Print each message's body too.")
        var bodies = false

        func run() async throws {
            let (lot, configuration) = try target.lot()
            let connection = try await AMQPConnection.connect(configuration)
            let entries = try await lot.list(connection, limit: limit)
            await connection.close()
            if entries.isEmpty { print("no parked messages in \(lot.topology.parkingQueue)") }
            for entry in entries {
                print(
                    "\(entry.messageId ?? "-")  \(entry.routingKey)  reason=\(entry.reason)  attempts=\(entry.attempts)  parked=\(entry.parkedAt ?? "-")"
                )
                if !entry.error.isEmpty { print("    \(entry.error)") }
                if bodies { print("    \(String(decoding: entry.body, as: UTF8.self))") }
            }
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send parked messages back to the work queue with a fresh attempt count.",
            discussion: """
                A message parked longer ago than the inbox retention stays parked: the worker may have \
                forgotten that it handled it, so replaying it could apply it twice.
                """
        )

        @OptionGroup var target: Target

        @Option(help: "Replay only the message with this id.")
        var messageId: String?

        @Flag(help: "Replay every parked message.")
        var all = false

        @Option(help: "Days the workers keep inbox rows (default: the relay's default, 7).")
        var inboxRetentionDays: Double?

        func validate() throws {
            guard all != (messageId != nil) else { throw ValidationError("give --message-id or --all") }
            if let days = inboxRetentionDays, !(days > 0 && days < 100_000) {
                throw ValidationError("--inbox-retention-days is a positive number of days")
            }
        }

        func run() async throws {
            let (lot, configuration) = try target.lot()
            let retention = inboxRetentionDays.map { Duration.seconds($0 * 86_400) } ?? OutboxRelay.Configuration().inboxRetention
            let connection = try await AMQPConnection.connect(configuration)
            do {
                let count = try await lot.replay(connection, messageId: messageId, inboxRetention: retention)
                await connection.close()
                print("replayed \(count) message(s) to \(lot.topology.workQueue)")
            } catch let refused as ReplayRefused {
                await connection.close()
                print("replayed \(refused.replayed) message(s) to \(lot.topology.workQueue)")
                print(refused)
                throw ExitCode.failure
            } catch {
                await connection.close()
                throw error
            }
        }
    }
}
