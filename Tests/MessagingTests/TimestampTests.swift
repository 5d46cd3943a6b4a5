import Foundation
import Identifiers
import Messaging
import Testing

/// Timestamps are read strictly: a day, hour or minute that does not exist
/// is refused, not rolled over into another time (2026-02-30T25:61 was read
/// as 2026-03-03T02:01).
@Suite struct TimestampTests {
    @Test(arguments: [
        "2026-12-01T10:00:00Z", "2026-12-01T10:00:00.123Z", "2026-12-01T11:00:00+01:00", "2024-02-29T23:59:59Z",
        "2026-12-31T23:59:59.999-12:00",
    ])
    func realTimestampsAreRead(text: String) {
        #expect(MessageCoding.parseTimestamp(text) != nil)
    }

    @Test func anOffsetIsApplied() throws {
        let zulu = try #require(MessageCoding.parseTimestamp("2026-12-01T10:00:00Z"))
        #expect(MessageCoding.parseTimestamp("2026-12-01T11:00:00+01:00") == zulu)
        #expect(MessageCoding.parseTimestamp("2026-12-01T10:00:00.500Z") == zulu.addingTimeInterval(0.5))
    }

    @Test(arguments: [
        "2026-02-30T10:00:00Z", "2026-02-29T10:00:00Z", "2026-13-01T10:00:00Z", "2026-00-10T10:00:00Z", "2026-12-00T10:00:00Z",
        "2026-12-32T10:00:00Z", "2026-12-01T24:00:00Z", "2026-12-01T25:00:00Z", "2026-12-01T10:60:00Z", "2026-12-01T10:00:61Z",
        "2026-02-30T25:61:00Z", "2026-12-01T10:00:00+24:00", "2026-12-01T10:00:00+01:60", "2026-12-01", "yesterday",
    ])
    func impossibleTimestampsAreRefused(text: String) {
        #expect(MessageCoding.parseTimestamp(text) == nil)
    }

    @Test func anEnvelopeWithAnImpossibleTimeDoesNotDecode() {
        let body = Array(
            """
            {"id":"\(Identifier())","aggregateId":"a","aggregateType":"Test","eventType":"Touch","eventVersion":1,\
            "occurredAt":"2026-02-30T25:61:00Z","data":{},"correlationId":"\(Identifier())"}
            """.utf8)
        #expect(throws: DecodingError.self) { try MessageCoding.decode(EnvelopeHeader.self, from: body) }
    }

    /// The hand-written format and parse agree with Foundation's ISO 8601
    /// style, which they replace on the hot path, from the Gregorian
    /// calendar's first whole year (before it, Foundation counts Julian days;
    /// RFC 3339 and we count Gregorian ones) to 9999, before 1970 too.
    @Test func agreesWithFoundationsISO8601Style() throws {
        var generator = SystemRandomNumberGenerator()
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
        for _ in 0..<5_000 {
            let date = Date(timeIntervalSince1970: Double.random(in: -12_211_000_000...253_402_000_000, using: &generator))
            let text = MessageCoding.formatTimestamp(date)
            #expect(text == date.formatted(style))
            let parsed = try #require(MessageCoding.parseTimestamp(text))
            let foundation = try style.parse(text)
            #expect(parsed == foundation, "\(text): \(parsed.timeIntervalSinceReferenceDate) vs \(foundation.timeIntervalSinceReferenceDate)")
        }
    }
}
