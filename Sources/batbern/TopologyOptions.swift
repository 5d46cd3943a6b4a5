import AMQP
import ArgumentParser
import WorkerHost

/// The queue arguments workers and `batbern topology` must agree on: the
/// broker refuses to declare a queue again with other arguments.
struct TopologyOptions: ParsableArguments {
    @Option(help: "Queue type for work, retry and parking queues: quorum (default) or classic (or $BATBERN_QUEUE_TYPE).")
    var queueType: String?

    @Option(help: "Retry delays before parking, e.g. 1s,10s,60s (the default), or $BATBERN_RETRY_DELAYS.")
    var retryDelays: String?

    func apply(to options: inout WorkerOptions) throws {
        if let queueType {
            guard let type = QueueOptions.QueueType(rawValue: queueType) else {
                throw ValidationError("--queue-type is quorum or classic")
            }
            options.queueType = type
        }
        options.retryDelays = try retryDelays.map(parseDurations)
    }
}
