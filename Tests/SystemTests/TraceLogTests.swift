import Foundation
import Identifiers
import KernelProbe
import Logging
import Messaging
import Synchronization
import TestSupport
import Testing
import Tracing
import WorkerHost

/// The worker's log lines about a message carry its trace: `trace_id` and
/// the handling span's `span_id`, here in the JSON format (BATBERN_LOG_FORMAT=json).
@Suite struct TraceLogTests {
    @Test func jsonLogLinesAboutAMessageCarryItsTraceAndSpan() async throws {
        let lines = Mutex<[String]>([])
        var logger = Logger(label: "trace-logs") { label in
            JSONLogHandler(label: label) { bytes in lines.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) } }
        }
        logger.logLevel = .debug
        let tracer = W3CRecordingTracer()
        let name = uniqueName("tr-log").replacingOccurrences(of: "-", with: "")
        let fixture = try await WorkerFixture.make(KernelProbe.definition(name: name), context: "probe")
        try await withTracer(tracer) { try await fixture.start(logger: logger) }
        let client = try await TestClient.connect()
        let root = TraceParent.root()
        let id = try await client.send(.command("Refuse", to: name), data: KernelProbe.Refuse(.init(n: 1)), headers: root.amqpHeaders)

        let about = { @Sendable in
            lines.withLock { $0 }.compactMap(Self.object).filter { Self.metadata($0)["message_id"] as? String == id.description }
        }
        try await eventually("a log line about \(id)", timeout: .seconds(30)) { !about().isEmpty }
        try await eventually("its span ended", timeout: .seconds(30)) { !tracer.finishedSpans.isEmpty }
        let span = try #require(tracer.finishedSpans.first)
        let line = try #require(about().first { $0["message"] as? String == "command rejected" })
        #expect(Self.metadata(line)["trace_id"] as? String == String(root.traceId))
        #expect(Self.metadata(line)["span_id"] as? String == span.spanID)
        await client.close()
        try await fixture.tearDown()
    }

    private static func object(_ line: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
    }

    private static func metadata(_ object: [String: Any]) -> [String: Any] { object["metadata"] as? [String: Any] ?? [:] }
}
