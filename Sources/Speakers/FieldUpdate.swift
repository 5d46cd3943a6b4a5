/// One field of a partial update, as JSON tells it: a key that is absent
/// leaves the field unchanged, an explicit `null` clears it, a value sets it.
/// (`Optional` cannot tell the first two apart.)
public enum FieldUpdate<Value: Codable & Sendable & Equatable>: Sendable, Equatable {
    case unchanged
    case clear
    case set(Value)

    /// The field's new value, given its current one.
    func applied(to current: Value?) -> Value? {
        switch self {
        case .unchanged: current
        case .clear: nil
        case .set(let value): value
        }
    }

    var isGiven: Bool { self != .unchanged }
}

extension KeyedDecodingContainer {
    func decodeUpdate<Value>(_: Value.Type, forKey key: Key) throws -> FieldUpdate<Value> {
        guard contains(key) else { return .unchanged }
        if try decodeNil(forKey: key) { return .clear }
        return .set(try decode(Value.self, forKey: key))
    }
}

extension KeyedEncodingContainer {
    mutating func encodeUpdate<Value>(_ update: FieldUpdate<Value>, forKey key: Key) throws {
        switch update {
        case .unchanged: break
        case .clear: try encodeNil(forKey: key)
        case .set(let value): try encode(value, forKey: key)
        }
    }
}
