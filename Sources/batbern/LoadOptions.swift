import ArgumentParser
import Foundation
import LoadGenerator
import SagaClient
import WorkerHost

/// What every `batbern load` saga takes: the offer, how long to wait for
/// the answers, where the broker is, and how to print the figures.
struct LoadOptions: ParsableArguments {
    @Option(help: "Sagas started per second, whatever the answers do (open loop).")
    var rate: Double = 100

    @Option(help: "Seconds to start sagas for.")
    var duration: Double = 10

    @Option(help: "Seconds to wait for the last answers once everything is sent; missing answers then fail the run.")
    var drainTimeout: Double = 60

    @Option(help: "Seconds each answer may take while the run sets up its companies, speakers and events.")
    var setupTimeout: Double = 30

    @Option(help: "Seconds to keep listening after the last answer, for answers given twice.")
    var settle: Double = 1

    @Flag(help: "Print the figures as one JSON object on standard output (progress stays on standard error).")
    var json = false

    @Option(help: "Operator's broker URL (default: $BATBERN_ADMIN_AMQP_URL, then batbern-admin on the local server).")
    var amqpURL: String?

    func validate() throws {
        guard rate > 0, rate <= 1_000_000 else { throw ValidationError("--rate is a positive number of sagas per second") }
        guard duration > 0, duration <= 86_400 else { throw ValidationError("--duration is a positive number of seconds, at most a day") }
        guard drainTimeout >= 0, drainTimeout <= 86_400 else { throw ValidationError("--drain-timeout is 0 to 86400 seconds") }
        guard settle >= 0, settle <= 3600 else { throw ValidationError("--settle is 0 to 3600 seconds") }
        guard setupTimeout > 0, setupTimeout <= 3600 else { throw ValidationError("--setup-timeout is a positive number of seconds, at most 3600") }
    }

    var schedule: PacingSchedule { PacingSchedule(rate: rate, duration: .seconds(duration)) }

    private var url: String { Settings().adminAMQPURL(override: amqpURL) }

    func driver(_ bus: SagaBus, endsSaga: @escaping @Sendable (ObservedMessage) -> Bool) -> LoadDriver {
        LoadDriver(bus: bus, schedule: schedule, drainTimeout: .seconds(drainTimeout), settle: .seconds(settle), endsSaga: endsSaga)
    }

    /// Connects with the run's queue bound to `routingKeys` (and setup's
    /// answers), has `drive` set up and run the saga, then prints the report.
    func run(routingKeys: [String], _ drive: (SagaBus) async throws -> LoadReport) async throws {
        let bus = try await SagaBus.connect(url: url, routingKeys: SagaSetup.routingKeys + routingKeys)
        let report: LoadReport
        do {
            report = try await drive(bus)
        } catch {
            await bus.close()
            throw error
        }
        await bus.close()
        try finish(report)
    }

    /// Prints the report (JSON or text) and fails the command when an
    /// invariant does not hold or answers are missing.
    private func finish(_ report: LoadReport) throws {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.text)
        }
        if !report.passed { throw ExitCode.failure }
    }
}
