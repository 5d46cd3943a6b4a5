/// The flags of `batbern run` that its children, `batbern worker <context>`,
/// understand too. Add a flag here when RuntimeOptions gains one.
extension RuntimeOptions {
    /// As command-line arguments. The broker URL is not among them: it holds
    /// a password, and a command line is visible to every user of the machine
    /// (see `forwardedEnvironment`).
    var forwardedArguments: [String] {
        let flags: [(String, String?)] = [
            ("--prefetch", prefetch),
            ("--concurrency", concurrency),
            ("--batch-size", batchSize),
            ("--queue-type", topology.queueType),
            ("--retry-delays", topology.retryDelays),
            ("--http-host", httpHost),
            ("--log-level", logLevel),
        ]
        return flags.flatMap { flag, value in value.map { [flag, $0] } ?? [] }
    }

    /// As environment variables: the broker URL.
    var forwardedEnvironment: [String: String] {
        amqpURL.map { ["BATBERN_AMQP_URL": $0] } ?? [:]
    }
}
