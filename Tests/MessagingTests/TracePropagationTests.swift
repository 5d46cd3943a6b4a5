import AMQP
import Foundation
import Identifiers
import InMemoryTracing
import KernelProbe
import Messaging
import TestSupport
import Testing
import Tracing

/// W3C trace context through the kernel: a probe worker made under a
/// recording tracer (its own, bound with `withTracer`: nothing process-wide)
/// against the real broker and database.
@Suite struct TracePropagationTests {
    /// A command sent with a traceparent: its handling span is the child of
    /// it, and the event the relay publishes (stored in the outbox first) is
    /// the child of that span, in the same trace.
    @Test func anEventIsTheChildOfTheSpanThatHandledItsCommand() async throws {
        let tracer = W3CRecordingTracer()
        try await withProbe("tr-event", tracer: tracer) { fixture, tap, client in
            let root = TraceParent.root()
            let id = try await client.send(.command("Touch", to: fixture.name), data: KernelProbe.Touch(n: 1), headers: root.amqpHeaders)

            let touched = try #require(try await tap.wait(for: "\(fixture.name).Touched").first)
            let span = try await finishedSpan(tracer, "\(fixture.name) handle \(fixture.name).Touch")
            let published = try #require(TraceParent(amqpHeaders: touched.properties.headers))
            #expect(published.traceId == root.traceId)
            #expect(published.spanId == Substring(span.spanID))
            #expect(span.traceID == String(root.traceId))
            #expect(span.parentSpanID == String(root.spanId))
            #expect(span.kind == .consumer)
            #expect(attribute(span, "messaging.system") == .string("rabbitmq"))
            #expect(attribute(span, "messaging.operation") == .string("process"))
            #expect(attribute(span, "messaging.destination.name") == .string(Exchanges.commands))
            #expect(attribute(span, "messaging.rabbitmq.destination.routing_key") == .string("\(fixture.name).Touch"))
            #expect(attribute(span, "messaging.message.id") == .string(id.description))
            #expect(attribute(span, "messaging.message.conversation_id") == .string(id.description))
            #expect(attribute(span, "batbern.outcome") == .string("handled"))
            #expect(attribute(span, "error.type") == nil)
            // The row kept the context it was published with.
            let stored = try await fixture.query("SELECT traceparent FROM outbox WHERE routing_key = $1", ["\(fixture.name).Touched"])
            #expect(try stored.map { try $0.decode(String?.self, at: 0) } == [published.traceparent])
        }
    }

    /// A timer continues the trace of the message that set it: the fired
    /// command's span is the child of the span that scheduled it.
    @Test func aTimerFiringContinuesTheTraceOfTheMessageThatSetIt() async throws {
        let tracer = W3CRecordingTracer()
        try await withProbe("tr-timer", tracer: tracer) { fixture, tap, client in
            let root = TraceParent.root()
            try await client.send(
                .command("Remind", to: fixture.name), data: KernelProbe.Remind(n: 7, inSeconds: 0.3, key: "trace"), headers: root.amqpHeaders
            )

            let touched = try #require(try await tap.wait(for: "\(fixture.name).Touched").first)
            let remind = try await finishedSpan(tracer, "\(fixture.name) handle \(fixture.name).Remind")
            let fired = try await finishedSpan(tracer, "\(fixture.name) handle \(fixture.name).Touch")
            #expect(remind.parentSpanID == String(root.spanId))
            #expect(fired.parentSpanID == remind.spanID)
            #expect(fired.traceID == String(root.traceId))
            #expect(TraceParent(amqpHeaders: touched.properties.headers)?.spanId == Substring(fired.spanID))
        }
    }

    /// A traceparent that is not one (wrong length, uppercase, zero ids,
    /// version ff) costs the message nothing: it is handled under a new root
    /// span, and nothing of the bad value is passed on.
    @Test func aMalformedTraceparentStartsANewTraceAndTheMessageIsHandled() async throws {
        let tracer = W3CRecordingTracer()
        try await withProbe("tr-bad", tracer: tracer) { fixture, tap, client in
            let malformed = [
                "garbage", "00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-01",
                "00-00000000000000000000000000000000-b7ad6b7169203331-01",
                "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", String(repeating: "0", count: 4000),
            ]
            for (n, value) in malformed.enumerated() {
                try await client.send(
                    .command("Touch", to: fixture.name), data: KernelProbe.Touch(n: n),
                    headers: [TraceParent.header: .string(value), TraceParent.stateHeader: .string("vendor=\u{1}bad")]
                )
            }

            let touched = try await tap.wait(for: "\(fixture.name).Touched", count: malformed.count)
            try await eventually("\(malformed.count) spans ended", timeout: .seconds(30)) {
                tracer.finishedSpans.count >= malformed.count
            }
            let spans = tracer.finishedSpans
            #expect(spans.allSatisfy { $0.parentSpanID == nil })
            #expect(spans.allSatisfy { attribute($0, "batbern.outcome") == .string("handled") })
            #expect(Set(spans.map(\.traceID)).count == malformed.count)
            let published = touched.compactMap { TraceParent(amqpHeaders: $0.properties.headers) }
            #expect(published.count == malformed.count)
            #expect(Set(published.map { String($0.traceId) }) == Set(spans.map(\.traceID)))
            #expect(published.allSatisfy { $0.tracestate == nil })
            #expect(try await ProbeSupport.depth(fixture.topology.parkingQueue, client) == 0)
        }
    }

