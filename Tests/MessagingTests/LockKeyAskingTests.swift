import Foundation
import Identifiers
import KernelProbe
import Messaging
import Postgres
import Synchronization
import TestSupport
import Testing

/// A batch's lock keys are asked before the locks are taken, and asked again
/// under them only from handlers whose keys read the database (those could
/// have changed in between; keys taken from the message alone cannot).
@Suite struct LockKeyAskingTests {
    final class Asked: Sendable {
        let fromPayload = Mutex(0)
        let reading = Mutex(0)
    }

    static func definition(_ asked: Asked) -> WorkerDefinition {
        WorkerDefinition(
            name: "probe",
            handlers: [
                .handle(
                    KernelProbe.Touch.self, to: "probe",
                    locking: { envelope, _ in
                        asked.fromPayload.withLock { $0 += 1 }
                        return ["touch:\(envelope.data.n)"]
                    }, with: { _, _, _ in }),
                .handle(
                    KernelProbe.Store.self, to: "probe",
                    locking: { envelope, db in
                        asked.reading.withLock { $0 += 1 }
                        let rows = try db.query("SELECT count(*) FROM probe_effects")
                        return ["store:\(try rows[0].decode(Int.self, at: 0))"]
                    }, with: { _, _, _ in }),
            ])
    }

    func message<M: Command>(_ type: M.Type, _ data: M) throws -> (body: [UInt8], routingKey: String) {
        let envelope = Envelope(aggregateId: "a", aggregateType: "probe", eventType: M.name, occurredAt: Date(), data: data)
        return (try MessageCoding.encode(envelope), "probe.\(M.name)")
    }

    @Test func keysFromTheMessageAreAskedOnceAndKeysThatReadRowsTwice() async throws {
        let asked = Asked()
        try await HandlerHarness.with(worker: Self.definition(asked), context: "probe") { harness in
            let results = try await harness.deliverBatch([
                try message(KernelProbe.Touch.self, KernelProbe.Touch(n: 1)), try message(KernelProbe.Touch.self, KernelProbe.Touch(n: 2)),
                try message(KernelProbe.Store.self, KernelProbe.Store(n: 3, code: "c")),
            ])
            #expect(results.map(\.outcome) == [.handled, .handled, .handled])
        }
        #expect(asked.fromPayload.withLock { $0 } == 2, "once per message")
        #expect(asked.reading.withLock { $0 } == 2, "before the locks and under them")
    }
}
