import Foundation
public import Messaging
import Postgres
import Testing

/// Two lanes (two connections, one production processor) handling batches of
/// messages about the same aggregates at the same moment, the second lane in
/// the opposite order: what two replicas of a worker do when a queue hands
/// each a batch about the same events. Row locks taken in message order
/// deadlock here; lock keys taken by the kernel up front do not.
public enum CrossedBatches {
    /// What the rounds cost: batches PostgreSQL aborted as deadlock victims
    /// (each one is `deadlock_timeout` of a lane lost and the batch run
    /// again), and batches run again for another serialization failure.
    public struct Tally: Sendable, Equatable {
        public var deadlocks = 0
        public var otherRetries = 0
    }

    /// Runs `rounds` rounds; in each, lane one handles `message(target, round)`
    /// for every target in order and lane two for every target in reverse
    /// order, both in one batch each, at once. A batch that fails is run
    /// again (as the consumer lane does) until it commits; every message must
    /// end handled.
    public static func run<Target: Sendable>(
        _ h: HandlerHarness, targets: [Target], rounds: Int,
        message: @Sendable (Target, _ round: Int, _ lane: Int) throws -> IncomingDelivery
    ) async throws -> Tally {
        var configuration = try PostgresConnection.Configuration(url: TestServers.postgresURL)
        configuration.searchPath = h.schema
        let lanes = [try await PostgresConnection.connect(configuration), try await PostgresConnection.connect(configuration)]
        var tally = Tally()
        for round in 0..<rounds {
            let forward = try targets.map { try message($0, round, 0) }
            let backward = try targets.reversed().map { try message($0, round, 1) }
            async let one = runUntilCommitted(forward, h.processor, on: lanes[0])
            async let other = runUntilCommitted(backward, h.processor, on: lanes[1])
            for lane in try await [one, other] {
                tally.deadlocks += lane.deadlocks
                tally.otherRetries += lane.otherRetries
            }
        }
        for lane in lanes { await lane.close() }
        return tally
    }

    private static func runUntilCommitted(
        _ deliveries: [IncomingDelivery], _ processor: MessageProcessor, on db: PostgresConnection
    ) async throws -> Tally {
        var tally = Tally()
        while tally.deadlocks + tally.otherRetries < 100 {
            do {
                let outcomes = try await processor.process(deliveries.map(processor.prepare), now: Date(), on: db)
                for outcome in outcomes {
                    guard case .handled = outcome else {
                        Issue.record("not handled: \(outcome)")
                        continue
                    }
                }
                return tally
            } catch let error as PostgresError where error.isSerializationFailure {
                if error.sqlState == "40P01" { tally.deadlocks += 1 } else { tally.otherRetries += 1 }
            }
        }
        Issue.record("a batch failed 100 times")
        return tally
    }
}
