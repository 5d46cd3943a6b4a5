/// What the command line gives a worker: each flag's text as typed, nil when
/// absent. Flags are checked like the environment variables they override
/// (`--prefetch 0` is refused as `BATBERN_PREFETCH=0` is).
public struct WorkerOptions: Sendable {
    public var amqpURL: String?
    public var databaseURL: String?
    public var prefetch: String?
    public var concurrency: String?
    public var batchSize: String?
    public var queueType: String?
    public var retryDelays: String?
    public var httpHost: String?
    public var httpPort: String?
    public var logLevel: String?

    public init() {}

    /// The flags given, by their name on the command line.
    public var flags: [String: String] {
        [
            "--amqp-url": amqpURL, "--database-url": databaseURL, "--prefetch": prefetch, "--concurrency": concurrency,
            "--batch-size": batchSize, "--queue-type": queueType, "--retry-delays": retryDelays,
            "--http-host": httpHost, "--http-port": httpPort, "--log-level": logLevel,
        ].compactMapValues { $0 }
    }
}
