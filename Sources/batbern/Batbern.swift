import ArgumentParser

/// The one executable: parses arguments and hands over to WorkerHost.
@main
struct Batbern: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batbern",
        abstract: "BATbern message-driven workers.",
        subcommands: [
            Run.self, WorkerCommand.self, Migrate.self, TopologyCommand.self, Send.self, Status.self, Trace.self, DemoCommand.self,
            Load.self, Parked.self, Probe.self, NotificationsCommand.self,
        ]
    )
}
