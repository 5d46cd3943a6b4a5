public import InMemoryTracing
import Messaging
public import Tracing

/// swift-distributed-tracing's `InMemoryTracer` speaking W3C Trace Context:
/// 32/16-digit hex ids, and `traceparent` in and out, as an OpenTelemetry
/// tracer does. One per test, bound with `withTracer` around the workers'
/// creation (a worker keeps the tracer it was made with), so tests running
/// side by side never share one and nothing is bootstrapped process-wide.
public struct W3CRecordingTracer: Tracer {
    public typealias Span = InMemorySpan
    private let recorder = InMemoryTracer(
        idGenerator: .init(nextTraceID: { hex(2) }, nextSpanID: { hex(1) }), recordInjections: false, recordExtractions: false
    )

    public init() {}

    /// Every span ended so far.
    public var finishedSpans: [FinishedInMemorySpan] { recorder.finishedSpans }

    public func startSpan<Instant: TracerInstant>(
        _ operationName: String, context: @autoclosure () -> ServiceContext, ofKind kind: SpanKind, at instant: @autoclosure () -> Instant,
        function: String, file fileID: String, line: UInt
    ) -> InMemorySpan {
        recorder.startSpan(operationName, context: context(), ofKind: kind, at: instant(), function: function, file: fileID, line: line)
    }

    public func activeSpan(identifiedBy context: ServiceContext) -> InMemorySpan? { recorder.activeSpan(identifiedBy: context) }

    public func forceFlush() {}

    public func extract<Carrier, Extract: Extractor>(_ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract)
    where Extract.Carrier == Carrier {
        guard let header = extractor.extract(key: TraceParent.header, from: carrier), let parent = TraceParent(header) else { return }
        context.inMemorySpanContext = InMemorySpanContext(traceID: String(parent.traceId), spanID: String(parent.spanId), parentSpanID: nil)
    }

    public func inject<Carrier, Inject: Injector>(_ context: ServiceContext, into carrier: inout Carrier, using injector: Inject)
    where Inject.Carrier == Carrier {
        guard let span = context.inMemorySpanContext else { return }
        injector.inject("00-\(span.traceID)-\(span.spanID)-01", forKey: TraceParent.header, into: &carrier)
    }
}

/// `words` random 64-bit words in lowercase hex, never all zeros.
private func hex(_ words: Int) -> String {
    var generator = SystemRandomNumberGenerator()
    return (0..<words).map { word in
        let value = word == 0 ? generator.next() | 1 : generator.next() as UInt64
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }.joined()
}
