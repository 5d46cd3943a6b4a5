/// A value in an AMQP field table (message headers, queue arguments ...).
public indirect enum AMQPValue: Sendable, Hashable {
    case bool(Bool)
    case int8(Int8)
    case uint8(UInt8)
    case int16(Int16)
    case uint16(UInt16)
    case int32(Int32)
    case uint32(UInt32)
    case int64(Int64)
    case uint64(UInt64)
    case float(Float)
    case double(Double)
    case decimal(scale: UInt8, value: UInt32)
    /// A long string. RabbitMQ sends every string header this way.
    case string(String)
    /// A long string that is not valid UTF-8, or an explicit byte array.
    case bytes([UInt8])
    /// Seconds since the epoch.
    case timestamp(UInt64)
    case table(AMQPTable)
    case array([AMQPValue])
    case void

    /// The value as an integer when it is any integer kind.
    public var intValue: Int? {
        switch self {
        case .int8(let v): Int(v)
        case .uint8(let v): Int(v)
        case .int16(let v): Int(v)
        case .uint16(let v): Int(v)
        case .int32(let v): Int(v)
        case .uint32(let v): Int(v)
        case .int64(let v): Int(v)
        case .uint64(let v): Int(exactly: v)
        case .timestamp(let v): Int(exactly: v)
        default: nil
        }
    }

    /// The value as a string when it is a string (or UTF-8 bytes).
    public var stringValue: String? {
        switch self {
        case .string(let s): s
        case .bytes(let b): String(validating: b, as: UTF8.self)
        default: nil
        }
    }
}

extension AMQPValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int64(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

/// An ordered AMQP field table. Order is kept because the wire format keeps it;
/// lookups by key are linear, which is right for the handful of entries
/// headers and arguments have.
public struct AMQPTable: Sendable, Hashable, ExpressibleByDictionaryLiteral, Sequence {
    public private(set) var entries: [(key: String, value: AMQPValue)]

    public init() { entries = [] }

    public init(dictionaryLiteral elements: (String, AMQPValue)...) {
        entries = []
        for (key, value) in elements { self[key] = value }
    }

    public subscript(key: String) -> AMQPValue? {
        get { entries.first { $0.key == key }?.value }
        set {
            if let index = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append((key, newValue))
            }
        }
    }

    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }

    public func makeIterator() -> IndexingIterator<[(key: String, value: AMQPValue)]> {
        entries.makeIterator()
    }

    public static func == (lhs: AMQPTable, rhs: AMQPTable) -> Bool {
        lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for (key, value) in entries {
            hasher.combine(key)
            hasher.combine(value)
        }
    }
}
