public import Foundation
public import Logging
import Messaging
import Synchronization

/// One JSON object per log line (`BATBERN_LOG_FORMAT=json`), for log
/// collectors that would otherwise have to parse `StreamLogHandler`'s text:
/// `{"time", "level", "message", "label", "worker", "metadata", "source"}`,
/// `worker` lifted out of the metadata (absent when the line has none).
/// Each line is written with a single `write`, so lines of concurrent tasks
/// do not interleave.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public let label: String
    private let output: @Sendable ([UInt8]) -> Void
    private let clock: @Sendable () -> Date

    /// Writes to `output`; the time comes from `clock`.
    public init(
        label: String, clock: @escaping @Sendable () -> Date = { Date() }, output: @escaping @Sendable ([UInt8]) -> Void
    ) {
        self.label = label
        self.clock = clock
        self.output = output
    }

    /// Writes to standard error.
    public static func standardError(label: String) -> JSONLogHandler {
        JSONLogHandler(label: label) { line in
            line.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = write(2, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                    if written < 0 && errno == EINTR { continue }
                    guard written > 0 else { return }
                    offset += written
                }
            }
        }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let explicit = event.metadata { merged.merge(explicit) { $1 } }
        let worker = merged.removeValue(forKey: "worker")
        var fields: [(String, String)] = [
            ("time", Self.quoted(MessageCoding.formatTimestamp(clock()))),
            ("level", Self.quoted(event.level.rawValue)),
            ("message", Self.quoted(event.message.description)),
            ("label", Self.quoted(label)),
        ]
        if let worker { fields.append(("worker", Self.json(worker))) }
        fields.append(("metadata", Self.json(.dictionary(merged))))
        fields.append(("source", Self.quoted(event.source)))
        output(Array(("{" + fields.map { "\(Self.quoted($0.0)):\($0.1)" }.joined(separator: ",") + "}\n").utf8))
    }

    /// A metadata value as JSON: strings stay strings, arrays and
    /// dictionaries nest (keys sorted, so equal metadata prints alike).
    static func json(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text): quoted(text)
        case .stringConvertible(let value): quoted(value.description)
        case .array(let values): "[" + values.map(json).joined(separator: ",") + "]"
        case .dictionary(let entries):
            "{" + entries.sorted { $0.key < $1.key }.map { "\(quoted($0.key)):\(json($0.value))" }.joined(separator: ",") + "}"
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7f:
                result +=
                    "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
