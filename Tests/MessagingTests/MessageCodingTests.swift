import Foundation
import Testing

@testable import Messaging

/// `encode` and `decode` share one coder each across every task of a
/// worker: many tasks at once get the bytes and values one alone gets.
@Suite struct MessageCodingTests {
    struct Payload: Codable, Equatable, Sendable {
        var name: String
        var at: Date
        var tags: [String: Int]
    }

    @Test func theSharedCodersGiveOneTaskAloneAnswersToManyAtOnce() async throws {
        let payloads = (0..<64).map { Payload(name: "n/\($0)é", at: Date(timeIntervalSince1970: Double($0) * 1_000.5), tags: ["b": $0, "a": -$0]) }
        let alone = try payloads.map { try MessageCoding.encoder().encode($0) }.map(Array.init)
        let together = try await withThrowingTaskGroup(of: (Int, [UInt8], Payload).self) { group in
            for (index, payload) in payloads.enumerated() {
                group.addTask {
                    let bytes = try MessageCoding.encode(payload)
                    return (index, bytes, try MessageCoding.decode(Payload.self, from: bytes))
                }
            }
            return try await group.reduce(into: [:]) { $0[$1.0] = ($1.1, $1.2) }
        }
        for (index, payload) in payloads.enumerated() {
            #expect(together[index]?.0 == alone[index])
            #expect(together[index]?.1 == payload)
        }
    }
}
