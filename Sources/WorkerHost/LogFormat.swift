public import Logging

/// How log lines are written to standard error (`BATBERN_LOG_FORMAT`):
/// `text` (swift-log's `StreamLogHandler`, the default) for a person at a
/// terminal, `json` (`JSONLogHandler`, one object per line) for a collector.
public enum LogFormat: String, CaseIterable, Sendable {
    case text, json

    /// A handler writing to standard error at `level`.
    public func standardErrorHandler(label: String, level: Logger.Level) -> any LogHandler {
        switch self {
        case .text:
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        case .json:
            var handler = JSONLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