    /// Each attempt of a failing message is a span of the same trace (the
    /// retry queues keep its headers), with its outcome and a reason code;
    /// a refused command's answer is the child of its span.
    @Test func retriesParkingAndRejectionsAreSpansWithTheirOutcome() async throws {
        let tracer = W3CRecordingTracer()
        try await withProbe("tr-fail", tracer: tracer) { fixture, tap, client in
            let exploding = TraceParent.root()
            let refused = TraceParent.root()
            try await client.send(
                .command("Explode", to: fixture.name), data: KernelProbe.Explode(.init(n: 1)), headers: exploding.amqpHeaders
            )
            try await client.send(.command("Refuse", to: fixture.name), data: KernelProbe.Refuse(.init(n: 2)), headers: refused.amqpHeaders)

            _ = try await ProbeSupport.parked(fixture, client, count: 1)
            let answer = try #require(try await tap.wait(for: "\(fixture.name).CommandRejected").first)
            let explodeName = "\(fixture.name) handle \(fixture.name).Explode"
            try await eventually("three attempts ended", timeout: .seconds(30)) {
                tracer.finishedSpans.filter { $0.operationName == explodeName }.count >= 3
            }
            let attempts = tracer.finishedSpans.filter { $0.operationName == explodeName }
            #expect(attempts.map { attribute($0, "batbern.outcome") } == [.string("retried"), .string("retried"), .string("parked")])
            #expect(attempts.allSatisfy { $0.traceID == String(exploding.traceId) && $0.parentSpanID == String(exploding.spanId) })
            #expect(attempts.allSatisfy { attribute($0, "error.type") == .string("handler_failed") })
            #expect(attempts.allSatisfy { $0.status?.code == .error })

            let rejection = try await finishedSpan(tracer, "\(fixture.name) handle \(fixture.name).Refuse")
            #expect(attribute(rejection, "batbern.outcome") == .string("rejected"))
            #expect(attribute(rejection, "error.type") == .string("refused"))
            #expect(TraceParent(amqpHeaders: answer.properties.headers)?.spanId == Substring(rejection.spanID))
        }
    }

    /// With nothing recording (the `NoOpTracer`, the default) the incoming
    /// context goes on unchanged, and a message without one publishes none.
    @Test func withoutATracerTheIncomingContextGoesOnUnchanged() async throws {
        try await withProbe("tr-noop", tracer: NoOpTracer()) { fixture, tap, client in
            let root = try #require(TraceParent(TraceParent.root().traceparent, state: "vendor=opaque"))
            let traced = try await client.send(.command("Touch", to: fixture.name), data: KernelProbe.Touch(n: 1), headers: root.amqpHeaders)
            let untraced = try await client.send(.command("Touch", to: fixture.name), data: KernelProbe.Touch(n: 2))

            let touched = try await tap.wait(for: "\(fixture.name).Touched", count: 2)
            let byCause = Dictionary(
                try touched.map { (try MessageCoding.decode(EnvelopeHeader.self, from: $0.body).causationId, $0) }, uniquingKeysWith: { a, _ in a }
            )
            #expect(byCause[traced].flatMap { TraceParent(amqpHeaders: $0.properties.headers) } == root)
            #expect(byCause[untraced]?.properties.headers[TraceParent.header] == nil)
        }
    }

    /// A probe worker made under `tracer`, a tap on what it publishes and a
    /// client, for the length of `body`; all torn down also when it throws.
    private func withProbe(
        _ prefix: String, tracer: any Tracer, _ body: (WorkerFixture, EventTap, TestClient) async throws -> Void
    ) async throws {
        let fixture = try await ProbeSupport.fixture(prefix)
        try await withTracer(tracer) { try await fixture.start() }
        let tap = try await EventTap.open(bindings: ["\(fixture.name).#"])
        let client = try await TestClient.connect()
        try await withCleanup {
            try await body(fixture, tap, client)
        } cleanup: {
            await tap.close()
            await client.close()
            try await fixture.tearDown()
        }
    }

    private func finishedSpan(_ tracer: W3CRecordingTracer, _ name: String) async throws -> FinishedInMemorySpan {
        try await eventually("span \(name) ended", timeout: .seconds(30)) { tracer.finishedSpans.contains { $0.operationName == name } }
        return try #require(tracer.finishedSpans.first { $0.operationName == name })
    }
}

/// A span's attribute as the exporter would see it.
func attribute(_ span: FinishedInMemorySpan, _ key: String) -> SpanAttribute? {
    span.attributes[key]?.toSpanAttribute()
}
