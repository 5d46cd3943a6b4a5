/// A member of a partial update, in three states, as JSON says them: absent
/// (`unchanged`), `null` (`clear`), or a value (`set`). An `Optional` folds
/// the first two together, so a command could never clear a field.
///
/// A `Codable` type's synthesized coding handles a `Patch` member through the
/// container overloads below: an absent key decodes as `unchanged`, and
/// `unchanged` is left out when encoding. A present value that is not a
/// `Value` fails decoding like any wrong type.
public enum Patch<Value> {
    case unchanged
    case clear
    case set(Value)

    /// The new value; nil for `unchanged` and `clear`.
    public var value: Value? {
        if case .set(let value) = self { return value }
        return nil
    }

    /// False only for `unchanged`.
    public var isGiven: Bool {
        if case .unchanged = self { return false }
        return true
    }

    /// The state after applying this patch to `current`.
    public func applied(to current: Value?) -> Value? {
        switch self {
        case .unchanged: current
        case .clear: nil
        case .set(let value): value
        }
    }

    /// The same state with the value transformed (a typed throw keeps a
    /// validation's `CommandRejection` typed).
    public func map<T, E: Error>(_ transform: (Value) throws(E) -> T) throws(E) -> Patch<T> {
        switch self {
        case .unchanged: .unchanged
        case .clear: .clear
        case .set(let value): .set(try transform(value))
        }
    }
}

extension Patch where Value: Equatable {
    /// Applies a patch of an optional field (a value of nil clears, like
    /// null) to `field`, and returns what an event reports: `unchanged`
    /// when the field keeps its value, else `clear` or `set`.
    public static func change(_ field: inout Value?, to patch: Patch<Value?>) -> Patch<Value> {
        let new: Value?
        switch patch {
        case .unchanged: return .unchanged
        case .clear: new = nil
        case .set(let value): new = value
        }
        guard new != field else { return .unchanged }
        field = new
        return new.map { .set($0) } ?? .clear
    }
}

extension Patch: Sendable where Value: Sendable {}
extension Patch: Equatable where Value: Equatable {}
extension Patch: Hashable where Value: Hashable {}

extension Patch: ExpressibleByUnicodeScalarLiteral where Value == String {
    public init(unicodeScalarLiteral value: String) { self = .set(value) }
}

extension Patch: ExpressibleByExtendedGraphemeClusterLiteral where Value == String {
    public init(extendedGraphemeClusterLiteral value: String) { self = .set(value) }
}

extension Patch: ExpressibleByStringLiteral where Value == String {
    public init(stringLiteral value: String) { self = .set(value) }
}

extension Patch: ExpressibleByIntegerLiteral where Value == Int {
    public init(integerLiteral value: Int) { self = .set(value) }
}

extension Patch: ExpressibleByBooleanLiteral where Value == Bool {
    public init(booleanLiteral value: Bool) { self = .set(value) }
}

extension Patch: Decodable where Value: Decodable {
    /// A bare `Patch` (not a keyed member) is `clear` for null, else `set`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self = container.decodeNil() ? .clear : .set(try container.decode(Value.self))
    }
}

extension Patch: Encodable where Value: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .unchanged, .clear: try container.encodeNil()
        case .set(let value): try container.encode(value)
        }
    }
}

extension KeyedDecodingContainer {
    /// Absent → `unchanged`, null → `clear`, a value → `set`.
    public func decode<Value: Decodable>(_ type: Patch<Value>.Type, forKey key: Key) throws -> Patch<Value> {
        guard contains(key) else { return .unchanged }
        if try decodeNil(forKey: key) { return .clear }
        return .set(try decode(Value.self, forKey: key))
    }
}

extension KeyedEncodingContainer {
    /// `unchanged` is left out, `clear` written as null.
    public mutating func encode<Value: Encodable>(_ value: Patch<Value>, forKey key: Key) throws {
        switch value {
        case .unchanged: break
        case .clear: try encodeNil(forKey: key)
        case .set(let value): try encode(value, forKey: key)
        }
    }
}
