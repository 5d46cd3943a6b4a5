import ArgumentParser

/// The queue arguments workers and `batbern topology` must agree on: the
/// broker refuses to declare a queue again with other arguments. Text, checked
/// by the settings reader like the variables they override.
struct TopologyOptions: ParsableArguments {
    @Option(help: "Queue type for work, retry and parking queues: quorum (default) or classic (or $BATBERN_QUEUE_TYPE).")
    var queueType: String?

    @Option(help: "Retry delays before parking, e.g. 1s,10s,60s (the default), none to park at once, or $BATBERN_RETRY_DELAYS.")
    var retryDelays: String?
}
