import AMQP
import Attendees
import Foundation
import Identifiers
import InMemoryTracing
import Messaging
import TestSupport
import Testing
import Tracing
import WorkerHost

/// One trace across workers: a registration sent with a traceparent is
/// handled by attendees, then events, then attendees again, each span the
/// child of the one before, every event on the bus in the same trace.
@Suite struct TraceSagaTests {
    @Test func aRegistrationIsOneTraceAcrossAttendeesAndEvents() async throws {
        let tracer = W3CRecordingTracer()
        let system = try await withTracer(tracer) { try await SystemFixture.start([.events, .attendees]) }
        let saga = RegistrationSaga(system)
        let event = try await saga.openEvent(capacity: 10)
        let root = TraceParent.root()
        try await system.client.send(
            RegistrationSaga.register,
            data: RegisterAttendee(
                eventId: event, email: "traced.\(system.suffix)@example.ch", firstName: "Traced", lastName: "Person", gdprConsent: true
            ), headers: root.amqpHeaders
        )

        try await system.wait(for: "attendees.RegistrationConfirmed", timeout: .seconds(60))
        let register = try await span(tracer, "attendees handle attendees.RegisterAttendee", in: root)
        let reserve = try await span(tracer, "events handle attendees.RegistrationRequested", in: root)
        let confirm = try await span(tracer, "attendees handle events.SeatReserved", in: root)
        #expect(register.parentSpanID == String(root.spanId))
        #expect(reserve.parentSpanID == register.spanID)
        #expect(confirm.parentSpanID == reserve.spanID)
        let traced = system.events.deliveries.filter { TraceParent(amqpHeaders: $0.properties.headers)?.traceId == root.traceId }
        #expect(
            Set(traced.map(\.routingKey)).isSuperset(of: [
                "attendees.RegistrationRequested", "events.SeatReserved", "attendees.RegistrationConfirmed",
            ]))
        let confirmed = try #require(traced.first { $0.routingKey == "attendees.RegistrationConfirmed" })
        #expect(TraceParent(amqpHeaders: confirmed.properties.headers)?.spanId == Substring(confirm.spanID))
        try await system.tearDown()
    }

    /// The ended span named `name` in the trace of `root`.
    private func span(_ tracer: W3CRecordingTracer, _ name: String, in root: TraceParent) async throws -> FinishedInMemorySpan {
        let matching: @Sendable (FinishedInMemorySpan) -> Bool = { $0.operationName == name && $0.traceID == String(root.traceId) }
        try await eventually("span \(name) ended", timeout: .seconds(30)) { tracer.finishedSpans.contains(where: matching) }
        return try #require(tracer.finishedSpans.first(where: matching))
    }
}
