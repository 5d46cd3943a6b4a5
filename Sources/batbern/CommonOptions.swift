import ArgumentParser
import Foundation
import Logging
import Messaging
import WorkerHost

/// Flags every running worker understands. Taken as text and checked like
/// the environment variables they override, so `--prefetch 0` is refused
/// with the same line as `BATBERN_PREFETCH=0`.
struct RuntimeOptions: ParsableArguments {
    @Option(help: "Broker URL (default: $BATBERN_AMQP_URL, then the worker's own user on the local server).")
    var amqpURL: String?

    @Option(help: "Unacked deliveries per lane, 1...65535 (default 64, or $BATBERN_PREFETCH).")
    var prefetch: String?

    @Option(help: "Consumer lanes, each with a database connection, 1...64 (default 2, or $BATBERN_CONCURRENCY).")
    var concurrency: String?

    @Option(help: "Most messages handled in one transaction, 1...1000 (default 32, or $BATBERN_BATCH_SIZE).")
    var batchSize: String?

    @OptionGroup var topology: TopologyOptions

    @Option(help: "IPv4 address of the /metrics and /health endpoint (default 127.0.0.1, or $BATBERN_HTTP_HOST).")
    var httpHost: String?

    @Option(help: "Log level: trace, debug, info (default), notice, warning, error, critical (or $BATBERN_LOG_LEVEL).")
    var logLevel: String?

    func workerOptions() -> WorkerOptions {
        var options = WorkerOptions()
        options.amqpURL = amqpURL
        options.prefetch = prefetch
        options.concurrency = concurrency
        options.batchSize = batchSize
        options.queueType = topology.queueType
        options.retryDelays = topology.retryDelays
        options.httpHost = httpHost
        options.logLevel = logLevel
        return options
    }
}

extension SettingsReader {
    /// `--log-level` or `BATBERN_LOG_LEVEL`; info by default.
    mutating func logLevel() -> Logger.Level {
        read("BATBERN_LOG_LEVEL", flag: "--log-level", .oneOf(Logger.Level.allCases)) ?? .info
    }

    /// `BATBERN_LOG_FORMAT`: text by default, json for one object per line.
    mutating func logFormat() -> LogFormat {
        read("BATBERN_LOG_FORMAT", .oneOf(LogFormat.allCases)) ?? .text
    }
}

/// Reads the command's settings with `read`, all of them, before anything
/// connects; if any is bad, writes one line per problem to standard error
/// and stops with exit status 64 (EX_USAGE, as in sysexits.h).
func readSettings<Value>(
    _ options: WorkerOptions, _ settings: Settings, _ read: (inout SettingsReader) -> Value
) throws -> Value {
    var reader = SettingsReader(environment: settings.environment, flags: options.flags)
    let value = read(&reader)
    do {
        try reader.validate()
    } catch {
        FileHandle.standardError.write(Data(error.problems.map { "batbern: \($0)\n" }.joined().utf8))
        throw ExitCode.validationFailure
    }
    return value
}

/// Logs to stderr at `level` in `format`, once per process.
func bootstrapLogging(_ level: Logger.Level, format: LogFormat) -> Logger {
    LoggingSystem.bootstrap { label in format.standardErrorHandler(label: label, level: level) }
    return Logger(label: "batbern")
}
