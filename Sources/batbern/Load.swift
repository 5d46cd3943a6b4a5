import ArgumentParser
import Foundation

/// Drives the real workers with one saga at a chosen rate and reports
/// latencies per step and the saga's invariants.
struct Load: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Drive the running workers with a saga at a fixed rate; print latencies and check invariants.",
        discussion: """
            The workers must be running (batbern run). Setup goes through the real commands; then the \
            saga's first command is sent at --rate per second for --duration seconds, not waiting for \
            answers, and every answer is read from a queue of the run's own. Exits 1 when an \
            invariant fails or answers are still missing --drain-timeout seconds after the last command.
            """,
        subcommands: [LoadRegistrations.self, LoadInvitations.self]
    )
}

/// A line on standard error, where the progress goes.
func progress(_ line: String) {
    FileHandle.standardError.write(Data("batbern load: \(line)\n".utf8))
}
