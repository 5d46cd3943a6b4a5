import ArgumentParser
import Foundation
import Logging
import Messaging
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

    @Option(help: "Port of /metrics and /health (default 9101-9106 by context, 0 for any, or $BATBERN_HTTP_PORT).")
    var httpPort: String?

    @OptionGroup var runtime: RuntimeOptions

    func run() async throws {
        var options = runtime.workerOptions()
        options.databaseURL = databaseURL
        options.httpPort = httpPort
        let settings = Settings()
        let ((level, format), configuration, definition) = try readSettings(options, settings) { reader in
            (
                (reader.logLevel(), reader.logFormat()),
                WorkerConfiguration(
                    reading: &reader, name: context.rawValue, context: context, settings: settings,
                    defaultHTTPPort: context.defaultHTTPPort
                ), context.definition(reading: &reader)
            )
        }
        let logger = bootstrapLogging(level, format: format)
        let watch = ParentWatch.start(environment: settings.environment, logger: logger)
        defer { watch?.cancel() }
        let export = try TracingExport.start(
            serviceName: "batbern-\(context.rawValue)", environment: settings.environment, logger: logger
        )
        try await Worker(definition, configuration: configuration, logger: logger).run(alongside: export.map { [$0] } ?? [])
    }
}
