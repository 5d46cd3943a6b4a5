import AMQP
import ArgumentParser
import Foundation
import KernelProbe
import Messaging
import Synchronization
import WorkerHost

/// End-to-end benchmark of one worker: commands in through RabbitMQ, handled
/// in PostgreSQL, events out through the outbox relay. Starts `batbern probe`
/// as a separate process (so its RSS is the worker's alone), drives it, and
/// reports throughput, latency percentiles and memory. Stops the worker and
/// deletes its queues, exchange and schema when it is done.
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batbern-bench",
        abstract: "Throughput, latency and memory of a worker against the local servers."
    )

    @Option(help: "Commands to send.")
    var messages = 20_000

    @Option(help: "Commands per second to offer (0 = as fast as the broker takes them).")
    var rate = 0

    @Option(help: "Worker consumer lanes.")
    var concurrency = 2

    @Option(help: "Most messages per transaction.")
    var batchSize = 32

    @Option(help: "Prefetch per lane.")
    var prefetch = 64

    @Option(help: "Instead: partners' facts of different companies by one lane, then two (in process, no broker); this many facts.")
    var partnerFacts = 0

    @Option(help: "The worker's queue type: quorum (production's) or classic (the C worker's in side-by-side.py).")
    var queueType = "quorum"

    @Option(help: "Rows to put in the worker's inbox and outbox (sent, within retention) before the run.")
    var preload = 0

    @Option(help: "The batbern binary (default: the release build next to this one).")
    var binary: String?

    @Option(help: "Database URL of a scratch database.")
    var databaseURL = "postgres://batbern_test:batbern_test-dev-secret@127.0.0.1:5432/batbern_test"

    @Option(help: "Broker URL with rights on the vhost.")
    var amqpURL = "amqp://batbern-admin:batbern-admin-dev-secret@127.0.0.1:5672/batbern"

    func run() async throws {
        if partnerFacts > 0 {
            return try await PartnerFactsBench(databaseURL: databaseURL, companies: 64, facts: partnerFacts, batchSize: batchSize).run()
        }
        let name = "bench\(UInt32.random(in: 0...UInt32.max))"
        let executable = binary ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("batbern").path
        let worker = try spawn(
            executable,
            [
                "probe", "--name", name, "--database-url", databaseURL, "--search-path", name, "--amqp-url", amqpURL,
                "--concurrency", "\(concurrency)", "--batch-size", "\(batchSize)", "--prefetch", "\(prefetch)",
                "--queue-type", queueType, "--http-port", "0", "--log-level", "warning",
            ])
        do {
            try await measure(name, worker)
        } catch {
            try? await cleanUp(name, worker)
            throw error
        }
        try await cleanUp(name, worker)
    }

    private func measure(_ name: String, _ worker: pid_t) async throws {
        var configuration = try AMQPConnection.Configuration(url: amqpURL)
        configuration.connectionName = "bench"
        let connection = try await AMQPConnection.connect(configuration)
        try await waitUntilConsuming(name, connection)
        let database = BenchDatabase(url: databaseURL, schema: name)
        if preload > 0 { try await database.preload(preload) }
        let setup = try await connection.openChannel()
        let sink = try await setup.declareQueue("", options: QueueOptions(durable: false, exclusive: true, autoDelete: true, type: .classic))
        try await setup.bindQueue(sink.name, exchange: Exchanges.events, routingKey: "\(name).Touched")

        let sent = Mutex<[Int: ContinuousClock.Instant]>([:])
        let latencies = Mutex<[(n: Int, latency: Duration)]>([])
        latencies.withLock { $0.reserveCapacity(messages) }
        let rssBefore = rss(of: worker)

        // The commands are encoded before the clock starts, and published in
        // chunks of one hand-over each when there is no rate: the driver
        // shares the two cores with the worker, so it should cost little.
        let publications = try (0..<messages).map { n in
            let envelope = Envelope(
                aggregateId: "a\(n % 64)", aggregateType: "bench", eventType: "Touch", occurredAt: Date(), data: KernelProbe.Touch(n: n))
            return AMQPPublication(
                body: try MessageCoding.encode(envelope), exchange: Exchanges.commands, routingKey: "\(name).Touch",
                properties: AMQPProperties(contentType: "application/json", messageId: envelope.id.description, type: "Touch"),
                mandatory: true
            )
        }
        let ids = Dictionary(
            uniqueKeysWithValues: publications.enumerated().compactMap { n, publication in
                publication.properties.messageId.map { ($0, n) }
            })

        let receiver = Task {
            let channel = try await connection.openChannel()
            try await channel.setPrefetch(1000)
            let consumer = try await channel.consume(queue: sink.name)
            var received = 0
            while received < messages {
                let batch = try await consumer.nextBatch(max: 500)
                let now = ContinuousClock.now
                // The event's correlation id is its command's id (the relay
                // sets the property): no body to decode, so the driver takes
                // little of the two cores the worker runs on.
                let starts = sent.withLock { sent in
                    batch.compactMap { delivery in
                        delivery.properties.correlationId.flatMap { ids[$0] }.flatMap { n in sent[n].map { (n, $0) } }
                    }
                }
                latencies.withLock { $0 += starts.map { ($0, now - $1) } }
                received += starts.count
                if let last = batch.last { try await channel.ack(last.deliveryTag, multiple: true) }
            }
        }

        let publisher = try await connection.openChannel()
        try await publisher.enableConfirms()
        let chunk = rate > 0 ? 1 : 200
        let started = ContinuousClock.now
        let startedWall = Date()
        var confirms: [PublishConfirm] = []
        for first in stride(from: 0, to: messages, by: chunk) {
            if rate > 0 {
                let due = started + .nanoseconds(Int64(first) * 1_000_000_000 / Int64(rate))
                if due > ContinuousClock.now { try await Task.sleep(until: due) }
            }
            let range = first..<min(first + chunk, messages)
            let now = ContinuousClock.now
            sent.withLock { sent in for n in range { sent[n] = now } }
            confirms += try await publisher.send(Array(publications[range]))
            if confirms.count >= 1000 {
                for confirm in confirms { try await confirm.wait() }
                confirms.removeAll(keepingCapacity: true)
            }
        }
        for confirm in confirms { try await confirm.wait() }
        let published = ContinuousClock.now - started
        let peakDuring = rss(of: worker)
        try await receiver.value
        let total = ContinuousClock.now - started
        let rssAfter = rss(of: worker)
        await connection.close()
        let relayDelay = try await database.relayDelay(messageType: "Touched")

        let measured = latencies.withLock { $0 }
        let sorted = measured.map(\.latency).sorted()
        let stages = try await database.stages(messageType: "Touched").flatMap { rows in
            let sentAt = sent.withLock { $0 }
            func wall(_ n: Int, _ after: Duration) -> Date? {
                sentAt[n].map { startedWall.addingTimeInterval(($0 - started + after).seconds) }
            }
            return StageBreakdown(
                measured.compactMap { n, latency in
                    guard let id = publications[n].properties.messageId, let row = rows[id], let published = wall(n, .zero),
                        let received = wall(n, latency)
                    else { return nil }
                    return StageBreakdown.Stages(
                        queued: row.began.timeIntervalSince(published) * 1000, handled: row.written.timeIntervalSince(row.began) * 1000,
                        relayed: row.confirmed.timeIntervalSince(row.written) * 1000, delivered: received.timeIntervalSince(row.confirmed) * 1000
                    )
                })
        }
        func percentile(_ p: Double) -> String {
            guard !sorted.isEmpty else { return "-" }
            let index = min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)
            return String(format: "%.1f ms", sorted[max(0, index)].seconds * 1000)
        }
        print(
            """
            worker \(name): concurrency \(concurrency), batch \(batchSize), prefetch \(prefetch); \(messages) commands\(rate > 0 ? " at \(rate)/s" : " as fast as possible")
            published in      \(String(format: "%.2f s", published.seconds)) (\(Int(Double(messages) / published.seconds)) commands/s accepted by the broker)
            end to end        \(String(format: "%.2f s", total.seconds)) → \(Int(Double(messages) / total.seconds)) commands/s handled and their events relayed
            latency command → event: p50 \(percentile(0.5)), p90 \(percentile(0.9)), p99 \(percentile(0.99)), max \(percentile(1.0))
            \(stages.map { $0.description + "\n" } ?? "")relay delay (outbox row written → broker confirm): \(relayDelay.map { String(format: "p50 %.1f ms, p99 %.1f ms", $0.p50, $0.p99) } ?? "-")
            \(preload > 0 ? "inbox and outbox preloaded with \(preload) rows each\n" : "")worker RSS: \(rssBefore / 1024) MiB idle, \(peakDuring / 1024) MiB under load, \(rssAfter / 1024) MiB after
            """)
    }

    /// Stops the worker (SIGTERM, SIGKILL after 30 s), then deletes what it
    /// declared (its work, retry and parking queues and its kernel exchange,
    /// named as it names them from the same settings) and its schema.
    private func cleanUp(_ name: String, _ worker: pid_t) async throws {
        kill(worker, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(30)
        var status: Int32 = 0
        while waitpid(worker, &status, WNOHANG) == 0 {
            if ContinuousClock.now >= deadline {
                kill(worker, SIGKILL)
                _ = waitpid(worker, &status, 0)
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        var reader = SettingsReader(environment: ProcessInfo.processInfo.environment)
        let topology = Topology(KernelProbe.definition(name: name), configuration: Topology.Configuration(reading: &reader))
        let connection = try await AMQPConnection.connect(AMQPConnection.Configuration(url: amqpURL))
        let channel = try await connection.openChannel()
        for queue in [topology.workQueue, topology.parkingQueue] + topology.retryQueues {
            _ = try await channel.deleteQueue(queue)
        }
        try await channel.deleteExchange(topology.kernelExchange)
        await connection.close()
        try await BenchDatabase(url: databaseURL, schema: name).drop()
    }

    private func waitUntilConsuming(_ queue: String, _ connection: AMQPConnection) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            // A fresh channel each time: a passive declare of a missing queue closes its channel.
            let channel = try await connection.openChannel()
            if let declared = try? await channel.declareQueue(queue, options: QueueOptions(passive: true)), declared.consumerCount > 0 {
                try? await channel.close()
                return
            }
            try? await channel.close()
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ValidationError("the worker did not start consuming within 60 s")
    }

    /// Resident set size in KiB from /proc.
    private func rss(of pid: pid_t) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        return 0
    }

    private func spawn(_ path: String, _ arguments: [String]) throws -> pid_t {
        var pid: pid_t = 0
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        guard posix_spawn(&pid, path, nil, nil, argv, environ) == 0 else {
            throw ValidationError("cannot start \(path)")
        }
        return pid
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
