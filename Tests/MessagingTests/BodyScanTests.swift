import Testing

@testable import Messaging

/// The one walk over a body before decoding calls UTF-8 valid exactly what
/// the standard library does, wherever the bytes fall (in its eight-byte
/// stride or its byte loop), refuses lone surrogate escapes, and never
/// misses a possible NUL.
@Suite struct BodyScanTests {
    /// Bytes at the edges of UTF-8's ranges, and the ones the walk treats apart.
    static let edges: [UInt8] = [
        0x00, 0x22, 0x5C, 0x75, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF,
        0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF,
    ]

    /// `text` between `before` and `after` ASCII letters.
    static func padded(_ text: [UInt8], before: Int, after: Int) -> [UInt8] {
        Array(repeating: UInt8(ascii: "a"), count: before) + text + Array(repeating: UInt8(ascii: "b"), count: after)
    }

    static func agrees(_ sequence: [UInt8]) -> Bool {
        [(0, 0), (3, 9), (8, 1), (13, 16)].allSatisfy { before, after in
            let body = padded(sequence, before: before, after: after)
            return BodyScan(body).isUnicode == (String(validating: body, as: UTF8.self) != nil)
        }
    }

    @Test func utf8IsValidExactlyWhenTheStandardLibrarySaysSo() {
        var sequences: [[UInt8]] = [[]]
        for first in Self.edges {
            sequences.append([first])
            for second in Self.edges {
                sequences.append([first, second])
                for third in Self.edges {
                    sequences.append([first, second, third])
                    if first >= 0xF0, second >= 0x80, third >= 0x80 { sequences += Self.edges.map { [first, second, third, $0] } }
                }
            }
        }
        let disagreeing = sequences.filter { !Self.agrees($0) }
        #expect(disagreeing.count == 0, "for example \(disagreeing.prefix(5))")
        #expect(Self.agrees(Array("é🎤 ok €".utf8)))
    }

    @Test func aLoneSurrogateEscapeIsNoUnicodeAPairIs() {
        for (escape, isUnicode) in [
            (#"\ud800"#, false), (#"\uDC00"#, false), (#"\ud800x"#, false), (#"\udbff\u0041"#, false), (#"\ud800\ud800"#, false),
            (#"\ud83c\udfa4"#, true), (#"\\ud800"#, true), (#"\\\ud83c\udfa4"#, true), (#"\uzzzz"#, true), (#"\u00e9"#, true),
        ] {
            for (before, after) in [(0, 0), (5, 11), (9, 0)] {
                let body = Self.padded(Array(#"{"a":"\#(escape)"}"#.utf8), before: before, after: after)
                #expect(BodyScan(body).isUnicode == isUnicode, "\(escape) after \(before)")
            }
        }
    }

    @Test func whereverContainsNULFindsNULTheScanSaysMaybe() {
        let bodies = [
            #"{"a":"x\u0000"}"#, #"{"a\u0000":1}"#, #"["\\\u0000"]"#, #"{"a":"\\u0000"}"#, #"{"a":"u0000\\"}"#, #"{"a":"\"\u0041"}"#,
            #"{"long enough for a word":"\u0000"}"#, "{\"a\":\"\\\u{0}\"}", "{\"a\":\"\u{0}\"}", "{\"padding to a word\":\"\u{0}\"}",
        ].map { Array($0.utf8) }
        for body in bodies where InputChecks.containsNUL(body) {
            #expect(BodyScan(body).mayHoldNUL, "\(String(decoding: body, as: UTF8.self))")
        }
        #expect(bodies.filter(InputChecks.containsNUL).count == 7)
        #expect(!BodyScan(Array(#"{"name":"Acme AG","note":"\"quoted\" \u0041 é"}"#.utf8)).mayHoldNUL)
    }
}
