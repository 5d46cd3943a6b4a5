import Foundation
import Tracing

/// One span per handled message: "<worker> handle <routing key>", the child
/// of the message's `traceparent` (or a new root), with the OpenTelemetry
/// messaging attributes and the outcome.
///
/// With the `NoOpTracer` (nothing bootstrapped, the default) it does nothing
/// at all: no span, no strings; each message's incoming context goes on
/// unchanged to what its handler publishes, so a trace started upstream
/// still reaches downstream workers that do record.
struct HandlingTracer: Sendable {
    let tracer: any Tracer
    let worker: String
    let records: Bool

    init(tracer: any Tracer, worker: String) {
        self.tracer = tracer
        self.worker = worker
        records = !(tracer is NoOpTracer)
    }

    /// Starts each delivery's span and makes its `trace` the span's own
    /// context, so what its handler publishes (and its log lines) name this
    /// span. Nil when nothing records.
    func start(_ deliveries: inout [IncomingDelivery]) -> [any Span]? {
        guard records else { return nil }
        return deliveries.indices.map { index in
            var context = ServiceContext.topLevel
            if let incoming = deliveries[index].trace {
                tracer.extract(incoming, into: &context, using: TraceParentExtractor())
            }
            let span = tracer.startSpan("\(worker) handle \(deliveries[index].routingKey)", context: context, ofKind: .consumer)
            var headers: [String: String] = [:]
            tracer.inject(span.context, into: &headers, using: HeaderDictionaryInjector())
            if let own = headers[TraceParent.header].flatMap({ TraceParent($0, state: headers[TraceParent.stateHeader]) }) {
                deliveries[index].trace = own
                deliveries[index].traceIsOwnSpan = true
            }
            return span
        }
    }

    /// Ends the spans of the deliveries at `indices` with their outcomes.
    func end(
        _ spans: [any Span]?, _ indices: [Int], _ deliveries: [IncomingDelivery], _ headers: [EnvelopeHeader?],
        _ outcomes: [MessageProcessor.Outcome], topology: Topology
    ) {
        guard let spans else { return }
        for (position, index) in indices.enumerated() {
            let span = spans[index]
            let delivery = deliveries[index]
            let header = headers[position]
            let (outcome, errorType) = Self.describe(outcomes[position], attempt: delivery.attempt, topology: topology)
            span.updateAttributes { attributes in
                attributes["messaging.system"] = "rabbitmq"
                attributes["messaging.operation"] = "process"
                attributes["messaging.operation.type"] = "process"
                attributes["messaging.destination.name"] = delivery.exchange
                attributes["messaging.rabbitmq.destination.routing_key"] = delivery.routingKey
                attributes["messaging.message.body.size"] = delivery.bodySize
                if let id = header?.id.description ?? delivery.messageId { attributes["messaging.message.id"] = id }
                if let correlation = header?.correlationId.description ?? delivery.correlationId {
                    attributes["messaging.message.conversation_id"] = correlation
                }
                attributes["batbern.outcome"] = outcome
                attributes["batbern.attempt"] = delivery.attempt
                if let errorType { attributes["error.type"] = errorType }
            }
            if errorType != nil, outcome != "rejected" { span.setStatus(SpanStatus(code: .error)) }
            span.end()
        }
    }

    /// The outcome as the span names it, and a reason code for `error.type`
    /// (never the error's text, which may quote the message).
    static func describe(_ outcome: MessageProcessor.Outcome, attempt: Int, topology: Topology) -> (String, String?) {
        switch outcome {
        case .handled(let effects):
            guard let rejection = effects.rejection else { return ("handled", nil) }
            return ("rejected", rejection.reason)
        case .duplicate:
            return ("duplicate", nil)
        case .failed:
            let next = ConsumerLane.nextStep(afterFailedAttempt: attempt, topology: topology)
            return (next.route == nil ? "parked" : "retried", ParkReason.handlerFailed.rawValue)
        case .park(let reason, _):
            return ("parked", reason.rawValue)
        case .dropped:
            return ("dropped", nil)
        }
    }
}
