public import Logging
import Synchronization

/// Every line a worker logs, kept in memory, so a test can check what the
/// logs say (and what they must never say, such as personal data).
public final class CapturedLogs: Sendable {
    private let lines = Mutex<[String]>([])

    public init() {}

    /// Each line as level, message and metadata (`key=value`, sorted).
    public var all: [String] { lines.withLock { $0 } }

    /// The lines whose text contains `text`, ignoring case.
    public func containing(_ text: String) -> [String] {
        let needle = text.lowercased()
        return all.filter { $0.lowercased().contains(needle) }
    }

    /// A logger that writes here, at every level.
    public func logger(label: String) -> Logger {
        var logger = Logger(label: label) { _ in Handler(sink: self) }
        logger.logLevel = .trace
        return logger
    }

    fileprivate func append(_ line: String) {
        lines.withLock { $0.append(line) }
    }

    private struct Handler: LogHandler {
        let sink: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var metadataProvider: Logger.MetadataProvider?
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
            let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            sink.append("\(event.level) \(event.message) \(fields)")
        }
    }
}
