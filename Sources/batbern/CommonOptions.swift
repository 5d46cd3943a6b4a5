import ArgumentParser
import Foundation
import Logging
import Messaging
import WorkerHost

/// Flags every running worker understands.
struct RuntimeOptions: ParsableArguments {
    @Option(help: "Broker URL (default: $BATBERN_AMQP_URL, then the worker's own user on the local server).")
    var amqpURL: String?

    @Option(help: "Unacked deliveries per lane (default 64, or $BATBERN_PREFETCH).")
    var prefetch: Int?

    @Option(help: "Consumer lanes, each with a database connection (default 2, or $BATBERN_CONCURRENCY).")
    var concurrency: Int?

    @Option(help: "Most messages handled in one transaction (default 32, or $BATBERN_BATCH_SIZE).")
    var batchSize: Int?

    @OptionGroup var topology: TopologyOptions

    @Option(help: "Address of the /metrics and /health endpoint (default 127.0.0.1).")
    var httpHost: String?

    @Option(help: "Log level: trace, debug, info (default), notice, warning, error (or $BATBERN_LOG_LEVEL).")
    var logLevel: String?

    func workerOptions() throws -> WorkerOptions {
        var options = WorkerOptions()
        options.amqpURL = amqpURL
        options.prefetch = prefetch
        options.concurrency = concurrency
        options.batchSize = batchSize
        try topology.apply(to: &options)
        options.httpHost = httpHost
        return options
    }
}


/// Logs to stderr at the chosen level, once per process.
func bootstrapLogging(_ level: String?) -> Logger {
    let chosen = level ?? ProcessInfo.processInfo.environment["BATBERN_LOG_LEVEL"] ?? "info"
    let logLevel = Logger.Level(rawValue: chosen) ?? .info
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = logLevel
        return handler
    }
    return Logger(label: "batbern")
}
