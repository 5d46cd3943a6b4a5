import AMQP
import Foundation
import Messaging
import Operations
import Postgres
import WorkerHost

/// Reads what `batbern status` shows of each worker, from where it is:
/// readiness and metrics from the worker's endpoint, consumers and queue
/// depths from the broker (passive declares, as the operators' user: the
/// broker here has no management plugin, and a declare needs none), outbox
/// and timers from the context's database (as the read-only operator role).
struct StatusReader: Sendable {
    var contexts: [BoundedContext]
    var topology: Topology.Configuration
    var amqp: AMQPConnection.Configuration
    var settings: Settings
    var httpHost: String
    /// The companies worker's port; the others follow in context order, as `batbern run` gives them.
    var httpPortBase: Int

    func port(_ context: BoundedContext) -> Int {
        httpPortBase + (BoundedContext.allCases.firstIndex(of: context) ?? 0)
    }

    /// Every worker's /metrics now; a worker that does not answer is missing.
    func scrape() -> [BoundedContext: PrometheusText] {
        var pages: [BoundedContext: PrometheusText] = [:]
        for context in contexts {
            if let page = httpGet(host: httpHost, port: port(context), path: "/metrics"), page.status == 200 {
                pages[context] = PrometheusText(page.body)
            }
        }
        return pages
    }

    /// One row per worker. Metrics are those of the window from `before`
    /// (scraped `since`) to a scrape made now.
    func rows(
        before: [BoundedContext: PrometheusText], since: ContinuousClock.Instant, waitingUntil end: ContinuousClock.Instant
    ) async -> (rows: [WorkerStatus], after: [BoundedContext: PrometheusText], at: ContinuousClock.Instant) {
        var rows = contexts.map { context in
            var row = WorkerStatus(worker: context.rawValue)
            switch httpGet(host: httpHost, port: port(context), path: "/health/ready")?.status {
            case 200?: row.readiness = .ready
            case _?: row.readiness = .notReady
            case nil: row.readiness = .down
            }
            return row
        }
        await readQueues(into: &rows)
        for index in rows.indices { await readDatabase(of: contexts[index], into: &rows[index]) }
        try? await Task.sleep(until: end)
        let after = scrape()
        let now = ContinuousClock.now
        let seconds = Self.seconds(now - since)
        for (index, context) in contexts.enumerated() {
            guard let earlier = before[context], let later = after[context] else { continue }
            rows[index].metrics = MetricsWindow(before: earlier, after: later, seconds: seconds, worker: context.rawValue)
        }
        return (rows, after, now)
    }

    /// Consumers and depth of each work, retry and parking queue, by passive
    /// declare on a channel of its own (a missing queue closes the channel).
    private func readQueues(into rows: inout [WorkerStatus]) async {
        let connection: AMQPConnection
        do {
            connection = try await AMQPConnection.connect(amqp)
        } catch {
            for index in rows.indices { rows[index].unreadable.append("the broker (\(Self.reason(error)))") }
            return
        }
        func declared(_ queue: String) async -> QueueDeclareResult? {
            guard let channel = try? await connection.openChannel() else { return nil }
            let result = try? await channel.declareQueue(queue, options: QueueOptions(passive: true))
            try? await channel.close()
            return result
        }
        for (index, context) in contexts.enumerated() {
            let names = Topology(worker: context.rawValue, bindings: [], configuration: topology)
            if let work = await declared(names.workQueue) {
                rows[index].consumers = Int(work.consumerCount)
                rows[index].queueDepth = Int(work.messageCount)
            } else {
                rows[index].unreadable.append("queue \(names.workQueue)")
            }
            var retries: [Int] = []
            for queue in names.retryQueues {
                guard let retry = await declared(queue) else { break }
                retries.append(Int(retry.messageCount))
            }
            if retries.count == names.retryQueues.count {
                rows[index].retries = retries
            } else {
                rows[index].unreadable.append("the retry queues")
            }
            if let parked = await declared(names.parkingQueue) {
                rows[index].parked = Int(parked.messageCount)
            } else {
                rows[index].unreadable.append("queue \(names.parkingQueue)")
            }
        }
        await connection.close()
    }

    private func readDatabase(of context: BoundedContext, into row: inout WorkerStatus) async {
        let database: PostgresConnection
        do {
            database = try await PostgresConnection.connect(PostgresConnection.Configuration(url: settings.operatorDatabaseURL(for: context)))
        } catch {
            row.unreadable.append("the database (\(Self.reason(error)))")
            return
        }
        do {
            let outbox = try await database.query(OperatorQueries.outboxBacklog)
            row.outboxUnsent = try outbox.first?.decode(Int.self, at: 0)
            row.outboxOldest = try outbox.first?.decode(Double.self, at: 1)
            let timers = try await database.query(OperatorQueries.timersDue)
            row.timersDue = try timers.first?.decode(Int.self, at: 0)
            row.timersLate = try timers.first?.decode(Double.self, at: 1)
        } catch {
            row.unreadable.append("the database (\(Self.reason(error)))")
        }
        await database.close()
    }

    /// A failure in a few words: the kind and server code, never a row or a password.
    static func reason(_ error: any Error) -> String {
        if let error = error as? PostgresError { return error.sqlState.map { "SQLSTATE \($0)" } ?? "\(error.code)" }
        if let error = error as? AMQPError { return "\(error.code)" + (error.replyCode.map { " \($0)" } ?? "") }
        return "\(type(of: error))"
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
