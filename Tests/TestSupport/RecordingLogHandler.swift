import Logging

/// Hands every line at `info` and above to a `LogRecorder`, and those at
/// `echoLevel` and above to stderr.
struct RecordingLogHandler: LogHandler {
    let label: String
    let recorder: LogRecorder
    let echoLevel: Logger.Level
    private var echo: StreamLogHandler
    var metadata: Logger.Metadata = [:] {
        didSet { echo.metadata = metadata }
    }
    var logLevel: Logger.Level = .info

    init(label: String, recorder: LogRecorder, echoLevel: Logger.Level) {
        self.label = label
        self.recorder = recorder
        self.echoLevel = echoLevel
        echo = StreamLogHandler.standardError(label: label)
        echo.logLevel = echoLevel
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        if event.level >= .info {
            let items = metadata.merging(event.metadata ?? [:]) { $1 }.sorted { $0.key < $1.key }
            let text = ([event.message.description] + items.map { "\($0.key)=\($0.value)" }).joined(separator: " ")
            recorder.record(LoggedLine(label: label, level: event.level, text: text))
        }
        if event.level >= echoLevel { echo.log(event: event) }
    }
}
