import Foundation
import Identifiers
import Testing

@testable import Messaging

/// The envelope's hand-written header is byte for byte what `JSONEncoder`
/// writes for the whole envelope, for any text a client may put in it.
@Suite struct EnvelopeEncodingTests {
    struct Payload: Codable, Sendable {
        var title: String
        var tags: [String]
        var when: Date
        var note: String?
        var nested: [String: Int]
    }

    @Test func theHeaderIsWrittenAsJSONEncoderWritesIt() throws {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<2_000 {
            let envelope = Envelope(
                aggregateId: Self.text(&generator), aggregateType: Self.text(&generator), eventType: Self.text(&generator),
                eventVersion: Int.random(in: -1_000_000...1_000_000, using: &generator),
                occurredAt: Date(timeIntervalSince1970: Double.random(in: 0...4_000_000_000, using: &generator)),
                data: Payload(
                    title: Self.text(&generator), tags: [Self.text(&generator), "a/b"], when: Date(),
                    note: round.isMultiple(of: 2) ? nil : Self.text(&generator), nested: ["z": 1, "a": 2, "é": 3]),
                correlationId: Identifier(), causationId: round.isMultiple(of: 3) ? nil : Identifier()
            )
            let expected = try MessageCoding.encode(envelope)
            let written = try envelope.encodedJSON()
            #expect(written == expected, "\(String(decoding: written, as: UTF8.self))")
        }
    }

    /// Short text drawn from what needs care: quotes, backslashes, every
    /// control character, DEL, slashes, line separators, accents, emoji.
    static func text(_ generator: inout SystemRandomNumberGenerator) -> String {
        let tricky: [Unicode.Scalar] = ["\"", "\\", "/", "\u{7f}", "\u{2028}", "\u{2029}", "é", "😀", "a", "Z", " ", "\u{fffd}"]
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...12, using: &generator) {
            if Bool.random(using: &generator) {
                scalars.append(Unicode.Scalar(UInt8.random(in: 0..<0x20, using: &generator)))
            } else if let pick = tricky.randomElement(using: &generator) {
                scalars.append(pick)
            }
        }
        return String(scalars)
    }
}
