import ArgumentParser
import WorkerHost

@main
struct Batbern: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batbern",
        abstract: "BATbern message-driven workers."
    )
}
