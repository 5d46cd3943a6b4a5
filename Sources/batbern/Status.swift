import AMQP
import ArgumentParser
import Foundation
import Messaging
import Operations
import WorkerHost

/// Every worker at a glance, for a person (`--watch`) or for cron and CI
/// (the exit status).
struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "One row per worker: ready, consumers, queue depth, retries, parked, outbox, timers, rate and p99.",
        discussion: """
            READY is the worker's /health/ready (down: nothing answered). CONSUMERS and QUEUE are its \
            work queue's, RETRYING its retry queues' depths (shortest delay first), PARKED its parking \
            queue's: passive declares as the operators' broker user ($BATBERN_ADMIN_AMQP_URL). OUTBOX \
            is its unsent rows and OLDEST the oldest one's age, TIMERS DUE its timers due and not fired: \
            from its database as the read-only operator role ($BATBERN_<CONTEXT>_OPERATOR_DATABASE_URL, \
            default batbern_operator on the local server). HANDLED/S and P99 (handler time, estimated \
            from the histogram's buckets) are over --interval, from two scrapes of its /metrics. \
            Exit status 1 when something needs attention (not ready or down, no consumer, parked \
            messages, an unsent row older than --max-outbox-age, a timer due over 5 s ago, a figure that cannot be \
            read), else 0. With --watch it redraws every --interval until interrupted.
            """
    )

    @Flag(help: "Redraw every --interval until interrupted.")
    var watch = false

    @Option(help: "Window of the rates, and the redraw period with --watch, e.g. 1s (the default) or 500ms.")
    var interval = "1s"

    @Option(help: "An unsent outbox row older than this needs attention, e.g. 5s (the default).")
    var maxOutboxAge = "5s"

    @Option(help: "Operator's broker URL (default: $BATBERN_ADMIN_AMQP_URL, then batbern-admin on the local server).")
    var amqpURL: String?

    @Option(help: "IPv4 address of the workers' /metrics and /health (default 127.0.0.1).")
    var httpHost = "127.0.0.1"

    @Option(help: "HTTP port of the companies worker; partners, events, speakers and attendees have the next four (default 9101, as `batbern run`).")
    var httpPortBase = 9101

    @OptionGroup var topology: TopologyOptions

    static let durations = SettingParser.duration(in: .milliseconds(100) ... .seconds(3600))

    func validate() throws {
        for (flag, text) in [("--interval", interval), ("--max-outbox-age", maxOutboxAge)] {
            if case .failure = Self.durations.parse(text) { throw ValidationError("\(flag) is \(Self.durations.allowed)") }
        }
        guard (1...(65536 - BoundedContext.allCases.count)).contains(httpPortBase) else {
            throw ValidationError("--http-port-base is 1...\(65536 - BoundedContext.allCases.count)")
        }
        if case .failure = SettingParser.ipv4Address.parse(httpHost) { throw ValidationError("--http-host is an IPv4 address") }
    }

    func run() async throws {
        let settings = Settings()
        let topologyConfiguration = try topology.configuration(settings)
        var amqp = try AMQPConnection.Configuration(url: settings.adminAMQPURL(override: amqpURL))
        amqp.connectionName = "batbern-status"
        let reader = StatusReader(
            contexts: BoundedContext.allCases, topology: topologyConfiguration, amqp: amqp, settings: settings,
            httpHost: httpHost, httpPortBase: httpPortBase
        )
        let period = (try? Self.durations.parse(interval).get()) ?? .seconds(1)
        var thresholds = WorkerStatus.Thresholds()
        if case .success(let age) = Self.durations.parse(maxOutboxAge) { thresholds.outboxOldest = StatusReader.seconds(age) }

        var since = ContinuousClock.now
        var before = reader.scrape()
        while true {
            let (rows, after, at) = await reader.rows(before: before, since: since, waitingUntil: since + period)
            let report = StatusReport(rows: rows, thresholds: thresholds)
            guard watch else {
                print(report.text)
                if report.needsAttention { throw ExitCode.failure }
                return
            }
            // Home and clear, then the table with the time it was read.
            print("\u{1B}[H\u{1B}[2J" + MessageCoding.formatTimestamp(Date()) + "  (every \(interval); Ctrl-C stops)\n" + report.text)
            fflush(nil)  // a pipe is block-buffered, and Ctrl-C ends the process
            (before, since) = (after, at)
        }
    }
}
