import AMQP
import ArgumentParser
import Foundation
import Identifiers
import Messaging
import WorkerHost

/// Sends a command the way any client would, and waits for its answer.
struct Send: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Send a command (e.g. companies.CreateCompany) and print the events it caused.",
        discussion: """
            The data is the command's JSON payload. The command goes to batbern.commands as an \
            envelope; with --wait (the default) the answer is read from batbern.events: the \
            events whose causationId is the command's id, or its CommandRejected.
            """
    )

    @Argument(help: "Routing key: <context>.<Command>.")
    var routingKey: String

    @Argument(help: "The command's data as JSON, or - to read it from standard input.")
    var data: String

    @Option(help: "Aggregate id (default: a new UUID, lowercase).")
    var aggregateId: String?

    @Option(help: "Aggregate type (default: the context).")
    var aggregateType: String?

    @Option(help: "Correlation id (default: the command's id).")
    var correlationId: String?

    @Option(help: "Seconds to wait for the answer; 0 to not wait.")
    var wait: Double = 10

    @Option(help: "Broker URL (default: $BATBERN_AMQP_URL, then the batbern-admin user on the local server).")
    var amqpURL: String?

    func run() async throws {
        let parts = routingKey.split(separator: ".")
        guard parts.count == 2 else { throw ValidationError("the routing key is <context>.<Command>") }
        let text = data == "-" ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) : data
        guard let payload = try? MessageCoding.decode(JSONValue.self, from: Array(text.utf8)), case .object = payload else {
            throw ValidationError("the data must be a JSON object")
        }
        let correlation = try correlationId.map { text in
            guard let id = Identifier(text) else { throw ValidationError("the correlation id must be a UUID") }
            return id
        }
        let id = Identifier()
        let envelope = Envelope(
            id: id, aggregateId: aggregateId ?? Identifier().description,
            aggregateType: aggregateType ?? String(parts[0]), eventType: String(parts[1]), occurredAt: Date(),
            data: payload, correlationId: correlation
        )
        var configuration = try AMQPConnection.Configuration(url: Settings().amqpURL(for: nil, override: amqpURL))
        configuration.connectionName = "batbern-send"
        let connection = try await AMQPConnection.connect(configuration)
        let channel = try await connection.openChannel()
        try await channel.enableConfirms()

        // Listen before sending so the answer cannot slip past.
        var consumer: AMQPConsumer?
        if wait > 0 {
            let queue = try await channel.declareQueue("", options: QueueOptions(durable: false, exclusive: true, autoDelete: true, type: .classic))
            try await channel.bindQueue(queue.name, exchange: Exchanges.events, routingKey: "#")
            consumer = try await channel.consume(queue: queue.name, noAck: true)
        }
        try await channel.publish(
            MessageCoding.encode(envelope), exchange: Exchanges.commands, routingKey: routingKey,
            properties: AMQPProperties(
                contentType: "application/json", correlationId: envelope.correlationId.description,
                messageId: id.description, timestamp: UInt64(Date().timeIntervalSince1970), type: envelope.eventType
            ),
            mandatory: true
        )
        print("sent \(routingKey) \(id)")
        if let consumer {
            let deadline = ContinuousClock.now + .milliseconds(Int64(wait * 1000))
            let answers = Task {
                for try await delivery in consumer {
                    guard let header = try? MessageCoding.decode(EnvelopeHeader.self, from: delivery.body),
                        header.causationId == id || (header.correlationId == envelope.correlationId && header.id != id)
                    else { continue }
                    print("\(delivery.routingKey) \(String(decoding: delivery.body, as: UTF8.self))")
                }
            }
            try? await Task.sleep(until: deadline)
            answers.cancel()
        }
        await connection.close()
    }
}
