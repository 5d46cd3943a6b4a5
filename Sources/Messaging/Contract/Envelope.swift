public import Foundation
public import Identifiers

/// The message envelope of the data architecture (`DomainEvent`), plus
/// correlation and causation, for events and commands alike (a command puts
/// its name in `eventType`).
///
/// `aggregateId` stays free text (a client may name its aggregate as it
/// likes), but one that is a UUID in any case is kept in its lowercase form,
/// so `ABC…` and `abc…` are one aggregate for ordering and locks.
public struct Envelope<Payload: Codable & Sendable>: Codable, Sendable {
    public var id: Identifier
    public var aggregateId: String
    public var aggregateType: String
    public var eventType: String
    public var eventVersion: Int
    public var occurredAt: Date
    public var data: Payload
    /// The first message of the conversation this one belongs to.
    public var correlationId: Identifier
    /// The message that caused this one; nil for messages from outside.
    public var causationId: Identifier?

    public init(
        id: Identifier = Identifier(), aggregateId: String, aggregateType: String, eventType: String,
        eventVersion: Int = 1, occurredAt: Date, data: Payload, correlationId: Identifier? = nil, causationId: Identifier? = nil
    ) {
        self.id = id
        self.aggregateId = AggregateIds.canonical(aggregateId)
        self.aggregateType = aggregateType
        self.eventType = eventType
        self.eventVersion = eventVersion
        self.occurredAt = occurredAt
        self.data = data
        self.correlationId = correlationId ?? id
        self.causationId = causationId
    }

    /// The header's fields as `EnvelopeHeader` reads them, then the data.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: EnvelopeHeader.Key.self)
        self.init(try EnvelopeHeader(container), data: try container.decode(Payload.self, forKey: .data))
    }

    /// A header read already (its aggregate id canonical) and its data.
    init(_ header: EnvelopeHeader, data: Payload) {
        id = header.id
        aggregateId = header.aggregateId
        aggregateType = header.aggregateType
        eventType = header.eventType
        eventVersion = header.eventVersion
        occurredAt = header.occurredAt
        self.data = data
        correlationId = header.correlationId
        causationId = header.causationId
    }
}

/// The envelope without its data: what the kernel reads before it knows
/// which payload type to decode. Its `aggregateId` is canonical as in `Envelope`.
public struct EnvelopeHeader: Codable, Sendable, Hashable {
    public var id: Identifier
    public var aggregateId: String
    public var aggregateType: String
    public var eventType: String
    public var eventVersion: Int
    public var occurredAt: Date
    public var correlationId: Identifier
    public var causationId: Identifier?

    public init(
        id: Identifier, aggregateId: String, aggregateType: String, eventType: String, eventVersion: Int,
        occurredAt: Date, correlationId: Identifier, causationId: Identifier?
    ) {
        self.id = id
        self.aggregateId = AggregateIds.canonical(aggregateId)
        self.aggregateType = aggregateType
        self.eventType = eventType
        self.eventVersion = eventVersion
        self.occurredAt = occurredAt
        self.correlationId = correlationId
        self.causationId = causationId
    }

    public init(from decoder: any Decoder) throws {
        try self.init(decoder.container(keyedBy: Key.self))
    }

    /// From the envelope's object, which the caller may read the data from
    /// too: `JSONDecoder` indexes an object's keys each time a container is
    /// made for it, once is enough.
    init(_ container: KeyedDecodingContainer<Key>) throws {
        id = try container.decode(Identifier.self, forKey: .id)
        aggregateId = AggregateIds.canonical(try container.decode(String.self, forKey: .aggregateId))
        aggregateType = try container.decode(String.self, forKey: .aggregateType)
        eventType = try container.decode(String.self, forKey: .eventType)
        eventVersion = try container.decode(Int.self, forKey: .eventVersion)
        occurredAt = try container.decode(Date.self, forKey: .occurredAt)
        correlationId = try container.decode(Identifier.self, forKey: .correlationId)
        causationId = try container.decodeIfPresent(Identifier.self, forKey: .causationId)
    }

    /// The envelope's keys: the header's and `data`.
    enum Key: String, CodingKey, CaseIterable {
        case id, aggregateId, aggregateType, eventType, eventVersion, occurredAt, correlationId, causationId, data
    }
}

/// A JSON value of any shape, for payloads read generically (tools, tests).
public enum JSONValue: Codable, Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var doubleValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }
}
