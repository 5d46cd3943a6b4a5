import Foundation
import Testing

/// Keeps ids in one form: only Identifier.swift may make or print a
/// Foundation `UUID`; everything else goes through `Identifier`, whose text is
/// lowercase.
@Suite struct SourceScanTests {
    static let sources: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Sources")
    }()

    static let allowed: Set<String> = ["Identifiers/Identifier.swift"]

    @Test func noUUIDIsMadeOrPrintedOutsideIdentifier() throws {
        let pattern = try Regex(#"uuidString|\bUUID\s*(\(|\.init\b)"#)
        let enumerator = try #require(FileManager.default.enumerator(atPath: Self.sources.path))
        var scanned = 0
        var offenders: [String] = []
        while let file = enumerator.nextObject() as? String {
            guard file.hasSuffix(".swift"), !Self.allowed.contains(file) else { continue }
            scanned += 1
            let text = try String(contentsOf: Self.sources.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains(pattern) {
                offenders.append("Sources/\(file):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(scanned > 50, "found only \(scanned) files under \(Self.sources.path)")
        #expect(offenders == [], "use Identifier instead:\n\(offenders.joined(separator: "\n"))")
    }
}
