import ArgumentParser
import Demo
import Foundation
import Postgres
import SagaClient
import WorkerHost

/// `batbern demo`: the three sagas, narrated, against the running system.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a narrated scenario of the three sagas against the running workers (batbern run).",
        discussion: """
            A company becomes a partner; an event gets a keynote and a talk; one speaker accepts, one \
            declines, one lets the invitation expire; five people register for three seats; a \
            cancellation promotes the waitlist; an attendance updates the partner's analytics; and \
            the trace of one registration ends it as a Mermaid diagram. Everything it creates is new \
            (fresh ids and names); nothing existing is changed.
            """
    )

    @Option(help: "Seconds to pause between steps (0 for no pauses).")
    var pace: Double = 0.8

    @Option(help: "Operator's broker URL (default: $BATBERN_ADMIN_AMQP_URL, then batbern-admin on the local server).")
    var amqpURL: String?

    func run() async throws {
        let settings = Settings()
        let bus = try await SagaBus.connect(url: settings.adminAMQPURL(override: amqpURL), routingKeys: ["#"])
        let scenario = DemoScenario(
            pace: .milliseconds(Int(max(0, pace) * 1000)),
            traceDatabases: try settings.operatorDatabases()
        ) { print($0) }
        do {
            _ = try await scenario.run(on: bus)
            await bus.close()
        } catch {
            await bus.close()
            throw error
        }
    }
}
