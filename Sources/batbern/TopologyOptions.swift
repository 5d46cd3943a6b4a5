import ArgumentParser
import Messaging
import WorkerHost

/// The queue arguments workers and `batbern topology` must agree on: the
/// broker refuses to declare a queue again with other arguments. Text, checked
/// by the settings reader like the variables they override.
struct TopologyOptions: ParsableArguments {
    @Option(help: "Queue type for work, retry and parking queues: quorum (default) or classic (or $BATBERN_QUEUE_TYPE).")
    var queueType: String?

    @Option(help: "Retry delays before parking, e.g. 1s,10s,60s (the default), none to park at once, or $BATBERN_RETRY_DELAYS.")
    var retryDelays: String?

    /// The queue type and retry delays these flags (then the environment)
    /// give; a bad one stops the command with status 64.
    func configuration(_ settings: Settings) throws -> Topology.Configuration {
        var options = WorkerOptions()
        options.queueType = queueType
        options.retryDelays = retryDelays
        return try readSettings(options, settings) { reader in Topology.Configuration(reading: &reader) }
    }
}
