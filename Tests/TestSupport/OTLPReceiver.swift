import Foundation
import Synchronization

/// A real OTLP/HTTP trace receiver on loopback (Tests/python/otlp_receiver.py,
/// decoding with the `opentelemetry-proto` package): what a worker exports
/// arrives there as it would at a collector.
public final class OTLPReceiver: Sendable {
    public let port: Int
    private let output: URL
    private let process: Mutex<Process?>

    /// Starts the receiver on a free port and waits until it listens.
    public static func start() async throws -> OTLPReceiver {
        let port = Int.random(in: 400...599) * 100 + 18
        let output = FileManager.default.temporaryDirectory.appendingPathComponent(uniqueName("otlp") + ".jsonl")
        let running = Process()
        running.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        running.arguments = [
            "python3", TestServers.repositoryRoot.appendingPathComponent("Tests/python/otlp_receiver.py").path, String(port), output.path,
        ]
        running.standardOutput = FileHandle.nullDevice
        running.standardError = FileHandle.nullDevice
        try runWithStandardDescriptorsOnly(running)
        let receiver = OTLPReceiver(port: port, output: output, process: running)
        do {
            try await eventually("the OTLP receiver listens on port \(port)", timeout: .seconds(20), every: .milliseconds(50)) {
                guard running.isRunning else { throw TimedOut(what: "the OTLP receiver: it exited (port \(port) taken?)") }
                return loopbackConnection(port: port, timeout: .milliseconds(200)).map { close($0) } != nil
            }
        } catch {
            await receiver.stop()
            throw error
        }
        return receiver
    }

    private init(port: Int, output: URL, process: Process) {
        self.port = port
        self.output = output
        self.process = Mutex(process)
    }

    /// `OTEL_EXPORTER_OTLP_ENDPOINT` for a worker.
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    /// Every span received so far, as the receiver wrote it (one JSON object each).
    public var spans: [[String: Any]] {
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
    }

    /// The raw lines, for the README and for failure messages.
    public var lines: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }

    /// Stops the receiver: SIGTERM, then SIGKILL if it is still there after
    /// two seconds (a bounded wait, never `waitUntilExit`).
    public func stop() async {
        guard let running = process.withLock({ $0.take() }) else { return }
        running.terminate()
        try? await eventually("the OTLP receiver stopped", timeout: .seconds(2)) { !running.isRunning }
        if running.isRunning { kill(running.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: output)
    }
}
