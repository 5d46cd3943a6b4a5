public import Tracing

/// Hands a message's checked W3C context to a tracer's `extract`.
public struct TraceParentExtractor: Extractor {
    public init() {}

    public func extract(key: String, from carrier: TraceParent) -> String? {
        switch key.lowercased() {
        case TraceParent.header: carrier.traceparent
        case TraceParent.stateHeader: carrier.tracestate
        default: nil
        }
    }
}

/// Takes what a tracer's `inject` writes: the headers of a span's context.
public struct HeaderDictionaryInjector: Injector {
    public init() {}

    public func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) {
        carrier[key.lowercased()] = value
    }
}
