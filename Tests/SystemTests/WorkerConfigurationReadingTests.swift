import AMQP
import Messaging
import Testing
import WorkerHost

/// A worker's configuration read from flags, the environment and defaults,
/// without starting anything.
@Suite struct WorkerConfigurationReadingTests {
    func read(
        _ context: BoundedContext = .companies, environment: [String: String] = [:], flags: [String: String] = [:]
    ) -> (WorkerConfiguration, [String]) {
        var reader = SettingsReader(environment: environment, flags: flags)
        let configuration = WorkerConfiguration(
            reading: &reader, name: context.rawValue, context: context, settings: Settings(environment: environment),
            defaultHTTPPort: context.defaultHTTPPort
        )
        _ = context.definition(reading: &reader)
        return (configuration, reader.problems)
    }

    @Test func nothingSetGivesTheDocumentedDefaults() {
        let (configuration, problems) = read()
        #expect(problems == [])
        #expect(configuration.consumer.prefetch == 64)
        #expect(configuration.consumer.concurrency == 2)
        #expect(configuration.consumer.batchSize == 32)
        #expect(configuration.topology.queueType == .quorum)
        #expect(configuration.topology.retryDelays == [.seconds(1), .seconds(10), .seconds(60)])
        #expect(configuration.http?.host == "127.0.0.1")
        #expect(configuration.http?.port == 9101)
        #expect(configuration.amqp.user == "batbern-companies")
        #expect(configuration.database.database == "batbern_companies")
        #expect(configuration.maxMessageBytes == 1 << 20)
        #expect(configuration.maxDeliveries == 5)
        #expect(configuration.shutdownTimeout == .seconds(25))
        #expect(configuration.stallTimeout == .seconds(120))
    }

    @Test func theKernelLimitsAreRead() {
        let (configuration, problems) = read(environment: [
            "BATBERN_MAX_MESSAGE_BYTES": "512KiB", "BATBERN_MAX_DELIVERIES": "3",
            "BATBERN_SHUTDOWN_TIMEOUT": "10s", "BATBERN_STALL_TIMEOUT": "5m",
        ])
        #expect(problems == [])
        #expect(configuration.maxMessageBytes == 512 * 1024)
        #expect(configuration.maxDeliveries == 3)
        #expect(configuration.shutdownTimeout == .seconds(10))
        #expect(configuration.stallTimeout == .seconds(300))
        let (_, refused) = read(environment: [
            "BATBERN_MAX_MESSAGE_BYTES": "64MiB", "BATBERN_MAX_DELIVERIES": "0", "BATBERN_SHUTDOWN_TIMEOUT": "0s",
            "BATBERN_STALL_TIMEOUT": "soon",
        ])
        #expect(
            refused.map { $0.prefix { $0 != ":" } } == [
                "BATBERN_MAX_MESSAGE_BYTES", "BATBERN_MAX_DELIVERIES", "BATBERN_SHUTDOWN_TIMEOUT", "BATBERN_STALL_TIMEOUT",
            ])
    }

    @Test func theEnvironmentIsReadAndFlagsWin() {
        let (configuration, problems) = read(
            environment: [
                "BATBERN_PREFETCH": "10", "BATBERN_CONCURRENCY": "4", "BATBERN_BATCH_SIZE": "8", "BATBERN_QUEUE_TYPE": "classic",
                "BATBERN_RETRY_DELAYS": "none", "BATBERN_HTTP_HOST": "0.0.0.0", "BATBERN_HTTP_PORT": "0",
                "BATBERN_AMQP_URL": "amqp://someone:secret@rabbit:5672/batbern",
            ], flags: ["--prefetch": "5", "--http-port": "9200"])
        #expect(problems == [])
        #expect(configuration.consumer.prefetch == 5)
        #expect(configuration.consumer.concurrency == 4)
        #expect(configuration.consumer.batchSize == 8)
        #expect(configuration.topology.queueType == .classic)
        #expect(configuration.topology.retryDelays == [], "none: park at the first failure")
        #expect(configuration.http?.host == "0.0.0.0")
        #expect(configuration.http?.port == 9200)
        #expect(configuration.amqp.host == "rabbit")
    }

    @Test func everyProblemIsCollectedWithTheNameItCameUnder() {
        let (_, problems) = read(
            .speakers,
            environment: [
                "BATBERN_PREFETCH": "0", "BATBERN_QUEUE_TYPE": "mirrored", "BATBERN_SPEAKERS_REMINDER_OFFSETS_SECONDS": "60,-5",
                "BATBERN_SPEAKERS_DATABASE_URL": "mysql://speakers:hunter2@db/speakers",
            ], flags: ["--concurrency": "0", "--amqp-url": "http://u:hunter2@rabbit/batbern"])
        #expect(
            problems.map { $0.prefix { $0 != ":" } } == [
                "--amqp-url", "BATBERN_SPEAKERS_DATABASE_URL", "BATBERN_PREFETCH", "--concurrency", "BATBERN_QUEUE_TYPE",
                "BATBERN_SPEAKERS_REMINDER_OFFSETS_SECONDS",
            ])
        #expect(!problems.joined().contains("hunter2"))
    }
}
