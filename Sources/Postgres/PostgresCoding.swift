public import Foundation
public import Identifiers

/// A value that can be sent as a query parameter (text format).
public protocol PostgresEncodable: Sendable {
    /// The parameter's type as sent to the server.
    static var postgresType: PostgresType { get }
    /// The text form, or nil for NULL.
    var postgresText: String? { get }
}

/// A value that can be read from a result column (text format).
public protocol PostgresDecodable {
    init(postgresText text: String, type: PostgresType) throws
}

public typealias PostgresCodable = PostgresEncodable & PostgresDecodable

struct DecodingFailure: Error {
    let reason: String
}

extension String: PostgresCodable {
    public static var postgresType: PostgresType { .text }
    public var postgresText: String? { self }
    public init(postgresText text: String, type: PostgresType) { self = text }
}

extension Int: PostgresCodable {
    public static var postgresType: PostgresType { .int8 }
    public var postgresText: String? { String(self) }
    public init(postgresText text: String, type: PostgresType) throws {
        guard let value = Int(text) else { throw DecodingFailure(reason: "not an integer") }
        self = value
    }
}

extension Int64: PostgresCodable {
    public static var postgresType: PostgresType { .int8 }
    public var postgresText: String? { String(self) }
    public init(postgresText text: String, type: PostgresType) throws {
        guard let value = Int64(text) else { throw DecodingFailure(reason: "not a bigint") }
        self = value
    }
}

extension Int32: PostgresCodable {
    public static var postgresType: PostgresType { .int4 }
    public var postgresText: String? { String(self) }
    public init(postgresText text: String, type: PostgresType) throws {
        guard let value = Int32(text) else { throw DecodingFailure(reason: "not an integer") }
        self = value
    }
}

extension Bool: PostgresCodable {
    public static var postgresType: PostgresType { .bool }
    public var postgresText: String? { self ? "t" : "f" }
    public init(postgresText text: String, type: PostgresType) throws {
        switch text {
        case "t", "true": self = true
        case "f", "false": self = false
        default: throw DecodingFailure(reason: "not a boolean")
        }
    }
}

extension Double: PostgresCodable {
    public static var postgresType: PostgresType { .float8 }
    public var postgresText: String? { "\(self)" }
    public init(postgresText text: String, type: PostgresType) throws {
        guard let value = Double(text) else { throw DecodingFailure(reason: "not a number") }
        self = value
    }
}

extension Decimal: PostgresCodable {
    public static var postgresType: PostgresType { .numeric }
    public var postgresText: String? { "\(self)" }
    public init(postgresText text: String, type: PostgresType) throws {
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
            throw DecodingFailure(reason: "not a numeric")
        }
        self = value
    }
}

/// uuid. The server writes lowercase; text from a text column may be in any case.
extension Identifier: PostgresCodable {
    public static var postgresType: PostgresType { .uuid }
    public var postgresText: String? { description }
    public init(postgresText text: String, type: PostgresType) throws {
        guard let value = Identifier(text) else { throw DecodingFailure(reason: "not a uuid") }
        self = value
    }
}

/// timestamptz. Connections run with `TimeZone=UTC` and `DateStyle=ISO`, so
/// the server's text is always `YYYY-MM-DD HH:MM:SS[.ffffff]+00`.
extension Date: PostgresCodable {
    public static var postgresType: PostgresType { .timestamptz }
    public var postgresText: String? { PostgresTimestamp.format(self) }
    public init(postgresText text: String, type: PostgresType) throws {
        guard let value = PostgresTimestamp.parse(text) else { throw DecodingFailure(reason: "not a timestamptz") }
        self = value
    }
}

/// A calendar date without time or zone (the `date` type).
public struct PostgresDate: Hashable, Sendable, Comparable, Codable, CustomStringConvertible, PostgresCodable {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`; nil for anything else or an impossible date.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...PostgresDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public var description: String {
        let y = String(year).leftPadded(to: 4)
        let m = String(month).leftPadded(to: 2)
        let d = String(day).leftPadded(to: 2)
        return "\(y)-\(m)-\(d)"
    }

    public static func < (lhs: PostgresDate, rhs: PostgresDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public static var postgresType: PostgresType { .date }
    public var postgresText: String? { description }
    public init(postgresText text: String, type: PostgresType) throws {
        guard let value = PostgresDate(text) else { throw DecodingFailure(reason: "not a date") }
        self = value
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = PostgresDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected a date written YYYY-MM-DD"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A jsonb value, kept as its JSON text.
public struct PostgresJSON: Hashable, Sendable, PostgresCodable {
    public var text: String
    public init(text: String) { self.text = text }

    /// Encodes a Codable value as JSON.
    public init<T: Encodable>(encoding value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        text = String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }

    public static var postgresType: PostgresType { .jsonb }
    public var postgresText: String? { text }
    public init(postgresText text: String, type: PostgresType) { self.text = text }
}

/// text[] (also decodes varchar[]). Every element is quoted on the way out,
/// so commas, quotes, braces, spaces, "NULL" and empty strings survive.
extension Array: PostgresEncodable where Element == String {
    public static var postgresType: PostgresType { .textArray }
    /// Escapes by byte, as the server parses the literal: a quote or
    /// backslash followed by a combining mark is one Character to Swift but
    /// still a quote or backslash to the server.
    public var postgresText: String? {
        var literal: [UInt8] = []
        literal.reserveCapacity(reduce(2) { $0 + $1.utf8.count + 3 })
        literal.append(UInt8(ascii: "{"))
        for (index, element) in enumerated() {
            if index > 0 { literal.append(UInt8(ascii: ",")) }
            literal.append(UInt8(ascii: "\""))
            // A quote or backslash is one byte in UTF-8 and never part of another character's bytes.
            for byte in element.utf8 {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { literal.append(UInt8(ascii: "\\")) }
                literal.append(byte)
            }
            literal.append(UInt8(ascii: "\""))
        }
        literal.append(UInt8(ascii: "}"))
        return String(decoding: literal, as: UTF8.self)
    }
}

extension Array: PostgresDecodable where Element == String {
    public init(postgresText text: String, type: PostgresType) throws {
        guard let parsed = PostgresArrayParser.parse(text) else { throw DecodingFailure(reason: "not a one-dimensional array") }
        guard parsed.allSatisfy({ $0 != nil }) else { throw DecodingFailure(reason: "array holds NULL elements") }
        self = parsed.compactMap { $0 }
    }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    public static var postgresType: PostgresType { Wrapped.postgresType }
    public var postgresText: String? { self?.postgresText }
}

/// A NULL whose type the server infers.
public struct PostgresNull: PostgresEncodable {
    public init() {}
    public static var postgresType: PostgresType { .unspecified }
    public var postgresText: String? { nil }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
