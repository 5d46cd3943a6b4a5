public import Foundation

/// JSON as it travels: ISO 8601 timestamps with milliseconds in UTC, keys
/// sorted so the same message always has the same bytes.
public enum MessageCoding {
    /// A new encoder, for a caller that changes its options.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(formatTimestamp(date))
        }
        return encoder
    }

    /// A new decoder, for a caller that changes its options.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parseTimestamp(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "expected an ISO 8601 timestamp"
                )
            }
            return date
        }
        return decoder
    }

    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        Array(try sharedEncoder.encode(value))
    }

    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try sharedDecoder.decode(T.self, from: Data(bytes))
    }

    /// The same for a part of a body (the envelope's `data` value).
    static func decode<T: Decodable>(_ type: T.Type, from bytes: ArraySlice<UInt8>) throws -> T {
        try sharedDecoder.decode(T.self, from: Data(bytes))
    }

    /// Made once: a coder per message cost a measurable share of a worker's
    /// CPU. Sharing is safe: Foundation's coders are `Sendable` (their
    /// options sit behind a lock, each call codes with state of its own), and
    /// these two are never handed out, so no caller changes their options.
    private static let sharedEncoder = encoder()
    private static let sharedDecoder = decoder()
}
