public import AMQP
import Foundation
public import WorkerHost

/// A vhost of a test's own on the local broker, so that real worker and
/// queue names meet no other test's; the admin has full rights in it, and
/// with `definitions` it also has the deployment's worker permissions and
/// shared exchanges (deploy/rabbitmq/definitions.json). test.sh removes
/// `test-*` vhosts before a run.
public struct BrokerSandbox: Sendable {
    public let vhost: String

    public static func make(definitions: Bool = false) async throws -> BrokerSandbox {
        let vhost = "test-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
        try await runLocalScript("rabbitmq.sh", "ctl", "add_vhost", vhost)
        try await runLocalScript("rabbitmq.sh", "ctl", "set_permissions", "-p", vhost, "batbern-admin", ".*", ".*", ".*")
        if definitions { try await runLocalScript("rabbitmq.sh", "apply-definitions", vhost) }
        return BrokerSandbox(vhost: vhost)
    }

    /// The admin's URL for this vhost (for `batbern` commands a test runs).
    public var adminURL: String {
        let base = TestServers.amqpURL
        let root = base.range(of: "/", options: .backwards).map { String(base[..<$0.lowerBound]) } ?? base
        return "\(root)/\(vhost)"
    }

    public func admin(name: String = "tests") throws -> AMQPConnection.Configuration {
        var configuration = try TestServers.amqpConfiguration(name: name)
        configuration.vhost = vhost
        return configuration
    }

    /// A context's own broker user in this vhost.
    public func worker(_ context: BoundedContext) throws -> AMQPConnection.Configuration {
        var configuration = try TestServers.workerAMQPConfiguration(context)
        configuration.vhost = vhost
        return configuration
    }

}
