import ArgumentParser
import FlowTrace
import Foundation
import Identifiers
import Postgres
import WorkerHost

/// `batbern trace`: one flow across every context, from their kernel tables.
struct Trace: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a flow (a correlation id, or any message id in it) across every context as a timeline.",
        discussion: """
            Reads each context's inbox, outbox, timers and failures journal as the operators' role \
            ($BATBERN_<CONTEXT>_OPERATOR_DATABASE_URL, default batbern_operator on the local server), \
            which sees no message bodies. What is older than the inbox retention (7 days) is pruned.
            """
    )

    @Argument(help: "A correlation id, or the id of any message of the flow.")
    var id: String

    @Flag(help: "Print a Mermaid sequence diagram instead of the table.")
    var mermaid = false

    @Flag(help: "Print the records as JSON, one per line.")
    var json = false

    func run() async throws {
        guard let id = Identifier(id) else { throw ValidationError("the id must be a UUID") }
        let settings = Settings()
        let timeline = try await FlowTracer.timeline(
            of: id,
            databases: try settings.operatorDatabases()
        )
        if json {
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.sortedKeys]
            for entry in timeline.entries { print(String(decoding: try encoder.encode(entry.record), as: UTF8.self)) }
        } else {
            print(mermaid ? MermaidDiagram.render(timeline) : TimelineText.render(timeline), terminator: "")
        }
        if timeline.entries.isEmpty { throw ExitCode(2) }
    }
}
