import AMQP
import Foundation
import Identifiers
import KernelProbe
import Messaging
import TestSupport
import Testing

/// An error from the kernel's own SQL for a batch (not from a handler) must
/// not wedge the lane: the batch is split, the innocent messages are handled,
/// and the one that still fails goes the bounded retry and parking way.
@Suite struct KernelErrorTests {
    @Test func aBatchWhoseOutboxWriteFailsIsSplitAndOnlyTheCulpritIsParked() async throws {
        let fixture = try await ProbeSupport.fixture("kkern") { $0.consumer.concurrency = 1 }
        // The outbox refuses one message's event: kernel SQL failing for the
        // whole batch transaction, with an error that is neither transient nor
        // a lost connection.
        try await fixture.database.runScript(
            """
            CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.body LIKE '%"n":666%' THEN RAISE EXCEPTION 'the outbox refuses this row'; END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER refuse_poison BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION refuse_poison();
            """
        )
        // Queued before the worker starts, so they arrive as one batch.
        let client = try await TestClient.connect()
        try await fixture.topology.declare(on: client.channel)
        var poison = Identifier()
        for n in 0..<20 {
            let id = try await client.send(.command("Touch", to: fixture.name), data: KernelProbe.Touch(n: n == 7 ? 666 : n))
            if n == 7 { poison = id }
        }
        try await fixture.start()

        try await eventually("the innocent ones handled") { try await fixture.count("SELECT count(*) FROM probe_effects") == 19 }
        let entries = try await ProbeSupport.parked(fixture, client, count: 1)
        let entry = try #require(entries.first)
        #expect(entry.messageId == "\(poison)".lowercased())
        #expect(entry.reason == "handler_failed")
        #expect(entry.attempts == 3, "the normal bounded retries")
        #expect(!entry.error.contains("666"), "no row contents in the header")
        #expect(try await fixture.count("SELECT count(DISTINCT n) FROM probe_effects WHERE n <> 666") == 19, "each once")
        #expect(fixture.worker?.health.isReady == true)
        await client.close()
        try await fixture.tearDown()
    }
}
