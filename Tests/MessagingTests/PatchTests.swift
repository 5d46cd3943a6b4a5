import Foundation
import Messaging
import Testing

/// `Patch` tells absent, null and a value apart on the wire, both ways.
@Suite struct PatchTests {
    struct Probe: Codable, Equatable {
        var count: Patch<Int>
        var label: Patch<String>
    }

    func decode(_ json: String) throws -> Probe {
        try JSONDecoder().decode(Probe.self, from: Data(json.utf8))
    }

    func encode(_ probe: Probe) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(probe), as: UTF8.self)
    }

    @Test func absentNullAndAValueAreThreeStates() throws {
        #expect(try decode("{}") == Probe(count: .unchanged, label: .unchanged))
        #expect(try decode(#"{"count":null,"label":null}"#) == Probe(count: .clear, label: .clear))
        #expect(try decode(#"{"count":3,"label":"x"}"#) == Probe(count: .set(3), label: .set("x")))
    }

    @Test func encodingLeavesOutUnchangedAndWritesClearAsNull() throws {
        #expect(try encode(Probe(count: .unchanged, label: .unchanged)) == "{}")
        #expect(try encode(Probe(count: .clear, label: .set("x"))) == #"{"count":null,"label":"x"}"#)
        let probe = Probe(count: .clear, label: .unchanged)
        #expect(try decode(try encode(probe)) == probe)
    }

    @Test func aWrongTypeFailsDecoding() {
        #expect(throws: DecodingError.self) { try decode(#"{"count":"three"}"#) }
    }

    @Test func applyingAndMapping() {
        #expect(Patch<Int>.unchanged.applied(to: 1) == 1)
        #expect(Patch<Int>.clear.applied(to: 1) == nil)
        #expect(Patch<Int>.set(2).applied(to: 1) == 2)
        #expect(Patch<Int>.set(2).map { $0 * 10 } == .set(20))
        #expect(Patch<Int>.clear.map { $0 * 10 } == .clear)
        #expect(!Patch<Int>.unchanged.isGiven && Patch<Int>.clear.isGiven)
    }
}
