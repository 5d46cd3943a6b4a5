import Foundation
import Testing

@testable import Identifiers

/// The one identifier type: lowercase out, any case in, nothing but UUIDs.
@Suite struct IdentifierTests {
    static let lower = "0190f4d2-7c3a-7b1e-9f00-a1b2c3d4e5f6"

    @Test func parsesAnyCaseAndWritesLowercase() throws {
        let upper = try #require(Identifier(Self.lower.uppercased()))
        let mixed = try #require(Identifier("0190F4d2-7C3a-7b1E-9F00-A1b2C3d4E5f6"))
        let lower = try #require(Identifier(Self.lower))
        #expect(upper == lower && mixed == lower)
        #expect(upper.hashValue == lower.hashValue)
        #expect(upper.description == Self.lower)
        #expect("\(mixed)" == Self.lower)
        let fresh = Identifier()
        #expect(fresh.description == fresh.description.lowercased())
    }

    @Test(arguments: [
        "",
        "{0190f4d2-7c3a-7b1e-9f00-a1b2c3d4e5f6}",
        "urn:uuid:0190f4d2-7c3a-7b1e-9f00-a1b2c3d4e5f6",
        "0190f4d27c3a7b1e9f00a1b2c3d4e5f6",
        "0190f4d2-7c3a-7b1e-9f00-a1b2c3d4e5f",
        "0190f4d2-7c3a-7b1e-9f00-a1b2c3d4e5f6a",
        "0190f4d2-7c3a-7b1e-9f00-a1b2c3d4e5g6",
        "0190f4d2-7c3a-7b1e-9f00 a1b2c3d4e5f6",
        "0190f4d2+7c3a-7b1e-9f00-a1b2c3d4e5f6",
        "0190f4d-27c3a-7b1e-9f00-a1b2c3d4e5f6",
        " 0190f4d2-7c3a-7b1e-9f00-a1b2c3d4e5f",
        "0190f4d2-7c3a-7b1e-9f00-a1b2c3d4e5f\u{0663}",
        "\u{FF10}190f4d2-7c3a-7b1e-9f00-a1b2c3d4e5f6",
        "0190f4d2-7c3a-7b1e-9f00-a1b2c3d4e5é",
        "ada@example.ch",
    ])
    func rejectsWhatIsNotTheHexForm(text: String) {
        #expect(Identifier(text) == nil)
    }

    /// RFC 9562 §5.7: 48-bit Unix milliseconds, version 7, variant 10, random rest.
    @Test func newIdentifiersAreVersion7WithTheTimeInFront() throws {
        let before = UInt64(Date().timeIntervalSince1970 * 1000)
        let id = Identifier()
        let after = UInt64(Date().timeIntervalSince1970 * 1000)
        let bytes = id.bytes
        #expect(bytes[6] >> 4 == 7)
        #expect(bytes[8] >> 6 == 0b10)
        let milliseconds = bytes[0..<6].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        #expect((before...after).contains(milliseconds))
        #expect(Set((0..<1000).map { _ in Identifier() }).count == 1000)
    }

    @Test func version7LayoutForAKnownTimeAndRandomness() {
        var zeros = FixedGenerator(value: 0)
        var ones = FixedGenerator(value: .max)
        let moment = Date(timeIntervalSince1970: 1_700_000_000.123)
        #expect(Identifier(version7At: moment, using: &zeros).description == "018bcfe5-687b-7000-8000-000000000000")
        #expect(Identifier(version7At: moment, using: &ones).description == "018bcfe5-687b-7fff-bfff-ffffffffffff")
    }

    @Test func ordersByTheBytesAndSoByCreationTime() throws {
        let a = try #require(Identifier("00000000-0000-7000-8000-0000000000ff"))
        let b = try #require(Identifier("00000000-0000-7000-8000-000000000100"))
        let c = try #require(Identifier("FF000000-0000-7000-8000-000000000000"))
        #expect(a < b && b < c && !(b < a))
        #expect([c, a, b].sorted() == [a, b, c])
        var generator = SystemRandomNumberGenerator()
        let earlier = Identifier(version7At: Date(timeIntervalSince1970: 1_700_000_000), using: &generator)
        let later = Identifier(version7At: Date(timeIntervalSince1970: 1_700_000_000.001), using: &generator)
        #expect(earlier < later)
        // Byte order is the order of the lowercase text.
        let many = (0..<200).map { _ in Identifier(uuid: UUID()) }
        #expect(many.sorted().map(\.description) == many.map(\.description).sorted())
    }

    @Test func codableWritesLowercaseAndReadsAnyCase() throws {
        struct Holder: Codable, Equatable {
            var id: Identifier
            var other: Identifier?
        }
        let id = try #require(Identifier(Self.lower))
        let json = String(decoding: try JSONEncoder().encode(Holder(id: id, other: nil)), as: UTF8.self)
        #expect(json == #"{"id":"\#(Self.lower)"}"#)
        let upper = #"{"id":"\#(Self.lower.uppercased())","other":"\#(Self.lower)"}"#
        #expect(try JSONDecoder().decode(Holder.self, from: Data(upper.utf8)) == Holder(id: id, other: id))
        let round = try JSONDecoder().decode(Holder.self, from: JSONEncoder().encode(Holder(id: id, other: id)))
        #expect(round == Holder(id: id, other: id))
    }

    @Test func decodingSomethingElseIsACorruptDataErrorWithoutTheText() throws {
        struct Holder: Codable { var id: Identifier }
        let error = #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Holder.self, from: Data(#"{"id":"ada@example.ch"}"#.utf8))
        }
        guard case .dataCorrupted(let context)? = error else {
            Issue.record("expected dataCorrupted, got \(String(describing: error))")
            return
        }
        #expect(context.codingPath.map(\.stringValue) == ["id"])
        #expect(!context.debugDescription.contains("ada"))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Holder.self, from: Data(#"{"id":42}"#.utf8)) }
    }

    @Test func bridgesToFoundation() throws {
        let uuid = try #require(UUID(uuidString: Self.lower))
        #expect(Identifier(uuid: uuid).uuid == uuid)
        #expect(Identifier(uuid: uuid).description == Self.lower)
    }
}

/// Randomness that is always the same byte.
struct FixedGenerator: RandomNumberGenerator {
    let value: UInt64
    mutating func next() -> UInt64 { value }
}
