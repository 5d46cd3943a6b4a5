/// A checked W3C trace context: `traceparent`, and `tracestate` when it came with one.
///
/// Kept as header text, since the kernel mostly passes it on: a message's
/// context goes to the tracer (which makes the handling span its child) and,
/// when nothing records, on to what the handler publishes unchanged. Anything
/// that is not a valid `traceparent` is dropped (the message starts a new
/// trace), never parked for: tracing must not cost a message.
public struct TraceParent: Sendable, Hashable {
    /// The AMQP header names (W3C Trace Context, lowercase as the spec writes them).
    public static let header = "traceparent"
    public static let stateHeader = "tracestate"
    /// Longest `tracestate` passed on (32 members of the spec's usual size); a longer one is dropped.
    static let maximumStateLength = 512

    /// `00-<trace-id>-<parent-id>-<flags>`, lowercase.
    public let traceparent: String
    public let tracestate: String?

    /// Nil unless `traceparent` is valid: version 00 exactly, or a later one
    /// read as 00 (the spec's rule: its first four fields); ids lowercase hex,
    /// not all zeros. An invalid `tracestate` is dropped and the parent kept.
    public init?(_ traceparent: String, state: String? = nil) {
        var text = traceparent
        // Read in place: no copy of the header for a check that runs per message.
        guard let isVersionZero = text.withUTF8(Self.check) else { return nil }
        self.traceparent = isVersionZero ? traceparent : "00" + String(decoding: traceparent.utf8.dropFirst(2).prefix(53), as: UTF8.self)
        self.tracestate = state.flatMap { state in
            state.utf8.count <= Self.maximumStateLength && state.utf8.allSatisfy { (0x20...0x7E).contains($0) } ? state : nil
        }
    }

    /// Whether `bytes` is a valid `traceparent`, and of version 00 (nil when invalid).
    private static func check(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard bytes.count >= 55, bytes[2] == 0x2D, bytes[35] == 0x2D, bytes[52] == 0x2D else { return nil }
        guard isLowerHex(bytes[0]), isLowerHex(bytes[1]), !(bytes[0] == 0x66 && bytes[1] == 0x66) else { return nil }
        let isVersionZero = bytes[0] == 0x30 && bytes[1] == 0x30
        if isVersionZero {
            guard bytes.count == 55 else { return nil }
        } else if bytes.count > 55 {
            guard bytes[55] == 0x2D else { return nil }
        }
        let traceId = bytes[3..<35]
        let parentId = bytes[36..<52]
        guard traceId.allSatisfy(isLowerHex), parentId.allSatisfy(isLowerHex), bytes[53..<55].allSatisfy(isLowerHex),
            traceId.contains(where: { $0 != 0x30 }), parentId.contains(where: { $0 != 0x30 })
        else { return nil }
        return isVersionZero
    }

    /// The 32 hex digits all spans of the trace share.
    public var traceId: Substring { traceparent.dropFirst(3).prefix(32) }
    /// The 16 hex digits of the span this context names (the parent of a span started from it).
    public var spanId: Substring { traceparent.dropFirst(36).prefix(16) }

    /// A new trace (random ids, sampled), for a client starting a flow.
    public static func root() -> TraceParent {
        var generator = SystemRandomNumberGenerator()
        // The low bit set keeps each id from being all zeros.
        let traceId = hex(generator.next() | 1) + hex(generator.next())
        let spanId = hex(generator.next() | 1)
        // Valid by construction: lowercase hex of the right lengths, not all zeros.
        return TraceParent(unchecked: "00-\(traceId)-\(spanId)-01")
    }

    private init(unchecked traceparent: String) {
        self.traceparent = traceparent
        self.tracestate = nil
    }

    private static func isLowerHex(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte) }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
