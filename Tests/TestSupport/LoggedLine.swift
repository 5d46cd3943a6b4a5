public import Logging

/// One line a worker logged, with its metadata rendered into the text.
public struct LoggedLine: Sendable {
    public let label: String
    public let level: Logger.Level
    /// The message, then `key=value` for each metadata item, sorted by key.
    public let text: String
}
