import AMQP
import ArgumentParser
import Foundation
import Identifiers
import Messaging
import Operations
import WorkerHost

/// Sends a command the way any client would, and waits for its answer.
struct Send: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Send a command (e.g. companies.CreateCompany) and print the events it caused.",
        discussion: """
            The data is the command's JSON payload. The command goes to batbern.commands as an \
            envelope; the answer is read from batbern.events: the events whose causationId is the \
            command's id, or its CommandRejected, and the later events of the same conversation \
            (correlationId). It exits as soon as the answer is complete: at once on a rejection, \
            else once the flow has been quiet for --quiet-period after an answer. \
            Exit status: 0 answered with events, 1 rejected, 2 no answer within --wait (or no queue \
            took the command).
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

    @Option(help: "Seconds to wait for the answer at most; 0 to send without waiting.")
    var wait: Double = 10

    @Option(help: "Silence after the last message of the flow that ends the wait, e.g. 200ms (the default) or 2s.")
    var quietPeriod: String = "200ms"

    @Flag(help: "Print each answer as one JSON envelope per line, nothing else (the outcome is the exit status).")
    var json = false

    @Flag(help: "Print only the outcome line.")
    var quiet = false

    @Option(help: "Broker URL (default: $BATBERN_AMQP_URL, then the batbern-admin user on the local server).")
    var amqpURL: String?

    static let quietPeriods = SettingParser.duration(in: .milliseconds(1)...(.seconds(60)))

    func validate() throws {
        guard routingKey.split(separator: ".", omittingEmptySubsequences: false).count == 2 else {
            throw ValidationError("the routing key is <context>.<Command>")
        }
        guard wait >= 0 && wait <= 86_400 else { throw ValidationError("--wait is 0...86400 seconds") }
        if case .failure = Self.quietPeriods.parse(quietPeriod) {
            throw ValidationError("--quiet-period is \(Self.quietPeriods.allowed)")
        }
        guard !(json && quiet) else { throw ValidationError("--json and --quiet exclude each other") }
    }

    func run() async throws {
        let parts = routingKey.split(separator: ".")
        let text = data == "-" ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) : data
        guard let payload = try? MessageCoding.decode(JSONValue.self, from: Array(text.utf8)), case .object = payload else {
            throw ValidationError("the data must be a JSON object")
        }
        let correlation = try correlationId.map { text in
            guard let id = Identifier(text) else { throw ValidationError("the correlation id must be a UUID") }
            return id
        }
        var watchConfiguration = AnswerWatch.Configuration()
        watchConfiguration.wait = .milliseconds(Int64(wait * 1000))
        if case .success(let period) = Self.quietPeriods.parse(quietPeriod) { watchConfiguration.quietPeriod = period }

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
        let started = ContinuousClock.now
        do {
            try await channel.publish(
                MessageCoding.encode(envelope), exchange: Exchanges.commands, routingKey: routingKey,
                // A new trace: the flow this command starts, span by span (see README, Tracing).
                properties: AMQPProperties(
                    contentType: "application/json", headers: TraceParent.root().amqpHeaders,
                    correlationId: envelope.correlationId.description, messageId: id.description,
                    timestamp: UInt64(Date().timeIntervalSince1970), type: envelope.eventType
                ),
                mandatory: true
            )
        } catch let error as AMQPError where error.code == .publishReturned {
            await connection.close()
            report("not delivered: no queue takes \(routingKey) (is the routing key right, and has `batbern topology` run?)")
            throw ExitCode(SendOutcome.noAnswer.exitStatus)
        }
        if !json && !quiet { print("sent \(routingKey) \(id)") }
        guard let consumer else {
            await connection.close()
            return
        }
        var watch = AnswerWatch(command: id, correlation: envelope.correlationId, configuration: watchConfiguration, started: started)
        // Prints the flow's messages as they come until the watch's deadline
        // passes (each message of the flow moves it) or a rejection ends it.
        while watch.rejection == nil, ContinuousClock.now < watch.deadline,
            let batch = try await Self.deliveries(from: consumer, before: watch.deadline)
        {
            for delivery in batch {
                guard let header = try? MessageCoding.decode(EnvelopeHeader.self, from: delivery.body) else { continue }
                let data = try? MessageCoding.decode(Envelope<JSONValue>.self, from: delivery.body).data
                guard watch.observe(header, data: data, at: .now) else { continue }
                if json {
                    print(String(decoding: delivery.body, as: UTF8.self))
                } else if !quiet {
                    print("\(delivery.routingKey) \(String(decoding: delivery.body, as: UTF8.self))")
                }
            }
        }
        await connection.close()
        report(Self.describe(watch.outcome, after: ContinuousClock.now - started, wait: watchConfiguration.wait))
        if watch.outcome.exitStatus != 0 { throw ExitCode(watch.outcome.exitStatus) }
    }

    /// What the consumer has, as soon as it has something: empty once
    /// `deadline` passes first (nothing is lost: the buffer keeps what comes
    /// later), nil when the consumer has ended.
    private static func deliveries(from consumer: AMQPConsumer, before deadline: ContinuousClock.Instant) async throws -> [AMQPDelivery]? {
        try await withThrowingTaskGroup(of: [AMQPDelivery]?.self) { group in
            group.addTask {
                let batch = try await consumer.nextBatch(max: 64)
                return batch.isEmpty ? nil : batch
            }
            group.addTask {
                try await Task.sleep(until: deadline)
                return []
            }
            var taken: [AMQPDelivery] = []
            var ended = false
            var first = true
            while let result = await group.nextResult() {
                if first { group.cancelAll() }
                first = false
                switch result {
                case .success(let batch?): taken += batch
                case .success(nil): ended = true
                case .failure(is CancellationError): break
                case .failure(let error): throw error
                }
            }
            return taken.isEmpty && ended ? nil : taken
        }
    }

    /// The outcome line (standard error with --json, where standard output holds envelopes only).
    private func report(_ line: String) {
        if json {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        } else {
            print(line)
        }
    }

    static func describe(_ outcome: SendOutcome, after elapsed: Duration, wait: Duration) -> String {
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        switch outcome {
        case .answered(let events, let followUps):
            let more = followUps > 0 ? " and \(followUps) later message(s) of its flow" : ""
            return "answered: \(events) event(s)\(more) in \(milliseconds) ms"
        case .rejected(let reason, let message):
            return "rejected: \(reason)\(message.isEmpty ? "" : ": \(message)") (in \(milliseconds) ms)"
        case .noAnswer:
            let seconds = Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18
            return "no answer within \(seconds.formatted(.number.precision(.fractionLength(0...3)))) s"
        }
    }
}
