import ArgumentParser
import Foundation
import Logging
import WorkerHost

struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run one context's worker until SIGTERM or SIGINT (then stop gracefully and exit 0)."
    )

    @Argument(help: "The context: \(BoundedContext.allCases.map(\.rawValue).joined(separator: ", ")).")
    var context: BoundedContext

    @Option(help: "Database URL of the context's worker role (default: $BATBERN_<CONTEXT>_DATABASE_URL, then the local batbern_<context>_worker).")
    var databaseURL: String?

    @Option(help: "Port of /metrics and /health (default 9101-9105 by context, 0 for any, or $BATBERN_HTTP_PORT).")
    var httpPort: Int?

    @OptionGroup var runtime: RuntimeOptions

    func run() async throws {
        let logger = bootstrapLogging(runtime.logLevel)
        var options = try runtime.workerOptions()
        options.databaseURL = databaseURL
        options.httpPort = httpPort
        let watch = ParentWatch.start(environment: ProcessInfo.processInfo.environment, logger: logger)
        defer { watch?.cancel() }
        try await buildWorker(context, options: options, logger: logger).run()
    }
}
