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

        @Option(help: "Broker URL (default: $BATBERN_AMQP_URL, then the worker's own user on the local server).")
        var amqpURL: String?

        func lot() throws -> (ParkingLot, AMQPConnection.Configuration) {
            let settings = Settings()
            let context = BoundedContext(rawValue: worker)
            var configuration = try AMQPConnection.Configuration(url: settings.amqpURL(for: context, override: amqpURL))
            configuration.connectionName = "batbern-parked-\(worker)"
            return (ParkingLot(topology: Topology(worker: worker, bindings: [])), configuration)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List parked messages without removing them.")

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
                print("\(entry.messageId ?? "-")  \(entry.routingKey)  reason=\(entry.reason)  attempts=\(entry.attempts)  parked=\(entry.parkedAt ?? "-")")
                if !entry.error.isEmpty { print("    \(entry.error)") }
                if bodies { print("    \(String(decoding: entry.body, as: UTF8.self))") }
            }
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send parked messages back to the work queue with a fresh attempt count."
        )

        @OptionGroup var target: Target

        @Option(help: "Replay only the message with this id.")
        var messageId: String?

        @Flag(help: "Replay every parked message.")
        var all = false

        func validate() throws {
            guard all != (messageId != nil) else { throw ValidationError("give --message-id or --all") }
        }

        func run() async throws {
            let (lot, configuration) = try target.lot()
            let connection = try await AMQPConnection.connect(configuration)
            let count = try await lot.replay(connection, messageId: messageId)
            await connection.close()
            print("replayed \(count) message(s) to \(lot.topology.workQueue)")
        }
    }
}
