import Foundation
import Identifiers
import KernelProbe
import Messaging
import TestSupport
import Testing

/// A batch runs in one transaction, first without savepoints; a handler that
/// throws sends the batch through again with a savepoint per message.
@Suite struct BatchProcessingTests {
    let name = "probe"

    func withHarness(_ body: (HandlerHarness) async throws -> Void) async throws {
        try await HandlerHarness.with(worker: KernelProbe.definition(name: name), context: "probe", body)
    }

    func message(_ type: String, n: Int, id: Identifier = Identifier()) throws -> (body: [UInt8], routingKey: String) {
        let envelope = Envelope(
            id: id, aggregateId: "a\(n)", aggregateType: "probe", eventType: type, occurredAt: Date(), data: KernelProbe.Touch(n: n)
        )
        return (try MessageCoding.encode(envelope), "\(name).\(type)")
    }

    func count(_ harness: HandlerHarness, _ sql: String) async throws -> Int {
        try await harness.query(sql)[0].decode(Int.self, at: 0)
    }

    @Test func aMessageTwiceInOneBatchIsAppliedOnce() async throws {
        try await withHarness { harness in
            let touch = try message("Touch", n: 1)
            let results = try await harness.deliverBatch([touch, try message("Touch", n: 2), touch])
            #expect(results.map(\.outcome) == [.handled, .handled, .duplicate])
            #expect(try await count(harness, "SELECT count(*) FROM probe_effects") == 2)
            #expect(try await count(harness, "SELECT count(*) FROM outbox") == 2)
            #expect(try await count(harness, "SELECT count(*) FROM inbox") == 2)
        }
    }

    @Test func aThrowingHandlerUndoesOnlyItsOwnMessage() async throws {
        try await withHarness { harness in
            let results = try await harness.deliverBatch([
                try message("Touch", n: 1), try message("Explode", n: 2), try message("Refuse", n: 3), try message("Touch", n: 4),
            ])
            #expect(results[0].outcome == .handled)
            #expect(results[1].outcome == .failed("probe 2 exploded as asked"))
            #expect(results[2].outcome == .rejected(CommandRejected(commandType: "Refuse", reason: "refused", message: "probe 3 refused as asked")))
            #expect(results[3].outcome == .handled)
            let effects = try await harness.query("SELECT n FROM probe_effects ORDER BY n").map { try $0.decode(Int.self, at: 0) }
            #expect(effects == [1, 4], "the refused command's write is undone, the others stay")
            #expect(try await count(harness, "SELECT count(*) FROM outbox") == 3, "two Touched and one CommandRejected")
            // The failed message has no inbox row: its retry runs it again.
            let retried = try await harness.deliverBatch([try message("Touch", n: 5), results[1].replay])
            #expect(retried.map(\.outcome) == [.handled, .failed("probe 2 exploded as asked")])
        }
    }

    /// A pipelined write that does not fit fails at a later statement; the
    /// savepoint run finds its message: that command alone is rejected.
    @Test func aPipelinedWriteThatFailsIsFoundAndOnlyItsCommandIsRejected() async throws {
        try await withHarness { harness in
            func store(_ n: Int, _ code: String) throws -> (body: [UInt8], routingKey: String) {
                let envelope = Envelope(
                    aggregateId: "s\(n)", aggregateType: "probe", eventType: "Store", occurredAt: Date(),
                    data: KernelProbe.Store(n: n, code: code)
                )
                return (try MessageCoding.encode(envelope), "\(name).Store")
            }
            let results = try await harness.deliverBatch([
                try store(1, "fine"), try store(2, "toolong-code"), try message("Touch", n: 3), try store(4, "good"),
            ])
            #expect(results[0].outcome == .handled)
            guard case .rejected(let answer) = results[1].outcome else {
                Issue.record("not rejected: \(results[1].outcome)")
                return
            }
            #expect(answer.reason == "invalid_data")
            #expect(results[2].outcome == .handled)
            #expect(results[3].outcome == .handled)
            let codes = try await harness.query("SELECT code FROM probe_codes ORDER BY n").map { try $0.decode(String.self, at: 0) }
            #expect(codes == ["fine", "good"])
        }
    }

    @Test func aBatchOfRedeliveriesWritesNothingAgain() async throws {
        try await withHarness { harness in
            let batch = try (1...40).map { try message("Touch", n: $0) }
            #expect(try await harness.deliverBatch(batch).allSatisfy { $0.outcome == .handled })
            #expect(try await harness.deliverBatch(batch).allSatisfy { $0.outcome == .duplicate })
            #expect(try await count(harness, "SELECT count(*) FROM probe_effects") == 40)
            #expect(try await count(harness, "SELECT count(DISTINCT message_id) FROM outbox") == 40)
        }
    }

    /// Outbox rows of one aggregate keep the order their messages had, across
    /// the statements a big batch needs (64 rows per statement).
    @Test func outboxRowsOfABigBatchKeepTheirOrder() async throws {
        try await withHarness { harness in
            let batch = try (1...150).map { try message("Touch", n: $0) }
            _ = try await harness.deliverBatch(batch)
            let bodies = try await harness.query("SELECT body FROM outbox ORDER BY id").map { try $0.decode(String.self, at: 0) }
            let numbers = try bodies.map { try MessageCoding.decode(Envelope<KernelProbe.Touch>.self, from: Array($0.utf8)).data.n }
            #expect(numbers == Array(1...150))
        }
    }
}
