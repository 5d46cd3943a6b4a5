public import AMQP
public import Messaging

extension Settings {
    /// `BATBERN_ADMIN_AMQP_URL`, or the operators' user (`batbern-admin`) on
    /// the local server: for what worker users may not do (`batbern topology`)
    /// and for operators' commands (`batbern parked`).
    public func adminAMQPURL(override: String? = nil) -> String {
        override ?? environment["BATBERN_ADMIN_AMQP_URL"] ?? "amqp://batbern-admin:batbern-admin-dev-secret@127.0.0.1:5672/batbern"
    }
}

extension Topology.Configuration {
    /// Queue type and retry delays from flags (in `reader`), then the
    /// environment, then the defaults. Workers and `batbern topology` read
    /// them alike: a queue declared with other arguments than the existing
    /// one is refused.
    public init(reading reader: inout SettingsReader) {
        self.init()
        reader.read("BATBERN_QUEUE_TYPE", flag: "--queue-type", .oneOf([.quorum, .classic]), into: &queueType)
        reader.read(
            "BATBERN_RETRY_DELAYS", flag: "--retry-delays",
            .list(of: .duration(in: .milliseconds(1) ... .seconds(86_400)), maxCount: 10, noneMeans: "no retries: park at the first failure"),
            into: &retryDelays
        )
    }
}

/// Declares the shared exchanges, then every context's queues, kernel
/// exchange and bindings, reporting each declaration as it is made. Needs
/// operator credentials; idempotent.
public func declareTopology(
    amqp: AMQPConnection.Configuration, configuration: Topology.Configuration, settings: Settings,
    report: (TopologyDeclaration) -> Void
) async throws {
    let topologies = try BoundedContext.allCases.map { Topology(try $0.definition(settings: settings), configuration: configuration) }
    let connection = try await AMQPConnection.connect(amqp)
    do {
        let channel = try await connection.openChannel()
        for declaration in Topology.sharedExchanges + topologies.flatMap(\.declarations) {
            try await declaration.apply(on: channel)
            report(declaration)
        }
        try await channel.close()
        await connection.close()
    } catch {
        await connection.close()
        throw error
    }
}
