import Foundation
import Logging
import Synchronization
import Testing
import WorkerHost

/// `BATBERN_LOG_FORMAT=json`: each log line is one JSON object a collector
/// can read as it is, whatever the message or metadata hold.
@Suite struct JSONLogHandlerTests {
    /// Lines the handler wrote, as written.
    final class Sink: Sendable {
        let lines = Mutex<[String]>([])
        func write(_ bytes: [UInt8]) { lines.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) } }
    }

    static let noon = Date(timeIntervalSince1970: 1_780_000_000.25)

    static func logger(_ sink: Sink, level: Logger.Level = .info) -> Logger {
        var handler = JSONLogHandler(label: "batbern", clock: { noon }, output: sink.write)
        handler.logLevel = level
        return Logger(label: "batbern") { _ in handler }
    }

    static func object(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func aLineIsOneObjectWithTimeLevelMessageWorkerAndMetadata() throws {
        let sink = Sink()
        var logger = Self.logger(sink)
        logger[metadataKey: "worker"] = "speakers"
        logger.warning("lane failed", metadata: ["lane": "1", "attempts": .stringConvertible(3), "keys": ["a", "b"]])

        let lines = sink.lines.withLock { $0 }
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        #expect(line.hasSuffix("}\n") && line.dropLast().allSatisfy { $0 != "\n" }, "one line, ended by a newline")
        let object = try Self.object(line)
        #expect(object["level"] as? String == "warning")
        #expect(object["message"] as? String == "lane failed")
        #expect(object["time"] as? String == "2026-05-28T20:26:40.250Z")
        #expect(object["label"] as? String == "batbern")
        #expect(object["worker"] as? String == "speakers")
        let metadata = try #require(object["metadata"] as? [String: Any])
        #expect(metadata["lane"] as? String == "1")
        #expect(metadata["attempts"] as? String == "3")
        #expect(metadata["keys"] as? [String] == ["a", "b"])
        #expect(metadata["worker"] == nil, "the worker is a field of its own")
        #expect(Set(object.keys) == ["time", "level", "message", "label", "worker", "metadata", "source"])
    }

    @Test func quotesNewlinesAndControlCharactersStayInsideTheirString() throws {
        let sink = Sink()
        let logger = Self.logger(sink)
        let awkward = "say \"hi\"\\\n\t\r\u{1}\u{7f} é 🎉"
        logger.info("\(awkward)", metadata: [awkward: .dictionary(["inner": .string(awkward)])])

        let line = try #require(sink.lines.withLock { $0.first })
        #expect(line.filter { $0 == "\n" }.count == 1)
        let object = try Self.object(line)
        #expect(object["message"] as? String == awkward)
        let metadata = try #require(object["metadata"] as? [String: Any])
        #expect((metadata[awkward] as? [String: Any])?["inner"] as? String == awkward)
        #expect(object["worker"] == nil, "no worker, no field")
    }

    @Test func linesBelowTheLevelAreNotWritten() {
        let sink = Sink()
        let logger = Self.logger(sink, level: .notice)
        logger.info("quiet")
        logger.debug("quieter")
        logger.error("loud")
        #expect(sink.lines.withLock { $0.count } == 1)
    }

    @Test func theFormatIsReadByName() {
        #expect(LogFormat(rawValue: "json") == .json)
        #expect(LogFormat.allCases.map(\.rawValue) == ["text", "json"])
        #expect(LogFormat.json.standardErrorHandler(label: "x", level: .error) is JSONLogHandler)
        #expect(LogFormat.text.standardErrorHandler(label: "x", level: .error).logLevel == .error)
    }
}
