public import AMQP

/// One broker object to declare: what `batbern topology` prints and a worker
/// declares at start. Declaring is idempotent, so applying them again is safe.
public enum TopologyDeclaration: Sendable, Hashable, CustomStringConvertible {
    case exchange(String, ExchangeType)
    case queue(String, QueueOptions)
    case binding(queue: String, exchange: String, routingKey: String)

    public func apply(on channel: AMQPChannel) async throws {
        switch self {
        case .exchange(let name, let type):
            try await channel.declareExchange(name, type: type, durable: true)
        case .queue(let name, let options):
            try await channel.declareQueue(name, options: options)
        case .binding(let queue, let exchange, let routingKey):
            try await channel.bindQueue(queue, exchange: exchange, routingKey: routingKey)
        }
    }

    public var description: String {
        switch self {
        case .exchange(let name, let type):
            return "exchange \(name) (\(type.name), durable)"
        case .queue(let name, let options):
            let arguments = options.arguments.map { "\($0.key)=\(Self.text($0.value))" }
            return "queue \(name) (\(arguments.joined(separator: ", ")))"
        case .binding(let queue, let exchange, let routingKey):
            return "binding \(exchange) -[\(routingKey)]-> \(queue)"
        }
    }

    private static func text(_ value: AMQPValue) -> String {
        value.stringValue ?? value.intValue.map(String.init) ?? "\(value)"
    }
}
