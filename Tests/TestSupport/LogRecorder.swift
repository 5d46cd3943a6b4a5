public import Logging
import Synchronization

/// What the workers of a test logged at `info` and above, kept so the test
/// can check what they said: no restart, no value of its input in any line.
/// Lines at the echo level and above also go to stderr, as without it.
public final class LogRecorder: Sendable {
    private let recorded = Mutex<[LoggedLine]>([])

    public init() {}

    /// Everything recorded so far, in order.
    public var lines: [LoggedLine] { recorded.withLock { $0 } }

    /// The lines (message and metadata) that contain `text`, ignoring case.
    public func containing(_ text: String) -> [String] {
        let needle = text.lowercased()
        return lines.map(\.text).filter { $0.lowercased().contains(needle) }
    }

    func record(_ line: LoggedLine) {
        recorded.withLock { $0.append(line) }
    }

    /// A logger whose lines this recorder keeps; those at `echo` and above
    /// are also written to stderr.
    public func logger(label: String, echo: Logger.Level) -> Logger {
        var logger = Logger(label: label) { label in
            RecordingLogHandler(label: label, recorder: self, echoLevel: echo)
        }
        logger.logLevel = min(.debug, echo)
        return logger
    }
}
