/// A shared exchange a worker needs does not exist: the deployment has not
/// declared the topology (and the worker's own user may not).
public struct TopologyMissing: Error, Sendable, CustomStringConvertible {
    public let exchange: String

    public var description: String {
        "exchange \(exchange) does not exist: the deployment declares the shared topology; "
            + "run `batbern topology` with operator credentials before starting workers"
    }
}
