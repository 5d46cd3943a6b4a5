import Foundation
import Messaging

/// The broker definitions of a deployment (RabbitMQ's definitions file):
/// the vhost, one user per worker with the permissions its code needs, the
/// operators' user (`batbern topology`, `batbern parked`), and the shared
/// exchanges. `batbern topology definitions` prints it;
/// deploy/rabbitmq/definitions.json is that output, and a test fails when
/// they differ. Passwords are placeholders the deployment replaces.
public struct BrokerDefinitions: Encodable, Sendable {
    struct VirtualHost: Encodable, Sendable {
        let name: String
    }

    struct User: Encodable, Sendable {
        let name: String
        let password: String
        let tags: [String]
    }

    struct Permission: Encodable, Sendable {
        let user: String
        let vhost: String
        let configure: String
        let write: String
        let read: String
    }

    struct TopicPermission: Encodable, Sendable {
        let user: String
        let vhost: String
        let exchange: String
        let write: String
        let read: String
    }

    struct Exchange: Encodable, Sendable {
        let name: String
        let vhost: String
        let type: String
        let durable = true
        let autoDelete = false
        let `internal` = false
        let arguments: [String: String] = [:]

        enum CodingKeys: String, CodingKey {
            case name, vhost, type, durable
            case autoDelete = "auto_delete"
            case `internal`, arguments
        }
    }

    let vhosts: [VirtualHost]
    let users: [User]
    let permissions: [Permission]
    let topicPermissions: [TopicPermission]
    let exchanges: [Exchange]

    enum CodingKeys: String, CodingKey {
        case vhosts, users, permissions
        case topicPermissions = "topic_permissions"
        case exchanges
    }

    /// The operators' user: declares the topology before the workers start
    /// and handles parked messages; full rights on the vhost, none elsewhere.
    public static let operatorUser = "batbern-admin"

    /// Every context's worker user in `vhost` (default `batbern`), and the operators'.
    public init(vhost: String = "batbern") throws {
        let workers = try BoundedContext.allCases.map { context in
            BrokerPermissions(try context.definition(settings: Settings(environment: [:])), user: context.brokerUser)
        }
        vhosts = [VirtualHost(name: vhost)]
        users =
            BoundedContext.allCases.map { User(name: $0.brokerUser, password: "change-me-\($0.rawValue)", tags: []) }
            + [User(name: Self.operatorUser, password: "change-me-operator", tags: ["administrator"])]
        permissions =
            workers.map {
                Permission(user: $0.user, vhost: vhost, configure: $0.configure, write: $0.write, read: $0.read)
            } + [Permission(user: Self.operatorUser, vhost: vhost, configure: ".*", write: ".*", read: ".*")]
        topicPermissions = workers.flatMap { worker in
            worker.topics.map {
                TopicPermission(user: worker.user, vhost: vhost, exchange: $0.exchange, write: $0.write, read: $0.read)
            }
        }
        exchanges = Topology.sharedExchanges.compactMap {
            guard case .exchange(let name, let type) = $0 else { return nil }
            return Exchange(name: name, vhost: vhost, type: type.name)
        }
    }

    /// The JSON of the definitions file: keys sorted, so the file is stable.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}
