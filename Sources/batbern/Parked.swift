import AMQP
import ArgumentParser
import Foundation
import Messaging
import Operations
import WorkerHost

struct Parked: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inspect, replay and delete a worker's parked messages.",
        discussion: """
            Looking consumes nothing: list, groups and show take each message with basic.get and give \
            it back with one nack (requeue), in order.
            """,
        subcommands: [List.self, Groups.self, Show.self, Replay.self, Delete.self]
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

        /// Up to `limit` parked messages, each given back at once.
        func entries(limit: Int) async throws -> (ParkingLot, [ParkingLot.Entry]) {
            let (lot, configuration) = try lot()
            let connection = try await AMQPConnection.connect(configuration)
            do {
                let entries = try await lot.list(connection, limit: limit)
                await connection.close()
                return (lot, entries)
            } catch {
                await connection.close()
                throw error
            }
        }
    }

    /// A replay's or a delete's choice: one message, a group, or all.
    struct Selection: ParsableArguments {
        @Option(help: "Only the message with this id.")
        var messageId: String?

        @Option(help: "Only messages parked for this reason (see `parked groups`).")
        var reason: String?

        @Option(help: "Only messages of this type: a routing key (speakers.InviteSpeaker) or a bare type.")
        var type: String?

        @Flag(help: "Every parked message.")
        var all = false

        var selection: ParkedSelection { ParkedSelection(messageId: messageId, reason: reason, type: type, all: all) }

        func validate() throws {
            if let problem = selection.problem { throw ValidationError(problem) }
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

        @Flag(help: "Print each message's body too, personal fields masked (see `parked show`).")
        var bodies = false

        func run() async throws {
            let (lot, entries) = try await target.entries(limit: limit)
            if entries.isEmpty { print("no parked messages in \(lot.topology.parkingQueue)") }
            for entry in entries {
                print(
                    "\(entry.messageId ?? "-")  \(entry.routingKey)  reason=\(entry.reason)  attempts=\(entry.attempts)  parked=\(entry.parkedAt ?? "-")"
                )
                if !entry.error.isEmpty { print("    \(entry.error)") }
                if bodies { print("    " + PersonalDataMask.render(entry.body, reveal: false).replacingOccurrences(of: "\n", with: "\n    ")) }
            }
        }
    }

    struct Groups: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Parked messages grouped by reason and message type: count, oldest and newest.",
            discussion: "Replay or delete a group with --reason and --type. Nothing is consumed by looking."
        )

        @OptionGroup var target: Target

        @Option(help: "Most messages to look at.")
        var limit: Int = 10_000

        func run() async throws {
            let (lot, entries) = try await target.entries(limit: limit)
            let groups = ParkedGroup.groups(of: entries)
            if groups.isEmpty {
                print("no parked messages in \(lot.topology.parkingQueue)")
                return
            }
            print(ParkedGroup.table(groups, now: Date()))
            print("\(entries.count) parked message(s) in \(groups.count) group(s)\(entries.count == limit ? " (the first \(limit))" : "")")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One parked message: its properties, headers and body.",
            discussion: """
                Personal fields (\(PersonalFields.masked.sorted().joined(separator: ", "))) and anything that \
                looks like an email are shown as \(PersonalDataMask.placeholder) unless --reveal.
                """
        )

        @OptionGroup var target: Target

        @Argument(help: "The message id (see `parked list`).")
        var messageId: String

        @Flag(help: "Show personal fields as they are.")
        var reveal = false

        @Option(help: "Most messages to look through.")
        var limit: Int = 10_000

        func run() async throws {
            let (lot, entries) = try await target.entries(limit: limit)
            guard let entry = entries.first(where: { $0.messageId == messageId }) else {
                print("no message \(messageId) in \(lot.topology.parkingQueue)")
                throw ExitCode.failure
            }
            print(ParkedMessageView(entry: entry, reveal: reveal).text)
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

        @OptionGroup var choice: Selection

        @Option(help: "Days the workers keep inbox rows (default: the relay's default, 7).")
        var inboxRetentionDays: Double?

        func validate() throws {
            if let days = inboxRetentionDays, !(days > 0 && days < 100_000) {
                throw ValidationError("--inbox-retention-days is a positive number of days")
            }
        }

        func run() async throws {
            let (lot, configuration) = try target.lot()
            let selection = choice.selection
            let retention = inboxRetentionDays.map { Duration.seconds($0 * 86_400) } ?? OutboxRelay.Configuration().inboxRetention
            let connection = try await AMQPConnection.connect(configuration)
            do {
                let count = try await lot.replay(connection, where: selection.matches, inboxRetention: retention)
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

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete parked messages for good, after confirmation.",
            discussion: """
                Says how many messages of which groups it would delete and asks; only `yes` (or --yes, \
                for scripts) deletes them. While it asks, they are held, not gone: anything else, or no \
                answer, gives them back untouched.
                """
        )

        @OptionGroup var target: Target

        @OptionGroup var choice: Selection

        @Flag(help: "Delete without asking.")
        var yes = false

        func run() async throws {
            let (lot, configuration) = try target.lot()
            let selection = choice.selection
            let connection = try await AMQPConnection.connect(configuration)
            do {
                let removed = try await lot.remove(connection, where: selection.matches) { picked in
                    guard !picked.isEmpty, !yes else { return }
                    print("about to delete \(picked.count) parked message(s) of \(lot.topology.parkingQueue):")
                    print(ParkedGroup.table(ParkedGroup.groups(of: picked), now: Date()))
                    print("delete them for good? type yes: ", terminator: "")
                    fflush(nil)
                    guard readLine(strippingNewline: true)?.lowercased() == "yes" else { throw DeletionDeclined() }
                }
                await connection.close()
                print("deleted \(removed.count) message(s) (\(selection)) from \(lot.topology.parkingQueue)")
            } catch is DeletionDeclined {
                await connection.close()
                print("\nnothing deleted")
                throw ExitCode.failure
            } catch {
                await connection.close()
                throw error
            }
        }
    }

    /// The operator did not confirm a deletion.
    struct DeletionDeclined: Error {}
}
