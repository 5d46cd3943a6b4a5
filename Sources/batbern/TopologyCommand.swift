import AMQP
import ArgumentParser
import Messaging
import WorkerHost

/// The deployment's part of the broker: what worker users may not declare.
struct TopologyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topology",
        abstract: "Declare the broker topology of every worker, or print the broker definitions.",
        subcommands: [Declare.self, Definitions.self],
        defaultSubcommand: Declare.self
    )

    struct Declare: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Declare the shared exchanges and every worker's queues, kernel exchange and bindings.",
            discussion: """
                Run it with operator credentials before the workers start (workers' own users may not declare \
                the shared exchanges), and again after adding a handler. Idempotent: it prints every \
                declaration and changes nothing that is already in place.
                """
        )

        @Option(help: "Operator's broker URL (default: $BATBERN_ADMIN_AMQP_URL, then batbern-admin on the local server).")
        var amqpURL: String?

        @OptionGroup var topology: TopologyOptions

        func run() async throws {
            let settings = Settings()
            let configuration = try topology.configuration(settings)
            var amqp = try AMQPConnection.Configuration(url: settings.adminAMQPURL(override: amqpURL))
            amqp.connectionName = "batbern-topology"
            var count = 0
            try await declareTopology(amqp: amqp, configuration: configuration, settings: settings) { declaration in
                print("declared \(declaration)")
                count += 1
            }
            print("topology in place: \(count) declarations in vhost \(amqp.vhost)")
        }
    }

    struct Definitions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the broker definitions (vhost, worker users and their permissions, shared exchanges) as JSON.",
            discussion: "deploy/rabbitmq/definitions.json is this output: regenerate it after changing what a worker handles or publishes."
        )

        @Option(help: "The vhost.")
        var vhost = "batbern"

        func run() async throws {
            print(try BrokerDefinitions(vhost: vhost).json(), terminator: "")
        }
    }
}
